import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startTestCms, type TestCms, type TestUser } from '../support/test-cms.js';
import type { StoredSection } from '../support/stored-section.js';
import { startCli, type RunningCli } from '../support/run-cli.js';
import { repoRoot } from '../../platform/paths.js';
import { importSources } from '../../content/import/sources.js';
import { isKbError } from '../../core/errors.js';
import { formatSourceMessage } from '../../core/source-message.js';
import { rawTagsOutsideCode } from '../../core/gramax-markup.js';
import { renderMirror } from '../../core/docs-tree-export.js';
import { generateTree } from '../support/generated-tree.js';

const EXAMPLE = resolve(repoRoot, '../shared/examples/gramax-tree');
const SEED = resolve(repoRoot, '../shared/seed/tapbot-docs-index.md');
const FIXTURES = resolve(repoRoot, 'tests/fixtures/trees');

let cms: TestCms;
let tmp: string;
let aigerim: TestUser;
let cto: TestUser;
before(async () => {
  cms = await startTestCms();
  tmp = await mkdtemp(join(tmpdir(), 'kb-tree-import-'));
  aigerim = await cms.createUser('student', 'Айгерим Сапарова');
  cto = await cms.createUser('cto', 'Кадырхан Ахметов');
});
after(async () => {
  await cms?.destroy();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

const quiet = { progress: null } as const;

async function stored(): Promise<StoredSection[]> {
  const response = await cms.api('GET', '/items/sections?limit=-1&sort=code&fields=*');
  assert.equal(response.status, 200, JSON.stringify(response.body));
  return response.body.data;
}

async function byCode(): Promise<Map<string, StoredSection>> {
  return new Map((await stored()).map((s) => [s.code, s]));
}

function parentCodeOf(section: StoredSection, all: Map<string, StoredSection>): string | null {
  if (!section.parent) return null;
  for (const s of all.values()) if (s.id === section.parent) return s.code;
  return '?';
}

function run(args: string[], env: NodeJS.ProcessEnv = {}): RunningCli {
  return startCli(cms, 'scripts/import.ts', args, { cwd: tmp, env });
}

/** A generated tree written as a folder (in the export's layout), its chapters renumbered from `firstChapter`. */
async function writeGeneratedTree(folder: string, count: number, seed: number, firstChapter: number): Promise<void> {
  const generated = generateTree({ sections: count, seed, bodyBytes: 300 });
  const idByCode = new Map(generated.map((g) => [g.code, g.id]));
  const shift = (code: string) => `${Number(code.slice(0, 2)) + firstChapter - 1}${code.slice(2)}`;
  const sections = generated.map((g) => ({
    id: g.id, code: shift(g.code), title: g.title, slug: null, parent: g.parentCode ? (idByCode.get(g.parentCode) ?? null) : null,
    status: g.status, owner: null, summary: g.summary, body: g.body || null, due_date: g.due_date, previous_codes: [], previous_paths: [], source: null,
  }));
  for (const file of renderMirror(sections, []).files) {
    await mkdir(join(folder, file.path, '..'), { recursive: true });
    await writeFile(join(folder, file.path), file.content);
  }
}

describe('docs tree import', () => {
  test('the example Gramax tree: sections by code, statuses, plain-markdown bodies, links between sections, the owner property', async () => {
    const log: string[] = [];
    const result = await importSources([{ path: EXAMPLE, label: 'gramax-tree' }], { client: cms.admin, log: (l) => log.push(l), ...quiet });
    assert.deepEqual(result.plan.counts, { create: 11, update: 0, unchanged: 0, conflict: 0 });
    const all = await byCode();
    const rows = [...all.values()].map((s) => [s.code, s.title, s.status, parentCodeOf(s, all), s.source]);
    assert.deepEqual(rows, [
      ['01', 'Обзор', 'published', null, './01-overview/README.md'],
      ['01.01', 'Цели', 'in_progress', '01', './01-overview/README.md#0101---цели--в-разработке'],
      ['01.01.01', 'Бизнес-цели', 'published', '01.01', './01-overview/README.md#010101---бизнес-цели'],
      ['01.01.02', 'Технические цели', 'planned', '01.01', './01-overview/README.md#010102---технические-цели--планирование'],
      ['01.02', 'Команда', 'published', '01', './01-overview/README.md#0102---команда--готово'],
      ['02', 'Платформа', 'published', null, './02-platform/README.md'],
      ['02.01', 'Хостинг', 'published', '02', './02-platform/02-01-hosting/README.md'],
      ['02.01.01', 'Основной сервер', 'published', '02.01', './02-platform/02-01-hosting/README.md#020101---основной-сервер'],
      ['02.01.02', 'Резервный сервер', 'in_progress', '02.01', './02-platform/02-01-hosting/README.md#020102---резервный-сервер--в-разработке'],
      ['02.02', 'Данные', 'published', '02', './02-platform/02-02-data/README.md'],
      ['02.02.01', 'PostgreSQL', 'in_progress', '02.02', './02-platform/02-02-data/README.md#020201---postgresql--в-процессе'],
    ]);
    assert.equal(all.get('01')?.body, '**Назначение:** Зачем существует продукт и кому он помогает.');
    assert.equal(all.get('01.01.01')?.body, 'Сократить время ответа клиенту до **5 минут**.');
    assert.equal(all.get('01.02')?.body, '| Роль | Кто |\n|------|-----|\n| CTO | Данияр |\n\nПодробности об инфраструктуре — в [разделе о платформе](/c/02/).');
    assert.equal(all.get('02')?.body, 'Обзор серверов и данных. См. [хостинг](/c/02.01/) и [данные](/c/02.02/).');
    assert.equal(all.get('02.01')?.body, '> **Внимание:** Доступ к серверам — только по SSH-ключам.');
    assert.equal(all.get('02.01.01')?.body, '```yaml\nСервер: app-1\nРоль: приложения\n```');
    assert.equal(all.get('02.01')?.owner, aigerim.id, 'the Gramax property «Ответственный: Айгерим» names one user');
    for (const section of all.values()) assert.deepEqual(rawTagsOutsideCode(section.body ?? ''), [], `${section.code} has no raw tag`);
    const text = log.join('\n');
    assert.match(text, /gramax-tree\/02-platform\/02-01-hosting\/backup\.sh: Не markdown: файл пропущен/);
    assert.match(text, /gramax-tree\/01-overview\/_index\.md:5: Компонент Gramax <view>/);
    assert.match(text, /Import plan for gramax-tree \(11 sections\):\n {2}create {5}11/);
  });

  test('a second run changes nothing', async () => {
    const before = await stored();
    const result = await importSources([{ path: EXAMPLE, label: 'gramax-tree' }], { client: cms.admin, ...quiet });
    assert.deepEqual(result.plan.counts, { create: 0, update: 0, unchanged: 11, conflict: 0 });
    assert.equal(result.applied, null);
    assert.deepEqual(await stored(), before);
  });

  test('a messier tree merges into what is stored: articles by file name or title, headings without codes, every status word, placeholders that yield', async () => {
    const before = await stored();
    const dry = await importSources([{ path: join(FIXTURES, 'messy'), label: 'messy' }], { client: cms.admin, dryRun: true, ...quiet });
    assert.deepEqual(dry.plan.counts, { create: 3, update: 10, unchanged: 0, conflict: 0 });
    assert.deepEqual(await stored(), before, 'the dry run wrote nothing');

    const log: string[] = [];
    await importSources([{ path: join(FIXTURES, 'messy'), label: 'messy' }], { client: cms.admin, log: (l) => log.push(l), ...quiet });
    const all = await byCode();
    const pick = (code: string) => {
      const s = all.get(code);
      return s && [s.title, s.status, parentCodeOf(s, all)];
    };
    assert.deepEqual(pick('01'), ['Основы проекта', 'review', null], 'status: 👀 На проверке in the front matter');
    assert.deepEqual(pick('01.01'), ['Видение', 'in_progress', '01'], '📝 В разработке, unescaped dots');
    assert.deepEqual(pick('01.01.02'), ['Ключевые метрики', 'planned', '01.01'], '\\[⏳ Планирование\\]');
    assert.deepEqual(pick('01.02'), ['Команда', 'published', '01'], 'code from the file name 01-02-komanda.md');
    assert.deepEqual(pick('01.03'), ['Глоссарий', 'published', '01'], 'code from the title, bare ✅ Готово');
    assert.deepEqual(pick('02'), ['Платформа', 'published', null], 'a folder without README does not replace a section');
    assert.deepEqual(pick('02.02.01'), ['VPN', 'in_progress', '02.02'], '🔄 В процессе');
    assert.deepEqual(pick('02.02.01.01'), ['WireGuard', 'published', '02.02.01'], 'four levels');
    assert.deepEqual(pick('02.02.02'), ['Firewall', 'planned', '02.02']);
    assert.equal(all.get('01.03')?.summary, 'Термины проекта', 'a summary in the front matter is imported');
    assert.equal(all.get('02.02')?.owner, aigerim.id);
    assert.match(all.get('01')?.body ?? '', /## Заметки без кода\n\nЭтот заголовок без кода остаётся в тексте раздела «Основы»\./);
    assert.ok(!all.has('01.09'), 'a heading inside a code block is not a section');
    assert.match(all.get('01.01.02')?.body ?? '', /^## 2024 - итоги года/, 'a year is not a code');
    assert.equal(
      all.get('02.01')?.body,
      'Схема: ![схема](./schema.png). Сеть — в [разделе о сетях](/c/02.02/), VPN — в\n[подразделе](/c/02.02.01/), цели — в\n[основах](/c/01.01.01/).\nСтарая ссылка [на удалённую статью](../old/removed.md) и [сайт](https://tapbot.kz).',
    );
    for (const section of all.values()) assert.deepEqual(rawTagsOutsideCode(section.body ?? ''), [], `${section.code} has no raw tag`);
    const text = log.join('\n');
    assert.match(text, /messy\/02-infra\/02-01-servery\/README\.md:8: Ссылка «\.\.\/old\/removed\.md» ведёт на файл, которого нет в дереве/);
    assert.match(text, /messy\/assets\/logo\.svg: Не markdown: файл пропущен/);
    assert.match(text, /messy\/01-osnovy\/README\.md:14: Метка Gramax \[tag:важно\] заменена текстом «важно»/);
  });

  test('a seed and a tree in one run give one section per code, the tree winning where both have it', async () => {
    const result = await importSources(
      [
        { path: SEED, label: 'seed.md' },
        { path: EXAMPLE, label: 'gramax-tree' },
      ],
      { client: cms.admin, ...quiet },
    );
    assert.equal(result.plan.counts.conflict, 0);
    const list = await stored();
    assert.equal(new Set(list.map((s) => s.code)).size, list.length, 'one section per code');
    const all = new Map(list.map((s) => [s.code, s]));
    assert.equal(all.get('01')?.title, 'Обзор', 'the tree, given later, wins');
    assert.equal(all.get('02.02')?.title, 'Данные');
    assert.equal(all.get('02.02')?.source, './02-platform/02-02-data/README.md');
    assert.equal(all.get('03')?.title, 'Software Stack', 'the seed fills what the tree lacks');
    assert.equal(all.get('01.03')?.title, 'Economics', 'the seed updates what the messy tree imported before');
    assert.equal(all.get('02.02.01.01')?.title, 'WireGuard', 'sections no source names stay');
    const again = await importSources(
      [
        { path: SEED, label: 'seed.md' },
        { path: EXAMPLE, label: 'gramax-tree' },
      ],
      { client: cms.admin, ...quiet },
    );
    assert.equal(again.applied, null, 'and a second run changes nothing');
  });

  test("an editor's change is a conflict, named in the plan; --force overwrites it", async () => {
    const hosting = (await byCode()).get('02.01') as StoredSection;
    const edited = await cms.api('PATCH', `/items/sections/${hosting.id}`, { token: cto.token, body: { body: 'Правка CTO' } });
    assert.equal(edited.status, 200, JSON.stringify(edited.body));
    const before = await stored();
    const log: string[] = [];
    const error = await importSources([{ path: join(FIXTURES, 'messy'), label: 'messy' }], { client: cms.admin, log: (l) => log.push(l), ...quiet }).then(
      () => assert.fail('a conflict must stop the import'),
      (e: unknown) => e,
    );
    assert.ok(isKbError(error, 'conflict'), String(error));
    assert.ok(log.some((l) => l.startsWith('  ! 02.01 «Хостинг» → «Серверы»: changed in Directus after its last import')), log.join('\n'));
    assert.deepEqual(await stored(), before, 'nothing was written');
    await importSources([{ path: join(FIXTURES, 'messy'), label: 'messy' }], { client: cms.admin, force: true, ...quiet });
    assert.equal((await byCode()).get('02.01')?.title, 'Серверы');
  });

  test('the progress bar is drawn on a terminal for long runs', async () => {
    const folder = join(tmp, 'progress-tree');
    await writeGeneratedTree(folder, 40, 11, 40);
    const drawn: string[] = [];
    const terminal = { isTTY: true, write: (chunk: string) => drawn.push(chunk) } as unknown as NodeJS.WriteStream;
    const result = await importSources([{ path: folder, label: 'progress-tree' }], { client: cms.admin, progress: terminal });
    const writes = result.plan.counts.create;
    assert.equal(writes, 40);
    assert.match(drawn.join(''), new RegExp(`\\[#{30}\\] ${writes}/${writes}`));
  });

  test('a run killed midway converges when started again', async () => {
    const folder = join(tmp, 'big-tree');
    // Chapters 50…57 keep the generated tree clear of the sections already stored.
    await writeGeneratedTree(folder, 600, 5, 50);
    const count = async () => (await cms.api('GET', '/items/sections?aggregate[count]=*')).body.data[0].count as number;
    const start = Number(await count());
    const first = run(['big-tree']);
    for (let i = 0; i < 600 && Number(await count()) < start + 150; i++) await new Promise((r) => setTimeout(r, 50));
    first.kill();
    await first.done;
    const killedAt = Number(await count()) - start;
    assert.ok(killedAt > 0 && killedAt < 600, `killed midway (${killedAt} of 600 written)`);

    // Directus may still finish the batch that was in flight when the client died; whatever it
    // stored by the time the second run plans is what that plan finds unchanged.
    const second = await run(['big-tree']).done;
    assert.equal(second.code, 0, second.stderr);
    const planned = /create {5}(\d+)\n {2}update {5}0\n {2}unchanged {2}(\d+)\n {2}conflict {3}0/.exec(second.stdout);
    assert.ok(planned, second.stdout);
    const [created, unchanged] = [Number(planned[1]), Number(planned[2])];
    assert.equal(created + unchanged, 600, 'every section is either there already or created');
    assert.ok(unchanged >= killedAt && created > 0, `the second run continued from what was stored (${unchanged} there, ${created} created)`);
    assert.equal(Number(await count()) - start, 600);
    const third = await run(['big-tree', '--dry-run']).done;
    assert.match(third.stdout, /create {5}0\n {2}update {5}0\n {2}unchanged {2}600\n {2}conflict {3}0/);
  });

  const malformed: { name: string; tree: string; file: string; line: number; message: RegExp; setup?: (dir: string) => Promise<void> }[] = [
    { name: 'broken YAML front matter', tree: 'bad-yaml', file: '07-dev/README.md', line: 3, message: /Front matter не читается как YAML .*исправьте синтаксис/ },
    { name: 'a code used by two files', tree: 'bad-duplicate', file: '07-dev/07-01-review.md', line: 2, message: /Код 07\.01 уже занят: bad\/07-dev\/07-01-process\/README\.md:2 \(«Процесс»\).*дайте этому разделу \(«Ревью кода»\) свободный код/ },
    { name: 'a code whose parent is missing', tree: 'bad-missing-parent', file: '07-dev/README.md', line: 7, message: /Раздел 07\.98\.01 «Сирота без родителя 07\.98»: родительского раздела 07\.98 нет ни в файле, ни в базе/ },
    {
      name: 'a cycle: a symlink back to a folder above',
      tree: 'bad-nesting',
      file: '07-dev/08-01-plan/loop',
      line: 0,
      message: /Цикл в дереве: символическая ссылка ведёт в папку «07-dev», внутри которой сама лежит.*Удалите ссылку/,
      setup: async (dir) => {
        await rm(join(dir, '07-dev/08-01-plan'), { recursive: true });
        await mkdir(join(dir, '07-dev/08-01-plan'));
        await symlink('..', join(dir, '07-dev/08-01-plan/loop'));
      },
    },
    { name: 'a file that is not UTF-8', tree: 'bad-encoding', file: '07-dev/07-01-process.md', line: 2, message: /Файл не в UTF-8: в строке 2 с байта 0xCF .*Windows-1251.*iconv/ },
    { name: 'a malformed .doc-root.yaml', tree: 'bad-doc-root', file: '.doc-root.yaml', line: 5, message: /\.doc-root\.yaml не читается как YAML/ },
    { name: 'the folder code and the title code disagree', tree: 'bad-code-mismatch', file: '07-dev/07-02-ci/README.md', line: 2, message: /Код 07\.03 в названии не совпадает с кодом 07\.02 из имени папки «07-02-ci»: исправьте название \(«title: 07\.02 - CI»\) или переименуйте папку/ },
    {
      name: 'an article without a number where no level is left for it',
      tree: 'bad-uncoded-too-deep',
      file: '07-dev/07-01-process/07-01-01-review/07-01-01-01-checklist/idei.md',
      line: 2,
      message: /Статье без номера «Идеи на потом» нельзя дать код под 07\.01\.01\.01: Раздел 07\.01\.01\.01 уже на 4-м уровне.*перенесите её выше по дереву/,
    },
    { name: 'an unknown status word', tree: 'bad-status', file: '07-dev/README.md', line: 3, message: /Неизвестный статус «🚧 Стройка» в поле status: допустимы ⏳ Запланировано/ },
    { name: 'a folder in the wrong chapter', tree: 'bad-nesting', file: '07-dev/08-01-plan/', line: 0, message: /Папка «08-01-plan» \(код 08\.01\) лежит в папке раздела 07: её имя должно начинаться с «07-NN-»/ },
    { name: 'an owner nobody has', tree: 'bad-owner', file: '07-dev/README.md', line: 2, message: /Ответственный «nobody@tapbot\.kz» раздела 07 не найден среди пользователей Directus/ },
  ];

  for (const bad of malformed) {
    test(`bad input is refused with file:line and nothing is written: ${bad.name}`, async () => {
      const dir = join(tmp, `case-${bad.tree}-${malformed.indexOf(bad)}`);
      await cp(join(FIXTURES, bad.tree), dir, { recursive: true });
      await bad.setup?.(dir);
      const before = await stored();
      const error = await importSources([{ path: dir, label: 'bad' }], { client: cms.admin, ...quiet }).then(
        () => assert.fail('a malformed tree must be refused'),
        (e: unknown) => e,
      );
      assert.ok(isKbError(error, 'bad-input'), String(error));
      const lines = error.messages.map(formatSourceMessage);
      const where = `bad/${bad.file}${bad.line > 0 ? `:${bad.line}` : ''}: `;
      const found = lines.find((line) => line.startsWith(where) && bad.message.test(line));
      assert.ok(found, `expected ${where}${bad.message}, got:\n${lines.join('\n')}`);
      assert.match(error.message, /nothing was imported/);
      assert.deepEqual(await stored(), before);
    });
  }

  test('a catalog as the team keeps it imports with no hand edits: overview headings, _index links, stubs, the Статус property', async () => {
    const result = await run([join(FIXTURES, 'team-catalog')]).done;
    assert.equal(result.code, 0, result.stderr + result.stdout);
    assert.match(result.stdout, /02-infra\/README\.md:7: Заголовок «02\\\.01 - Обзор инфраструктуры» — обзор раздела 02\.01, который описан в .*02-infra\/02-01-servers\/README\.md/);
    assert.doesNotMatch(result.stdout + result.stderr, /_index.*которого нет/, 'an _index link is a link to the folder\'s article');
    const all = await byCode();
    const at = (code: string) => all.get(code) as StoredSection;
    assert.equal(at('02.01').title, 'Серверная архитектура');
    assert.equal(at('02.01').status, 'published', 'Статус: Готово');
    assert.match(at('02.01').body ?? '', /Назад к \[обзору\]\(\/c\/02\/\)\./);
    assert.match(at('02').body ?? '', /## 02\\\.01 - Обзор инфраструктуры\n\nДва сервера .*\[в статье о серверах\]\(\/c\/02\.01\/\)/, 'the overview stays in the chapter as written, its links resolved');
    assert.equal(at('02.02').status, 'planned', 'empty front matter and no text: a stub, not ✅');
    assert.equal(at('03').status, 'in_progress', 'Статус: В работе');
    assert.equal(at('03.02').status, 'planned', 'a title and nothing else');
    assert.equal(at('03.01').status, 'published');
    assert.match(result.stdout, /Статус «Идея» из properties не сопоставлен/);
    // Codes for the unnumbered ones depend on what earlier tests stored: tree-import-uncoded.test.ts checks them.
    assert.match(result.stdout, /Codes for articles without a number:\n(?: {2}.* → .*\n)* {2}\.\/configs\/server1\/README\.md → \d{2}\.\d{2} «Сервер app-1»/);
    const runbook = [...all.values()].find((s) => s.source === './02-infra/runbook.md') as StoredSection;
    assert.equal(parentCodeOf(runbook, all), '02', 'an article without a number in chapter 02 is a section of 02');
  });

  test('the CLI takes several paths, prints problems with file:line and exits with 2 on bad input', async () => {
    await cp(join(FIXTURES, 'bad-duplicate'), join(tmp, 'cli-bad'), { recursive: true });
    const before = await stored();
    const bad = await run([SEED, 'cli-bad']).done;
    assert.equal(bad.code, 2, bad.stderr);
    assert.match(bad.stderr, /cli-bad\/07-dev\/07-01-review\.md:2: Код 07\.01 уже занят: cli-bad\/07-dev\/07-01-process\/README\.md:2/);
    assert.deepEqual(await stored(), before);

    const good = await run([SEED, EXAMPLE, '--dry-run']).done;
    assert.equal(good.code, 0, good.stderr);
    assert.match(good.stdout, new RegExp(`Import plan for ${SEED.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} \\+ `));
    assert.match(good.stdout, /Dry run: nothing was written\./);
  });
});
