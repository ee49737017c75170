import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseSeedIndex, type SeedSection } from './seed-index.js';
import { overallProgress } from './progress.js';

const SEED_FILE = '../shared/seed/tapbot-docs-index.md';

function seed(): ReturnType<typeof parseSeedIndex> {
  return parseSeedIndex(readFileSync(SEED_FILE, 'utf8'), SEED_FILE);
}

function byCode(sections: SeedSection[], code: string): SeedSection {
  const found = sections.find((s) => s.code === code);
  assert.ok(found, `section ${code} missing`);
  return found;
}

test('real seed: every coded heading, no problems', () => {
  const { sections, problems } = seed();
  assert.deepEqual(problems, []);
  // Counted by hand in the file: 8 chapters, 32 at level 2, 134 at level 3, 15 at level 4.
  assert.equal(sections.length, 189);
  const perLevel = [1, 2, 3, 4].map((level) => sections.filter((s) => s.level === level).length);
  assert.deepEqual(perLevel, [8, 32, 134, 15]);
  assert.equal(new Set(sections.map((s) => s.code)).size, 189);
});

test('real seed: the eight chapters', () => {
  const chapters = seed().sections.filter((s) => s.parentCode === null);
  assert.deepEqual(
    chapters.map((c) => `${c.code} ${c.title}`),
    [
      '01 Project Foundation',
      '02 Infrastructure',
      '03 Software Stack',
      '04 Network Architecture',
      '05 Security',
      '06 Operations',
      '07 Development',
      '08 Planning',
    ],
  );
  for (const chapter of chapters) assert.equal(chapter.status, 'in_progress', chapter.code);
  assert.equal(byCode(chapters, '01').line, 11);
});

test('real seed: statuses, links and titles', () => {
  const { sections } = seed();
  const resources = byCode(sections, '02.02');
  assert.equal(resources.title, 'Resources');
  assert.equal(resources.status, 'published');
  assert.equal(resources.source, './02-infrastructure/02-02-resources/README.md');
  assert.equal(resources.line, 55);
  assert.equal(byCode(sections, '02.02.01').status, 'published');
  assert.equal(byCode(sections, '02.02.01').source, null);
  const deep = byCode(sections, '06.05.01.01');
  assert.equal(deep.level, 4);
  assert.equal(deep.status, 'published');
  assert.equal(deep.parentCode, '06.05.01');
  assert.equal(deep.title, 'Назначение и роль в проекте');
  const vision = byCode(sections, '01.01');
  assert.equal(vision.status, 'in_progress');
  assert.equal(vision.title, 'Vision');
  assert.equal(byCode(sections, '02.01.01').title, 'Первый сервер (93.189.229.59)');
  assert.equal(byCode(sections, '04.02').status, 'in_progress');
  assert.equal(sections.filter((s) => s.source !== null).length, 10);
  assert.ok(sections.every((s) => s.body === ''));
});

test('real seed: nothing from the front matter, preamble or trailer', () => {
  const { sections } = seed();
  const titles = sections.map((s) => s.title).join('\n');
  for (const word of ['Статус проекта', 'Приоритеты изучения', 'Полезные ссылки', 'Документация проекта', 'Автоматизация бизнес-процессов', 'Кадырхан', 'Gramax']) {
    assert.ok(!titles.includes(word), word);
  }
  assert.equal(sections.at(-1)?.code, '08.04.04');
  assert.equal(sections.at(-1)?.line, 387);
});

test('real seed: computed overall progress (57 published of 145 leaves)', () => {
  const items = seed().sections.map((s) => ({ id: s.code, parent: s.parentCode, status: s.status }));
  assert.deepEqual(overallProgress(items), { published: 57, total: 145, percent: 39 });
});

const doc = (...lines: string[]): string => lines.join('\n');

test('body text between headings is kept, fences and deep subheadings included', () => {
  const { sections, problems } = parseSeedIndex(
    doc(
      '# 01 - One',
      '',
      'Intro **text**.',
      '',
      '```sh',
      '# not a heading',
      '---',
      '```',
      '##### Примечание',
      'more',
      '## 01\\.01 - Two [✅ Готово]',
      '',
      '',
    ),
    'x.md',
  );
  assert.deepEqual(problems, []);
  assert.equal(sections.length, 2);
  assert.equal(sections[0]?.body, 'Intro **text**.\n\n```sh\n# not a heading\n---\n```\n##### Примечание\nmore');
  assert.equal(sections[1]?.body, '');
  assert.equal(sections[1]?.status, 'published');
});

test('tags in both bracket styles, Gramax bare tags and explicit status under a link', () => {
  const { sections, problems } = parseSeedIndex(
    doc(
      '# 01 - One',
      '## 01\\.01 - [Linked](./a/README.md)',
      '### 01\\.01.01 - Still draft [👀 На проверке]',
      '### 01\\.01.02 - Team ✅ Готово',
      '## 01\\.02 - Plain \\[⏳ Планирование\\]',
      '### 01\\.02.01 - Child',
      '## 01\\.03 - API [v2] uses 2\\.0',
    ),
    'x.md',
  );
  assert.deepEqual(problems, []);
  assert.deepEqual(
    sections.map((s) => [s.code, s.title, s.status]),
    [
      ['01', 'One', 'in_progress'],
      ['01.01', 'Linked', 'published'],
      ['01.01.01', 'Still draft', 'review'],
      ['01.01.02', 'Team', 'published'],
      ['01.02', 'Plain', 'planned'],
      ['01.02.01', 'Child', 'in_progress'],
      ['01.03', 'API [v2] uses 2.0', 'in_progress'],
    ],
  );
});

test('duplicate code names both lines and skips the repeat', () => {
  const { sections, problems } = parseSeedIndex(
    doc('# 01 - One', '## 01\\.01 - A', '## 01\\.02 - B', '## 01\\.01 - C'),
    'dup.md',
  );
  assert.deepEqual(sections.map((s) => s.title), ['One', 'A', 'B']);
  assert.deepEqual(problems, [
    {
      file: 'dup.md',
      line: 4,
      message:
        'Код 01.01 повторяется: строка 2 и строка 4 («C»). Коды разделов уникальны — дайте этому разделу свободный код, например 01.03, или удалите повтор',
    },
  ]);
});

test('a code whose parent did not appear before it', () => {
  const { sections, problems } = parseSeedIndex(doc('# 01 - One', '### 01\\.02.01 - Orphan'), 'p.md');
  assert.equal(sections.length, 1);
  assert.equal(problems.length, 1);
  assert.equal(problems[0]?.line, 2);
  assert.equal(
    problems[0]?.message,
    'Раздел 01.02.01 «Orphan»: родительский раздел 01.02 не найден выше в файле — добавьте перед ним заголовок «## 01\\.02 - Название» или исправьте код',
  );
});

test('a first heading below chapter level has no parent either', () => {
  const { problems } = parseSeedIndex(doc('intro', '## 01\\.01 - Vision'), 'p.md');
  assert.equal(problems.length, 1);
  assert.match(problems[0]?.message ?? '', /родительский раздел 01 не найден/);
});

test('heading depth that does not match the code depth', () => {
  const { sections, problems } = parseSeedIndex(doc('# 01 - One', '### 01\\.01 - Too deep heading'), 'd.md');
  assert.equal(sections[1]?.level, 2);
  assert.deepEqual(problems, [
    {
      file: 'd.md',
      line: 2,
      message:
        'Заголовок уровня 3 («###») у раздела 01.01, а код из 2 уровней: уровень заголовка должен совпадать с глубиной кода — напишите «##» или исправьте код',
    },
  ]);
});

test('unknown status tag keeps the section with the default status', () => {
  const { sections, problems } = parseSeedIndex(doc('# 01 - One', '## 01\\.01 - Vision \\[🚧 Черновик\\]'), 't.md');
  assert.equal(sections[1]?.title, 'Vision');
  assert.equal(sections[1]?.status, 'in_progress');
  assert.equal(problems.length, 1);
  assert.equal(problems[0]?.line, 2);
  assert.equal(
    problems[0]?.message,
    'Неизвестный статус «\\[🚧 Черновик\\]» у раздела 01.01: допустимы ⏳ Запланировано, 📝 В разработке, 👀 На проверке, ✅ Готово, 🗄 В архиве — исправьте метку или уберите её (тогда статус будет «📝 В разработке»)',
  );
});

test('invalid code formats', () => {
  const { sections, problems } = parseSeedIndex(
    doc('# 01 - One', '## 1.2 - Short', '## 01\\.00 - Zero', '# 01.01.01.01.01 - Too deep'),
    'f.md',
  );
  assert.equal(sections.length, 1);
  assert.deepEqual(
    problems.map((p) => [p.line, p.message]),
    [
      [2, 'Код «1.2» неверен: нужен формат NN.NN… (две цифры на уровень, до 4 уровней), например 02.01.03'],
      [3, 'Код «01.00» неверен: нужен формат NN.NN… (две цифры на уровень, до 4 уровней), например 02.01.03'],
      [4, 'Код 01.01.01.01.01 слишком глубокий: 5 уровней, а допускается не больше 4 — разместите раздел выше по дереву'],
    ],
  );
});

test('missing title', () => {
  const { problems } = parseSeedIndex(doc('# 01 - One', '## 01\\.01 -'), 'm.md');
  assert.equal(problems.length, 1);
  assert.equal(problems[0]?.line, 2);
  assert.match(problems[0]?.message ?? '', /^У раздела 01\.01 нет названия/);
});

test('text that is not UTF-8', () => {
  const { problems } = parseSeedIndex(doc('# 01 - One', '## 01\\.01 - \uFFFD\uFFFD', 'x \uFFFD'), 'enc.md');
  assert.equal(problems.length, 1);
  assert.equal(problems[0]?.line, 2);
  assert.match(problems[0]?.message ?? '', /^Файл не в UTF-8: в строке 2 \(и ещё в 1\) стоит символ замены U\+FFFD/);
});

test('trailer: a thematic break or an uncoded heading ends the sections; coded headings after it are reported', () => {
  const byBreak = parseSeedIndex(doc('# 01 - One', 'body', '***', '## 01\\.01 - Late', '## Notes'), 'b.md');
  assert.deepEqual(byBreak.sections.map((s) => [s.code, s.body]), [['01', 'body']]);
  assert.equal(byBreak.problems.length, 1);
  assert.equal(byBreak.problems[0]?.line, 4);
  assert.equal(
    byBreak.problems[0]?.message,
    'Раздел 01.01 стоит после конца оглавления (разделитель «---» в строке 3) и не будет импортирован: перенесите его выше или уберите то, что завершило оглавление',
  );
  const byHeading = parseSeedIndex(doc('# 01 - One', '## 📊 Статус проекта', '### 2024 итоги'), 'h.md');
  assert.deepEqual(byHeading.problems, []);
  assert.equal(byHeading.sections.length, 1);
});

test('front matter and preamble are skipped; CRLF and BOM are fine', () => {
  const { sections, problems } = parseSeedIndex(
    '\uFEFF---\r\ntitle: X\r\n---\r\n\r\n# Preamble heading\r\n---\r\n# 01 - One\r\n## 01\\.01 - Two\r\n',
    'crlf.md',
  );
  assert.deepEqual(problems, []);
  assert.deepEqual(sections.map((s) => [s.code, s.line]), [
    ['01', 7],
    ['01.01', 8],
  ]);
});

test('unclosed front matter and a file without sections', () => {
  const unclosed = parseSeedIndex(doc('---', 'title: X', '# 01 - One'), 'u.md');
  assert.equal(unclosed.sections.length, 0);
  assert.equal(unclosed.problems.length, 2);
  assert.match(unclosed.problems[0]?.message ?? '', /front matter .* не закрыт/);
  const empty = parseSeedIndex('just text\n', 'e.md');
  assert.deepEqual(empty.problems, [
    {
      file: 'e.md',
      line: 1,
      message: 'В файле не найдено ни одного раздела: оглавление начинается с заголовка главы вида «# 01 - Название»',
    },
  ]);
});
