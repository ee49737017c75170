import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startTestCms, type TestCms } from '../support/test-cms.js';
import type { StoredSection } from '../support/stored-section.js';
import { runCli, type CliResult } from '../support/run-cli.js';
import { repoRoot } from '../../platform/paths.js';

// The team's catalog with what has no number in it: the `configs/` folder (a server's README,
// its setup.sh and postgres_custom.conf, a restore article) and a runbook in chapter 02.
const CATALOG = resolve(repoRoot, 'tests/fixtures/trees/team-catalog');

let cms: TestCms;
let tmp: string;
let tree: string;
before(async () => {
  cms = await startTestCms();
  tmp = await mkdtemp(join(tmpdir(), 'kb-tree-uncoded-'));
  tree = join(tmp, 'team-catalog');
  await cp(CATALOG, tree, { recursive: true });
});
after(async () => {
  await cms?.destroy();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

async function stored(): Promise<StoredSection[]> {
  const response = await cms.api('GET', '/items/sections?limit=-1&sort=code&fields=*');
  assert.equal(response.status, 200, JSON.stringify(response.body));
  return response.body.data;
}

/** Source → [code, parent's code] of every stored section that has a source. */
async function places(): Promise<Map<string, [string, string | null]>> {
  const all = await stored();
  const codeOf = new Map(all.map((s) => [s.id, s.code]));
  return new Map(all.filter((s) => s.source).map((s) => [s.source as string, [s.code, s.parent ? (codeOf.get(s.parent) ?? '?') : null]]));
}

async function importTree(...more: string[]): Promise<CliResult> {
  const result = await runCli(cms, 'scripts/import.ts', ['team-catalog', ...more], { cwd: tmp });
  assert.equal(result.code, 0, result.stderr + result.stdout);
  return result;
}

const UNNUMBERED: [string, [string, string | null]][] = [
  ['./02-infra/runbook.md', ['02.03', '02']],
  ['./configs/README.md', ['04', null]],
  ['./configs/server1/README.md', ['04.01', '04']],
  ['./configs/server1/restore.md', ['04.01.01', '04.01']],
];

describe('docs tree import: folders and articles without a number', () => {
  let total = 0;

  test('each gets the next free code under its folder\'s section, and the plan says which', async () => {
    const result = await importTree();
    assert.match(
      result.stdout,
      /Codes for articles without a number:\n {2}\.\/02-infra\/runbook\.md → 02\.03 «Дежурство»\n {2}\.\/configs\/ → 04 «Конфигурации»\n {2}\.\/configs\/server1\/README\.md → 04\.01 «Сервер app-1»\n {2}\.\/configs\/server1\/restore\.md → 04\.01\.01 «Восстановление базы»\n/,
    );
    assert.match(result.stdout, /team-catalog\/configs\/server1\/setup\.sh: Не markdown: файл пропущен/);
    assert.match(result.stdout, /team-catalog\/configs\/server1\/postgres_custom\.conf: Не markdown: файл пропущен/);
    assert.doesNotMatch(result.stdout, /setup\.sh» ведёт на файл, которого нет/, 'a link to the script beside the article is not broken');

    const now = await places();
    for (const [source, place] of UNNUMBERED) assert.deepEqual(now.get(source), place, source);
    assert.deepEqual(now.get('./02-infra/02-01-servers/README.md'), ['02.01', '02'], 'the numbered ones keep their numbers');
    assert.deepEqual(now.get('./03-bots/03-03-ideas/README.md'), ['03.03', '03']);

    const all = new Map((await stored()).map((s) => [s.code, s]));
    total = all.size;
    const at = (code: string) => all.get(code) as StoredSection;
    assert.equal(at('04').title, 'Конфигурации', 'the title from configs/_index.md');
    assert.equal(at('04').status, 'in_progress', 'a folder with written articles below it');
    assert.equal(at('04.01').status, 'published', 'Статус: Готово');
    assert.match(at('04.01').body ?? '', /^Основной сервер приложений.*\n\n## Порядок установки\n\n1\. Создать/s);
    assert.match(at('04.01').body ?? '', /\[скрипт установки\]\(\.\/setup\.sh\)/);
    assert.match(at('04.01').body ?? '', /см\. \[восстановление\]\(\/c\/04\.01\.01\/\)\.$/);
    assert.match(at('02.03').body ?? '', /- проверить \[app-1\]\(\/c\/04\.01\/\) по SSH;\n- если база не поднимается — \[восстановление\]\(\/c\/04\.01\.01\/\);/, 'links to articles without a number name their real codes');
    assert.match(at('02.03').body ?? '', /### Без номера внутри статьи\n\nЭтот заголовок без кода остаётся текстом раздела\.$/);
    for (const section of all.values()) {
      assert.match(section.code, /^\d{2}(\.\d{2})*$/, 'no provisional code reached Directus');
      assert.doesNotMatch(section.body ?? '', /\/c\/~/, `${section.code}: no link to a provisional code`);
    }
  });

  test('a re-import finds every section unchanged, with the same codes', async () => {
    const before = await stored();
    const result = await importTree();
    // The folder without an article never updates its section, so it is not in the plan once made.
    assert.match(result.stdout, new RegExp(`create {5}0\\n {2}update {5}0\\n {2}unchanged {2}${total - 1}\\n {2}conflict {3}0`), result.stdout);
    assert.doesNotMatch(result.stdout, /Codes for articles without a number:/);
    assert.match(result.stdout, /\(4 articles without a number keep the code given before, found by their source path\)/);
    assert.match(result.stdout, /Nothing to change/);
    assert.deepEqual(await stored(), before);
  });

  test('sections added in Directus and in the tree meanwhile change no code given before; new articles take the next free ones', async () => {
    const chapter02 = (await stored()).find((s) => s.code === '02') as StoredSection;
    for (const body of [{ title: 'Мониторинг', parent: chapter02.id }, { title: 'Безопасность' }]) {
      const created = await cms.api('POST', '/items/sections', { body });
      assert.equal(created.status, 200, JSON.stringify(created.body));
    }
    const codes = new Set((await stored()).map((s) => s.code));
    assert.ok(codes.has('02.04') && codes.has('05'), 'Directus gave the hand-made sections 02.04 and 05');

    const again = await importTree();
    assert.match(again.stdout, new RegExp(`create {5}0\\n {2}update {5}0\\n {2}unchanged {2}${total - 1}\\n`), again.stdout);
    let now = await places();
    for (const [source, place] of UNNUMBERED) assert.deepEqual(now.get(source), place, `${source} after sections were added in Directus`);

    await mkdir(join(tree, 'configs/server2'));
    await writeFile(join(tree, 'configs/server2/README.md'), '---\ntitle: Сервер app-2\n---\n\nРезервный сервер: реплика базы с app-1, бот поднимается на нём вручную.\n');
    await writeFile(join(tree, '02-infra/incidents.md'), '---\ntitle: Разбор инцидентов\n---\n\nКаждый инцидент — заметка в течение суток: что случилось, почему, что меняем.\n');
    const grown = await importTree();
    assert.match(grown.stdout, /Codes for articles without a number:\n {2}\.\/02-infra\/incidents\.md → 02\.05 «Разбор инцидентов»\n {2}\.\/configs\/server2\/README\.md → 04\.02 «Сервер app-2»\n {2}\(4 articles without a number keep the code given before/);
    assert.match(grown.stdout, /create {5}2\n {2}update {5}0\n {2}unchanged {2}/);
    now = await places();
    for (const [source, place] of UNNUMBERED) assert.deepEqual(now.get(source), place, `${source} after articles were added to the tree`);
    assert.deepEqual(now.get('./02-infra/incidents.md'), ['02.05', '02'], 'after the 02.04 made in Directus');
    assert.deepEqual(now.get('./configs/server2/README.md'), ['04.02', '04']);

    const last = await importTree('--dry-run');
    assert.match(last.stdout, /create {5}0\n {2}update {5}0\n/);
    assert.match(last.stdout, /\(6 articles without a number keep the code given before/);
  });
});
