import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { codeFromName, parseDocsTree, type TreeSection } from './docs-tree.js';
import { formatSourceMessage } from './source-message.js';

const DOC_ROOT = 'title: t\nsyntax: GitHub Flavored Markdown\n';

function tree(files: Record<string, string>, extra: { otherFiles?: string[]; docRoot?: string | null } = {}) {
  const folders = new Set<string>();
  for (const path of Object.keys(files)) {
    const parts = path.split('/');
    for (let i = 1; i < parts.length; i++) folders.add(parts.slice(0, i).join('/'));
  }
  return parseDocsTree({
    files: Object.entries(files).map(([path, text]) => ({ path, text })),
    folders: [...folders],
    otherFiles: extra.otherFiles ?? [],
    docRoot: extra.docRoot === undefined ? DOC_ROOT : extra.docRoot,
    label: 'tree',
  });
}

function byCode(sections: TreeSection[]): Map<string, TreeSection> {
  return new Map(sections.map((s) => [s.code, s]));
}

const fields = (s: TreeSection | undefined) => s && { title: s.title, status: s.status, body: s.body, source: s.source, parentCode: s.parentCode };

describe('codeFromName', () => {
  test('reads the code at the start of folder and file names', () => {
    assert.deepEqual(codeFromName('02-01-hosting'), { code: '02.01', rest: 'hosting' });
    assert.deepEqual(codeFromName('02'), { code: '02', rest: '' });
    assert.deepEqual(codeFromName('02-01-2024-plans'), { code: '02.01', rest: '2024-plans' });
    assert.deepEqual(codeFromName('02-01-05-monitoring.md', true), { code: '02.01.05', rest: 'monitoring' });
    assert.equal(codeFromName('assets'), null);
    assert.equal(codeFromName('glossary.md', true), null);
  });
});

describe('parseDocsTree', () => {
  test('an article is its folder\'s section; its numbered headings are sections placed by code, with the text under them', () => {
    const parsed = tree({
      '02-platform/README.md': '---\ntitle: 02 - Платформа\n---\n\nОбзор.\n\n## Без кода\n\nОстаётся в тексте.\n',
      '02-platform/02-01-hosting/README.md': [
        '---',
        'title: 02.01 - Хостинг',
        '---',
        '',
        'Вводный текст.',
        '',
        '## 02\\.01.01 - Основной сервер',
        '',
        '```md',
        '## 02.01.09 - в коде, не раздел',
        '```',
        '',
        '## 02.01.02 - Резервный \\[📝 В разработке\\]',
        '',
        '### 02\\.01.02.01 - Диск ⏳ Планирование',
        '',
        '#### Детали',
        'Текст.',
        '## 02.01.03 - PostgreSQL 🔄 В процессе',
      ].join('\n'),
    });
    assert.deepEqual(parsed.problems, []);
    const sections = byCode(parsed.sections);
    assert.deepEqual([...sections.keys()], ['02', '02.01', '02.01.01', '02.01.02', '02.01.02.01', '02.01.03']);
    assert.deepEqual(fields(sections.get('02')), { title: 'Платформа', status: 'published', body: 'Обзор.\n\n## Без кода\n\nОстаётся в тексте.', source: './02-platform/README.md', parentCode: null });
    assert.deepEqual(fields(sections.get('02.01')), { title: 'Хостинг', status: 'published', body: 'Вводный текст.', source: './02-platform/02-01-hosting/README.md', parentCode: '02' });
    const main = sections.get('02.01.01');
    assert.equal(main?.status, 'published', 'an untagged heading takes the status of the written page it sits in');
    assert.equal(main?.body, '```md\n## 02.01.09 - в коде, не раздел\n```');
    assert.equal(main?.line, 7);
    assert.equal(main?.file, 'tree/02-platform/02-01-hosting/README.md');
    assert.match(main?.source ?? '', /^\.\/02-platform\/02-01-hosting\/README\.md#020101---/);
    assert.equal(sections.get('02.01.02')?.status, 'in_progress');
    assert.deepEqual(fields(sections.get('02.01.02.01')), {
      title: 'Диск',
      status: 'planned',
      body: '#### Детали\nТекст.',
      source: sections.get('02.01.02.01')?.source ?? null,
      parentCode: '02.01.02',
    });
    assert.equal(sections.get('02.01.03')?.status, 'in_progress');
  });

  test('a status in the front matter wins and passes to the untagged headings of the article', () => {
    const parsed = tree({ '01-a/README.md': '---\ntitle: 01 - A\nstatus: 👀 На проверке\n---\n## 01.01 - B\n## 01.02 - C ✅ Готово\n' });
    const sections = byCode(parsed.sections);
    assert.deepEqual([sections.get('01')?.status, sections.get('01.01')?.status, sections.get('01.02')?.status], ['review', 'review', 'published']);
  });

  test('articles other than README take their code from the title or the file name', () => {
    const parsed = tree({
      '01-a/README.md': '---\ntitle: 01 - A\n---\n',
      '01-a/01-02-team.md': '---\ntitle: Команда\nsummary: Кто есть кто\n---\nТекст',
      '01-a/glossary.md': '---\ntitle: 01\\.03 - Глоссарий\n---\n',
    });
    assert.deepEqual(parsed.problems, []);
    const sections = byCode(parsed.sections);
    assert.deepEqual(fields(sections.get('01.02')), { title: 'Команда', status: 'published', body: 'Текст', source: './01-a/01-02-team.md', parentCode: '01' });
    assert.deepEqual(sections.get('01.02')?.extras, { summary: 'Кто есть кто' });
    assert.equal(sections.get('01.03')?.title, 'Глоссарий');
  });

  test('relative links between articles become links between sections; a heading anchor leads to its section', () => {
    const parsed = tree({
      '01-a/README.md': '---\ntitle: 01 - A\n---\nСм. [B](../02-b/README.md), [папку](../02-b/), [сервер](../02-b/README.md#0201---сервер), [якорь](#0101---внутри), [нет](./missing.md), [сайт](https://x.kz), [сюда](/c/02/), [картинка](./pic.png)\n## 01.01 - Внутри\n',
      '02-b/README.md': '---\ntitle: 02 - B\n---\n[назад](../01-a/README.md#раздел)\n## 02.01 - Сервер\n',
    }, { otherFiles: ['01-a/pic.png'] });
    const sections = byCode(parsed.sections);
    assert.equal(
      sections.get('01')?.body,
      'См. [B](/c/02/), [папку](/c/02/), [сервер](/c/02.01/), [якорь](/c/01.01/), [нет](./missing.md), [сайт](https://x.kz), [сюда](/c/02/), [картинка](./pic.png)',
    );
    assert.equal(sections.get('02')?.body, '[назад](/c/01/#раздел)');
    assert.deepEqual(parsed.warnings.map(formatSourceMessage), ['tree/01-a/README.md:4: Ссылка «./missing.md» ведёт на файл, которого нет в дереве: оставлена как есть — исправьте путь']);
  });

  test('a folder without an article is a placeholder that yields to any other source of its code', () => {
    const parsed = tree({
      '03-ops/_index.md': '---\ntitle: 03 - Эксплуатация\norder: 3\n---\n\n<view defs="hierarchy=none"/>\n',
      '03-ops/03-01-backup/README.md': '---\ntitle: 03.01 - Бэкап\n---\n',
      '04-dev/README.md': '---\ntitle: 04 - Разработка\n---\n',
      '04-dev/_index.md': '---\ntitle: 04-dev\n---\n\n<view/>\n',
    });
    const sections = byCode(parsed.sections);
    assert.deepEqual({ ...fields(sections.get('03')), weak: sections.get('03')?.weak }, { title: 'Эксплуатация', status: 'planned', body: '', source: './03-ops/README.md', parentCode: null, weak: true }, 'no text in it or below it: a stub');
    assert.equal(sections.get('04')?.weak, undefined);
    assert.ok(parsed.warnings.some((w) => w.file === 'tree/03-ops/_index.md' && /нет README\.md: раздел 03 «Эксплуатация»/.test(w.message)));
    assert.ok(parsed.warnings.some((w) => w.file === 'tree/03-ops/_index.md' && w.line === 6 && /<view>/.test(w.message)));
  });

  test('an index heading that links to an article is the same section, not a duplicate', () => {
    const parsed = tree({
      'README.md': '---\ntitle: Индекс\n---\n# 01 - [A](./01-a/README.md)\n## 01\\.02 - Вне статьи \\[📝 В разработке\\]\n',
      '01-a/README.md': '---\ntitle: 01 - A\n---\nТекст A',
    });
    assert.deepEqual(parsed.problems, []);
    assert.deepEqual(parsed.sections.map((s) => `${s.code} ${s.title} ${s.status}`).sort(), ['01 A published', '01.02 Вне статьи in_progress']);
    assert.equal(byCode(parsed.sections).get('01')?.body, 'Текст A');
  });

  test('a file the export wrote is one section: its body verbatim, its title whole, its fields carried', () => {
    const body = '## 02.01.09 - заголовок в тексте\n\n<details>оставлен</details> <view/>\n\n\nконец\n';
    const parsed = tree({
      '02-platform/README.md': [
        '---',
        'title: 02 - Платформа ✅ Готово',
        'id: 6F1E2A7B-1C2D-4E5F-8A9B-0C1D2E3F4A5B',
        'code: "02"',
        'status: review',
        'owner: cto@tapbot.kz',
        'summary: null',
        'slug: platforma',
        'due_date: 2026-03-01',
        'previous_codes: ["05"]',
        'previous_paths: ["/05-platforma/"]',
        'source: ./02-platform/README.md',
        '---',
        '',
        body,
      ].join('\n'),
    });
    assert.deepEqual(parsed.problems, []);
    const [section] = parsed.sections;
    assert.equal(parsed.sections.length, 1);
    assert.deepEqual(section && { ...fields(section), id: section.id, extras: section.extras }, {
      title: 'Платформа ✅ Готово',
      status: 'review',
      // The export writes one newline after the body; the <view/> an editor added in Gramax goes.
      body: '## 02.01.09 - заголовок в тексте\n\n<details>оставлен</details>\n\n\nконец',
      source: './02-platform/README.md',
      parentCode: null,
      id: '6f1e2a7b-1c2d-4e5f-8a9b-0c1d2e3f4a5b',
      extras: { owner: 'cto@tapbot.kz', summary: null, slug: 'platforma', due_date: '2026-03-01', previous_codes: ['05'], previous_paths: ['/05-platforma/'] },
    });
  });

  const problems: { name: string; files: Record<string, string>; docRoot?: string | null; expect: RegExp }[] = [
    { name: 'the title code differs from the folder', files: { '02-01-hosting/README.md': '---\ntitle: 02.03 - Хостинг\n---\n' }, expect: /^tree\/02-01-hosting\/README\.md:2: Код 02\.03 в названии не совпадает с кодом 02\.01 из имени папки «02-01-hosting»/ },
    { name: 'the title code differs from the file name', files: { '01-a/README.md': '---\ntitle: 01 - A\n---\n', '01-a/01-02-x.md': '---\ntitle: 01.03 - X\n---\n' }, expect: /^tree\/01-a\/01-02-x\.md:2: Код 01\.03 в названии не совпадает с кодом 01\.02 из имени файла/ },
    { name: 'a code used by two files', files: { '01-a/README.md': '---\ntitle: 01 - A\n---\n', '01-a/other.md': '---\ntitle: 01 - Другое\n---\n' }, expect: /^tree\/01-a\/other\.md:2: Код 01 уже занят: tree\/01-a\/README\.md:2 \(«A»\)/ },
    { name: 'a heading code used twice', files: { '01-a/README.md': '---\ntitle: 01 - A\n---\n## 01.01 - B\n## 01.01 - C\n' }, expect: /^tree\/01-a\/README\.md:5: Код 01\.01 уже занят: tree\/01-a\/README\.md:4/ },
    { name: 'broken YAML front matter', files: { '01-a/README.md': '---\ntitle: 01 - A\nsummary: "не закрыта\n---\n' }, expect: /^tree\/01-a\/README\.md:\d: Front matter не читается как YAML/ },
    { name: 'a folder inside another chapter', files: { '02-b/03-01-x/README.md': '---\ntitle: X\n---\n' }, expect: /^tree\/02-b\/03-01-x\/: Папка «03-01-x» \(код 03\.01\) лежит в папке раздела 02/ },
    { name: 'an unknown status', files: { '01-a/README.md': '---\ntitle: 01 - A\nstatus: непонятно\n---\n' }, expect: /^tree\/01-a\/README\.md:3: Неизвестный статус «непонятно» в поле status/ },
    { name: 'an unknown status tag in a heading', files: { '01-a/README.md': '---\ntitle: 01 - A\n---\n## 01.01 - B \\[🚧 Стройка\\]\n' }, expect: /^tree\/01-a\/README\.md:4: Неизвестный статус «\\\[🚧 Стройка\\\]» у раздела 01\.01/ },
    { name: 'a malformed code in a heading', files: { '01-a/README.md': '---\ntitle: 01 - A\n---\n## 1.2 - B\n' }, expect: /^tree\/01-a\/README\.md:4: Код «1\.2» неверен/ },
    { name: 'a malformed .doc-root.yaml', files: { '01-a/README.md': '---\ntitle: 01 - A\n---\n' }, docRoot: 'title: t\nproperties:\n  - name: [x\n', expect: /^tree\/\.doc-root\.yaml:\d: \.doc-root\.yaml не читается как YAML/ },
    { name: 'a mirror id that is not a UUID', files: { '01-a/README.md': '---\ntitle: 01 - A\nid: 42\ncode: "01"\n---\n' }, expect: /^tree\/01-a\/README\.md:3: Поле id «42» — не идентификатор раздела/ },
    { name: 'a due date that is not a date', files: { '01-a/README.md': '---\ntitle: 01 - A\ndue_date: завтра\n---\n' }, expect: /^tree\/01-a\/README\.md:3: Поле due_date «завтра» — не дата/ },
  ];
  for (const bad of problems) {
    test(`bad input names file:line and what to fix: ${bad.name}`, () => {
      const parsed = tree(bad.files, bad.docRoot === undefined ? {} : { docRoot: bad.docRoot });
      const lines = parsed.problems.map(formatSourceMessage);
      assert.ok(lines.some((l) => bad.expect.test(l)), `expected ${bad.expect}, got:\n${lines.join('\n')}`);
    });
  }

  test('articles and folders without a number get provisional codes under their folder\'s section, the root\'s becoming chapters', () => {
    const parsed = tree(
      {
        '01-a/README.md': '---\ntitle: 01 - A\n---\n\nТекст [заметок](./notes.md).\n',
        '01-a/notes.md': '---\ntitle: Заметки\n---\n\nБез номера.\n',
        'configs/server1/README.md': '---\ntitle: Сервер app-1\n---\n\nКонфиги рядом: [setup.sh](./setup.sh).\n',
        'configs/server1/restore.md': '---\ntitle: Восстановление\n---\n\nШаги.\n',
        'glossary.md': '---\ntitle: Глоссарий\n---\n\nТермины.\n',
      },
      { otherFiles: ['configs/server1/setup.sh', 'assets/logo.png'] },
    );
    assert.deepEqual(parsed.problems, []);
    assert.deepEqual(
      parsed.sections.map((s) => [s.code, s.parentCode, s.title, s.weak ?? false]),
      [
        ['01', null, 'A', false],
        ['~./configs/README.md', null, 'Configs', true],
        ['~./configs/server1/README.md', '~./configs/README.md', 'Сервер app-1', false],
        ['~./01-a/notes.md', '01', 'Заметки', false],
        ['~./configs/server1/restore.md', '~./configs/server1/README.md', 'Восстановление', false],
        ['~./glossary.md', null, 'Глоссарий', false],
      ],
    );
    assert.equal(byCode(parsed.sections).get('01')?.body, 'Текст [заметок](/c/~./01-a/notes.md/).', 'a link names the provisional code, the import gives the real one');
    assert.equal(byCode(parsed.sections).get('~./configs/README.md')?.status, 'in_progress', 'a folder with written articles below it is not a stub');
    assert.match(parsed.warnings.map(formatSourceMessage).join('\n'), /tree\/configs\/: В папке «configs» нет README\.md: раздел «Configs» для статей в ней будет создан без текста со следующим свободным кодом/);
  });

  test('a tree without .doc-root.yaml still reads, with a warning', () => {
    const parsed = tree({ '01-a/README.md': '---\ntitle: 01 - A\n---\n' }, { docRoot: null });
    assert.deepEqual(parsed.problems, []);
    assert.match(parsed.warnings.map(formatSourceMessage).join('\n'), /tree\/\.doc-root\.yaml: В корне нет \.doc-root\.yaml/);
  });
});

describe('real catalogs: overview headings, _index links', () => {
  // A chapter README as the team writes it: a numbered heading per sub-folder, a paragraph each,
  // the numbering of one of them even off from the folders; the folders hold the real articles.
  const CHAPTER = [
    '---',
    'title: 02 - Инфраструктура',
    '---',
    '',
    'Всё о серверах и сетях.',
    '',
    '## 02\\.01 - Обзор инфраструктуры',
    '',
    'Два сервера в Алматы, подробности — [в статье](./02-01-servers/_index).',
    '',
    '## 02\\.02 - Сети и доступ',
    '',
    'VPN и SSH-ключи: [серверы](./02-01-servers/_index), [сети](../02-infra/02-02-network/_index.md).',
    '',
    '## 02\\.03 - Мониторинг (пока без статьи)',
    '',
    'Пока в Zabbix.',
  ].join('\n');
  const FILES = {
    '02-infra/README.md': CHAPTER,
    '02-infra/02-01-servers/README.md': '---\ntitle: 02.01 - Серверная архитектура\n---\n\nОсновной и резервный сервер.\n',
    '02-infra/02-02-network/README.md': '---\ntitle: 02.02 - Сеть\n---\n\nСм. [обзор](../_index) и [серверы](../02-01-servers/_index).\n',
  };

  test('a numbered heading whose code another file\'s article has is an overview: the file wins, the heading and its text stay', () => {
    const parsed = tree(FILES);
    assert.deepEqual(parsed.problems, [], parsed.problems.map(formatSourceMessage).join('\n'));
    const sections = byCode(parsed.sections);
    assert.deepEqual([...sections.keys()].sort(), ['02', '02.01', '02.02', '02.03']);
    assert.equal(sections.get('02.01')?.title, 'Серверная архитектура', 'the folder\'s article, not the overview heading');
    assert.equal(sections.get('02.01')?.body, 'Основной и резервный сервер.');
    const chapter = sections.get('02')?.body ?? '';
    assert.match(chapter, /^Всё о серверах и сетях\.\n\n## 02\\\.01 - Обзор инфраструктуры\n\nДва сервера в Алматы, подробности — \[в статье\]\(\/c\/02\.01\/\)\.\n\n## 02\\\.02 - Сети и доступ\n/, chapter);
    assert.equal(sections.get('02.03')?.title, 'Мониторинг (пока без статьи)', 'a heading no file claims is still a section');
    const notes = parsed.warnings.filter((w) => /обзор раздела/.test(w.message));
    assert.deepEqual(notes.map((w) => [w.file, w.line]), [['tree/02-infra/README.md', 7], ['tree/02-infra/README.md', 11]], 'each case noted once, at the heading');
    assert.match(notes[0]?.message ?? '', /обзор раздела 02\.01, который описан в tree\/02-infra\/02-01-servers\/README\.md/);
  });

  test('a code given by two files, or twice inside one file, is still an error', () => {
    const twice = tree({ ...FILES, '02-infra/02-01-servers.md': '---\ntitle: 02.01 - Ещё раз\n---\n' });
    assert.ok(twice.problems.some((p) => /Код 02\.01 уже занят/.test(p.message)), twice.problems.map(formatSourceMessage).join('\n'));
    const inOne = tree({ '03-ops/README.md': '---\ntitle: 03 - Эксплуатация\n---\n\n## 03\\.01 - Бэкапы\n\nТекст.\n\n## 03\\.01 - Бэкапы снова\n' });
    assert.ok(inOne.problems.some((p) => /Код 03\.01 уже занят/.test(p.message)));
  });

  test('links to a folder\'s _index go to the folder\'s section; a missing file is warned at each line it is linked from', () => {
    const parsed = tree({
      ...FILES,
      '02-infra/02-03-backup/README.md': '---\ntitle: 02.03 - Бэкапы\n---\n\n[нет](./gone.md)\n\nи снова [нет](./gone.md)\n\n[скрипт](./backup.sh)\n',
    }, { otherFiles: ['02-infra/02-03-backup/backup.sh'] });
    const sections = byCode(parsed.sections);
    assert.equal(sections.get('02.02')?.body, 'См. [обзор](/c/02/) и [серверы](/c/02.01/).');
    assert.match(sections.get('02')?.body ?? '', /\[серверы\]\(\/c\/02\.01\/\), \[сети\]\(\/c\/02\.02\/\)/);
    const missing = parsed.warnings.filter((w) => /которого нет в дереве/.test(w.message));
    assert.deepEqual(missing.map((w) => [w.file, w.line]), [['tree/02-infra/02-03-backup/README.md', 5], ['tree/02-infra/02-03-backup/README.md', 7]]);
    assert.ok(!parsed.warnings.some((w) => /_index/.test(w.message)), parsed.warnings.map(formatSourceMessage).join('\n'));
  });
});

describe('real catalogs: stubs and the team\'s own status', () => {
  test('an article with no text of its own and none below it is planned; one with text, or written parts below, is published', () => {
    const parsed = tree({
      '05-bots/README.md': '---\ntitle: 05 - Боты\n---\n',
      '05-bots/05-01-sales/README.md': '---\ntitle: 05.01 - Продажи\n---\n\nБот продаж отвечает в WhatsApp.\n',
      '05-bots/05-02-support/README.md': '---\n{}\n---\n',
      '06-plans/README.md': '---\ntitle: 06 - Планы\n---\n\n<view/>\n',
      '06-plans/06-01-q3/README.md': '---\ntitle: 06.01 - Третий квартал\n---\n',
    });
    const status = new Map(parsed.sections.map((s) => [s.code, s.status]));
    assert.equal(status.get('05'), 'published', 'a chapter with a written part below it');
    assert.equal(status.get('05.01'), 'published');
    assert.equal(status.get('05.02'), 'planned', 'empty front matter, no text: a stub');
    assert.equal(status.get('06'), 'planned', 'only a Gramax list of pages: no text');
    assert.equal(status.get('06.01'), 'planned');
  });

  test('a status declared in the catalog\'s properties maps to a status; an unknown value is warned, never guessed', () => {
    const parsed = tree({
      '07-ai/README.md': '---\ntitle: 07 - AI\nproperties:\n  - name: Статус\n    value: В работе\n---\n\nЧерновик.\n',
      '07-ai/07-01-llm/README.md': '---\ntitle: 07.01 - LLM\nproperties:\n  - name: Статус\n    value: Готово\n---\n',
      '07-ai/07-02-rag/README.md': '---\ntitle: 07.02 - RAG\nproperties:\n  - name: Статус\n    value: Идея\n---\n\nТекст.\n',
    }, { docRoot: 'title: t\nproperties:\n  - name: Статус\n    values: [Готово, В работе, Идея]\n' });
    const status = new Map(parsed.sections.map((s) => [s.code, s.status]));
    assert.equal(status.get('07'), 'in_progress');
    assert.equal(status.get('07.01'), 'published', 'declared: the team\'s word wins over the stub rule');
    assert.equal(status.get('07.02'), 'published');
    assert.ok(parsed.warnings.some((w) => w.file === 'tree/07-ai/07-02-rag/README.md' && /Статус «Идея» из properties не сопоставлен/.test(w.message)));
  });
});
