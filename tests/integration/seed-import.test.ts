import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startTestCms, type TestCms } from '../support/test-cms.js';
import { repoRoot } from '../../platform/paths.js';
import { importSeed, importSeedIfEmpty } from '../../content/import/seed.js';
import { isKbError } from '../../core/errors.js';
import { formatSourceMessage } from '../../core/source-message.js';
import type { StoredSection } from '../support/stored-section.js';
import { runCli } from '../support/run-cli.js';

const SEED = resolve(repoRoot, '../shared/seed/tapbot-docs-index.md');

let cms: TestCms;
let tmp: string;
before(async () => {
  cms = await startTestCms();
  tmp = await mkdtemp(join(tmpdir(), 'kb-seed-import-'));
});
after(async () => {
  await cms?.destroy();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

interface Expected {
  code: string;
  title: string;
  level: number;
  status: string;
  source: string | null;
  parentCode: string | null;
}

const STATUS_LABELS: Record<string, string> = {
  '⏳ Запланировано': 'planned',
  '📝 В разработке': 'in_progress',
  '👀 На проверке': 'review',
  '✅ Готово': 'published',
  '🗄 В архиве': 'archived',
};

/**
 * The seed as a person reads it, written independently of core/seed-index.ts so the import is
 * checked against the file rather than against its own parser.
 */
async function expectedFromSeed(): Promise<Expected[]> {
  const text = await readFile(SEED, 'utf8');
  const sections: Expected[] = [];
  const linked = new Set<string>();
  for (const line of text.split('\n')) {
    const heading = /^(#{1,4}) (\d\d(?:\\?\.\d\d)*) - (.+)$/.exec(line);
    if (!heading) continue;
    const [, hashes = '', rawCode = '', rest = ''] = heading;
    const code = rawCode.replaceAll('\\', '');
    const parentCode = code.includes('.') ? code.slice(0, code.lastIndexOf('.')) : null;
    const tag = /^(.*?) \\\[(.+)\\\]$/.exec(rest);
    const link = /^\[(.+)\]\((.+)\)$/.exec(rest);
    let title: string;
    let status: string;
    let source: string | null = null;
    if (tag) {
      title = tag[1] ?? '';
      status = STATUS_LABELS[tag[2] ?? ''] ?? `unknown tag ${tag[2]}`;
    } else if (link) {
      title = link[1] ?? '';
      source = link[2] ?? null;
      status = 'published';
      linked.add(code);
    } else {
      title = rest;
      // An untagged heading takes the status of the written page it sits in.
      const ancestors = code.split('.').map((_, i, parts) => parts.slice(0, i + 1).join('.'));
      status = ancestors.some((c) => linked.has(c)) ? 'published' : 'in_progress';
    }
    sections.push({ code, title, level: hashes.length, status, source, parentCode });
  }
  return sections;
}


async function storedSections(): Promise<StoredSection[]> {
  const response = await cms.api('GET', '/items/sections?limit=-1&sort=code&fields=id,code,title,status,owner,body,parent,source,import_hash,imported_at,date_updated');
  assert.equal(response.status, 200, JSON.stringify(response.body));
  return response.body.data;
}

/** Every stored field of every section: what "the database is unchanged" is checked against. */
async function snapshot(): Promise<unknown[]> {
  const response = await cms.api('GET', '/items/sections?limit=-1&sort=code&fields=*');
  assert.equal(response.status, 200, JSON.stringify(response.body));
  return response.body.data;
}

async function sectionByCode(code: string): Promise<StoredSection> {
  const found = (await storedSections()).find((s) => s.code === code);
  assert.ok(found, `section ${code} is stored`);
  return found;
}

const quiet = { progress: null } as const;

async function tempFile(name: string, content: string | Buffer): Promise<string> {
  const path = join(tmp, name);
  await writeFile(path, content);
  return path;
}

describe('seed import', () => {
  test('the empty knowledge base gets the seed at start, section by section as the file has it', async () => {
    const expected = await expectedFromSeed();
    assert.equal(expected.length, 189, 'the test reads every heading of the seed');

    const log: string[] = [];
    const missing = await importSeedIfEmpty({ client: cms.admin, path: join(tmp, 'no-seed.md'), file: 'no-seed.md', log: (l) => log.push(l), ...quiet });
    assert.equal(missing.outcome, 'missing', 'start goes on without a seed file');
    assert.match(log.join('\n'), /the seed no-seed\.md is not there: starting without content/);
    assert.equal((await storedSections()).length, 0);

    const outcome = await importSeedIfEmpty({ client: cms.admin, path: SEED, log: (l) => log.push(l), ...quiet });
    assert.equal(outcome.outcome, 'imported');
    assert.ok(outcome.outcome === 'imported' && outcome.result.applied);
    assert.deepEqual(outcome.result.plan.counts, { create: 189, update: 0, unchanged: 0, conflict: 0 });
    assert.ok(log.includes('  create     189'), log.join('\n'));

    const stored = await storedSections();
    const byId = new Map(stored.map((s) => [s.id, s]));
    const depth = (s: StoredSection): number => (s.parent ? 1 + depth(byId.get(s.parent) as StoredSection) : 1);
    assert.deepEqual(stored.map((s) => s.code), expected.map((e) => e.code), 'exactly the seed codes, nothing invented');
    for (const [i, want] of expected.entries()) {
      const got = stored[i] as StoredSection;
      const parent = got.parent ? byId.get(got.parent) : null;
      assert.deepEqual(
        { code: got.code, title: got.title, level: depth(got), status: got.status, source: got.source, parentCode: parent?.code ?? null },
        want,
        `section ${want.code}`,
      );
      assert.equal(got.body ?? '', '', `${want.code} has no body in the seed`);
      assert.match(got.import_hash ?? '', /^[0-9a-f]{64}$/, `${want.code} remembers what was imported`);
      assert.ok(got.imported_at, `${want.code} has an import time`);
      assert.equal(got.owner, null, `${want.code} is nobody's yet: the seed names no owner, and the admin who imported it is not one`);
    }
    const counts = stored.reduce<Record<string, number>>((acc, s) => ({ ...acc, [s.status]: (acc[s.status] ?? 0) + 1 }), {});
    assert.deepEqual(counts, { in_progress: 118, published: 71 });

    const again = await importSeedIfEmpty({ client: cms.admin, path: SEED, ...quiet });
    assert.equal(again.outcome, 'not-empty', 'a knowledge base with content is left alone at start');
  });

  test('a second run changes nothing', async () => {
    const before = await snapshot();
    const log: string[] = [];
    const result = await importSeed({ client: cms.admin, path: SEED, log: (l) => log.push(l), ...quiet });
    assert.deepEqual(result.plan.counts, { create: 0, update: 0, unchanged: 189, conflict: 0 });
    assert.equal(result.applied, null);
    assert.ok(log.some((l) => l.startsWith('Nothing to change')), log.join('\n'));
    assert.deepEqual(await snapshot(), before, 'not even date_updated moved');
  });

  test('a changed file updates only what changed; a dry run writes nothing', async () => {
    const text = await readFile(SEED, 'utf8');
    const changed = await tempFile(
      'changed.md',
      text.replace('## 01\\.02 - Team \\[📝 В разработке\\]', '## 01\\.02 - Команда \\[👀 На проверке\\]\n\nКто за что отвечает.'),
    );
    const before = await snapshot();
    const dry = await importSeed({ client: cms.admin, path: changed, dryRun: true, ...quiet });
    assert.deepEqual(dry.plan.counts, { create: 0, update: 1, unchanged: 188, conflict: 0 });
    assert.deepEqual(await snapshot(), before, 'the dry run wrote nothing');

    const untouched = await sectionByCode('01.03');
    await importSeed({ client: cms.admin, path: changed, ...quiet });
    const team = await sectionByCode('01.02');
    assert.deepEqual({ title: team.title, status: team.status, body: team.body }, { title: 'Команда', status: 'review', body: 'Кто за что отвечает.' });
    assert.deepEqual(await sectionByCode('01.03'), untouched);

    await importSeed({ client: cms.admin, path: SEED, ...quiet });
    const back = await sectionByCode('01.02');
    assert.deepEqual({ title: back.title, status: back.status, body: back.body }, { title: 'Team', status: 'in_progress', body: null });
  });

  test("an editor's change is a conflict: not overwritten without --force, overwritten with it", async () => {
    const resources = await sectionByCode('02.02');
    const edited = await cms.api('PATCH', `/items/sections/${resources.id}`, { body: { title: 'Ресурсы серверов' } });
    assert.equal(edited.status, 200, JSON.stringify(edited.body));
    const before = await snapshot();

    const log: string[] = [];
    const refused = await importSeed({ client: cms.admin, path: SEED, log: (l) => log.push(l), ...quiet }).then(
      () => assert.fail('the import must refuse a plan with conflicts'),
      (error: unknown) => error,
    );
    assert.ok(isKbError(refused, 'conflict'), String(refused));
    assert.match(refused.message, /1 section was changed in Directus after its last import.*--force/s);
    assert.deepEqual(log.filter((l) => l.startsWith('  ! ')).map((l) => l.split(' ')[3]), ['02.02'], 'the one conflict is listed');
    assert.ok(log.includes('  conflict   1'), log.join('\n'));
    assert.ok(log.some((l) => l.startsWith('  ! 02.02 «Ресурсы серверов» → «Resources»: changed in Directus after its last import')), log.join('\n'));
    assert.equal((await sectionByCode('02.02')).title, 'Ресурсы серверов', 'the edit stays');
    assert.deepEqual(await snapshot(), before, 'nothing at all was written');

    const forced = await importSeed({ client: cms.admin, path: SEED, force: true, ...quiet });
    assert.deepEqual(forced.plan.counts, { create: 0, update: 1, unchanged: 188, conflict: 0 });
    assert.equal((await sectionByCode('02.02')).title, 'Resources');
    const settled = await importSeed({ client: cms.admin, path: SEED, ...quiet });
    assert.equal(settled.plan.counts.unchanged, 189, 'after --force the section counts as imported again');
  });

  test('a run stopped midway converges when started again', async () => {
    const extra = await tempFile('extra.md', `${(await readFile(SEED, 'utf8')).split('\n---\n\n## 📊')[0]}\n# 09 - Appendix\n\n## 09\\.01 - One\n\n## 09\\.02 - Two\n`);
    // As if the run had stopped after the chapter: write it alone, then import the whole file.
    const chapterOnly = await tempFile('chapter-only.md', '# 09 - Appendix\n');
    await importSeed({ client: cms.admin, path: chapterOnly, ...quiet });
    const resumed = await importSeed({ client: cms.admin, path: extra, ...quiet });
    assert.deepEqual(resumed.plan.counts, { create: 2, update: 0, unchanged: 190, conflict: 0 });
    assert.deepEqual((await importSeed({ client: cms.admin, path: extra, ...quiet })).plan.counts, { create: 0, update: 0, unchanged: 192, conflict: 0 });
    const two = await sectionByCode('09.02');
    assert.equal(two.parent, (await sectionByCode('09')).id);
  });

  const malformed: { name: string; content: string | Buffer; line: number; message: RegExp }[] = [
    { name: 'duplicate code', content: '# 01 - A\n\n## 01\\.01 - B\n\n## 01\\.01 - C\n', line: 5, message: /Код 01\.01 повторяется: строка 3 и строка 5/ },
    { name: 'missing parent', content: '# 01 - A\n\n### 01\\.02.01 - Сирота\n', line: 3, message: /родительский раздел 01\.02 не найден выше в файле/ },
    { name: 'unknown status tag', content: '# 01 - A\n\n## 01\\.01 - B \\[🚧 Непонятно\\]\n', line: 3, message: /Неизвестный статус «\\\[🚧 Непонятно\\\]» у раздела 01\.01/ },
    { name: 'heading depth differs from the code', content: '# 01 - A\n\n### 01\\.01 - B\n', line: 3, message: /Заголовок уровня 3 .* а код из 2 уровней/ },
    {
      name: 'not UTF-8 (Windows-1251)',
      content: Buffer.concat([Buffer.from('# 01 - A\n\n## 01\\.01 - '), Buffer.from([0xc3, 0xeb, 0xe0, 0xe2, 0xe0]), Buffer.from('\n')]),
      line: 3,
      message: /Файл не в UTF-8: в строке 3 с байта 0xC3 .*Windows-1251.*iconv/,
    },
    { name: 'UTF-16', content: Buffer.from('\uFEFF# 01 - A\n', 'utf16le'), line: 1, message: /не в UTF-8, а в UTF-16/ },
    { name: 'bad code format', content: '# 01 - A\n\n## 1.2 - B\n', line: 3, message: /Код «1\.2» неверен: нужен формат NN\.NN/ },
    { name: 'code deeper than 4 levels', content: '# 01 - A\n## 01\\.01 - B\n### 01\\.01.01 - C\n#### 01\\.01.01.01 - D\n##### 01\\.01.01.01.01 - E\n', line: 5, message: /слишком глубокий: 5 уровней/ },
    { name: 'heading without a title', content: '# 01 - A\n\n## 01\\.01\n', line: 3, message: /У раздела 01\.01 нет названия/ },
    { name: 'section after the trailer', content: '# 01 - A\n\n---\n\n## 01\\.02 - Поздно\n', line: 5, message: /стоит после конца оглавления/ },
    { name: 'unclosed front matter', content: '---\ntitle: x\n\n# 01 - A\n', line: 1, message: /front matter .* не закрыт/ },
    { name: 'no sections at all', content: 'Просто текст\n', line: 1, message: /не найдено ни одного раздела/ },
  ];

  for (const bad of malformed) {
    test(`bad input is refused with file:line and nothing is written: ${bad.name}`, async () => {
      const path = await tempFile(`${bad.name.replace(/\W+/g, '-')}.md`, bad.content);
      const before = await snapshot();
      const error = await importSeed({ client: cms.admin, path, file: 'bad.md', ...quiet }).then(
        () => assert.fail('a malformed seed must be refused'),
        (e: unknown) => e,
      );
      assert.ok(isKbError(error, 'bad-input'), String(error));
      const problem = error.messages.find((m) => m.file === 'bad.md' && m.line === bad.line && bad.message.test(m.message));
      assert.ok(problem, `expected bad.md:${bad.line}: ${bad.message}, got:\n${error.messages.map(formatSourceMessage).join('\n')}`);
      assert.match(error.message, /nothing was imported/);
      const after = await snapshot();
      assert.equal(after.length, before.length);
      assert.deepEqual(after, before);
    });
  }

  test('a missing file says so', async () => {
    await assert.rejects(importSeed({ client: cms.admin, path: join(tmp, 'nope.md'), file: 'nope.md', ...quiet }), /Cannot read nope\.md: there is no such file/);
  });

  test('the CLI prints the plan, and the problems of bad input with exit code 2', async () => {
    const run = (args: string[]) => runCli(cms, 'scripts/import.ts', args, { cwd: tmp });

    await tempFile('cli.md', '# 10 - CLI\n\n## 10\\.01 - [Первый](./10/README.md)\n\n### 10\\.01.01 - Вложенный\n');
    const first = await run(['cli.md']);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /Import plan for cli\.md \(3 sections\):\n {2}create {5}3\n {2}update {5}0\n {2}unchanged {2}0\n {2}conflict {3}0/);
    assert.match(first.stdout, /Imported cli\.md: created 3, updated 0/);
    assert.equal((await sectionByCode('10.01.01')).status, 'published');

    const dry = await run(['cli.md', '--dry-run']);
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /unchanged {2}3/);

    await tempFile('cli-bad.md', '# 10 - CLI\n\n## 10\\.01 - A\n\n## 10\\.01 - B\n\n### 10\\.05.01 - C\n');
    const before = await snapshot();
    const bad = await run(['cli-bad.md']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /cli-bad\.md:5: Код 10\.01 повторяется/);
    assert.match(bad.stderr, /cli-bad\.md:7: Раздел 10\.05\.01 «C»: родительский раздел 10\.05 не найден/);
    assert.deepEqual(await snapshot(), before);

    const missing = await run(['no-such.md']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /Cannot read no-such\.md: there is no such file/);

    const usage = await run([]);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /give at least one file or folder/);
  });
});
