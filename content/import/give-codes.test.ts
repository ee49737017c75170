import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDocsTree } from '../../core/docs-tree.js';
import { formatSourceMessage } from '../../core/source-message.js';
import type { SourceSection } from '../../core/source-section.js';
import { giveCodes, type StoredPlace } from './give-codes.js';
import { formatPlan, planImport } from './plan.js';

/** A catalog as the team keeps it: two numbered chapters, a `configs/` folder beside them, notes without a number. */
const FILES: Record<string, string> = {
  '02-infra/README.md': '---\ntitle: 02 - Инфраструктура\n---\n\nСерверы и сети.\n',
  '02-infra/02-01-servers/README.md': '---\ntitle: 02.01 - Серверы\n---\n\nДва сервера в Алматы.\n',
  '02-infra/notes.md': '---\ntitle: Заметки дежурного\n---\n\nКонфиг базы — [на сервере app-1](../configs/server1/_index), восстановление — [здесь](../configs/server1/restore.md#шаги).\n',
  '03-bots/README.md': '---\ntitle: 03 - Боты\n---\n\nКакие боты есть.\n',
  'configs/_index.md': '---\ntitle: Конфигурации\n---\n',
  'configs/server1/README.md': '---\ntitle: Сервер app-1\n---\n\nКак поднять app-1: [setup.sh](./setup.sh).\n',
  'configs/server1/restore.md': '---\ntitle: Восстановление базы\n---\n\n## Шаги\n\n1. Остановить бота.\n',
};

function parse(files: Record<string, string> = FILES): SourceSection[] {
  const folders = new Set<string>();
  for (const path of Object.keys(files)) {
    const parts = path.split('/');
    for (let i = 1; i < parts.length; i++) folders.add(parts.slice(0, i).join('/'));
  }
  const parsed = parseDocsTree({
    files: Object.entries(files).map(([path, text]) => ({ path, text })),
    folders: [...folders],
    otherFiles: ['configs/server1/setup.sh', 'configs/server1/postgres_custom.conf'],
    docRoot: 'title: tapbot docs\n',
    label: 'docs',
  });
  assert.deepEqual(parsed.problems.map(formatSourceMessage), []);
  return parsed.sections;
}

const place = (s: SourceSection) => [s.code, s.parentCode, s.source];

/** What an import of `sections` leaves stored: ids by code, the sources as written. */
function storedFrom(sections: readonly SourceSection[]): StoredPlace[] {
  return sections.map((s) => ({ id: `id-${s.code}`, code: s.code, source: s.source }));
}

describe('giveCodes', () => {
  test('an empty store: next free codes under each folder\'s section, parents first, siblings in source path order; links follow', () => {
    const result = giveCodes(parse(), []);
    assert.deepEqual(result.problems, []);
    assert.deepEqual(result.sections.map(place), [
      ['02', null, './02-infra/README.md'],
      ['02.01', '02', './02-infra/02-01-servers/README.md'],
      ['03', null, './03-bots/README.md'],
      ['04', null, './configs/README.md'],
      ['04.01', '04', './configs/server1/README.md'],
      ['02.02', '02', './02-infra/notes.md'],
      ['04.01.01', '04.01', './configs/server1/restore.md'],
    ]);
    assert.deepEqual(result.given, [
      { path: './02-infra/notes.md', code: '02.02', title: 'Заметки дежурного', how: 'new' },
      { path: './configs/', code: '04', title: 'Конфигурации', how: 'new' },
      { path: './configs/server1/README.md', code: '04.01', title: 'Сервер app-1', how: 'new' },
      { path: './configs/server1/restore.md', code: '04.01.01', title: 'Восстановление базы', how: 'new' },
    ]);
    const notes = result.sections.find((s) => s.source === './02-infra/notes.md');
    assert.equal(notes?.body, 'Конфиг базы — [на сервере app-1](/c/04.01/), восстановление — [здесь](/c/04.01.01/#шаги).');
    assert.equal(result.sections.find((s) => s.code === '04.01')?.body, 'Как поднять app-1: [setup.sh](./setup.sh).', 'a link to a script beside it stays as written');
  });

  test('codes are the same on every run and with files listed in any order', () => {
    const once = giveCodes(parse(), []);
    const reversed = giveCodes([...parse()].reverse(), []);
    assert.deepEqual(new Map(reversed.sections.map((s) => [s.source, s.code])), new Map(once.sections.map((s) => [s.source, s.code])));
  });

  test('a stored section with the same source keeps its code, even after sections were added around it', () => {
    const first = giveCodes(parse(), []).sections;
    // Since: an editor made 02.05 and chapter 07 in Directus, and the team numbered a new chapter 05 in the tree.
    const stored = [...storedFrom(first), { id: 'hand-1', code: '02.05', source: null }, { id: 'hand-2', code: '07', source: null }];
    const grown = { ...FILES, '05-ops/README.md': '---\ntitle: 05 - Эксплуатация\n---\n\nДежурства.\n', 'configs/server2/README.md': '---\ntitle: Сервер app-2\n---\n\nРезерв.\n' };
    const again = giveCodes(parse(grown), stored);
    assert.deepEqual(again.problems, []);
    const code = (source: string) => again.sections.find((s) => s.source === source)?.code;
    assert.equal(code('./02-infra/notes.md'), '02.02');
    assert.equal(code('./configs/README.md'), '04');
    assert.equal(code('./configs/server1/README.md'), '04.01');
    assert.equal(code('./configs/server1/restore.md'), '04.01.01');
    assert.equal(code('./configs/server2/README.md'), '04.02', 'a new one takes the next free code');
    assert.deepEqual(
      again.given.map((g) => [g.path, g.how]),
      [['./02-infra/notes.md', 'kept'], ['./configs/', 'kept'], ['./configs/server1/README.md', 'kept'], ['./configs/server1/restore.md', 'kept'], ['./configs/server2/README.md', 'new']],
    );
  });

  test('a re-import plans every article without a number as unchanged', () => {
    const first = giveCodes(parse(), []).sections;
    const current = first.map((s) => ({
      id: `id-${s.code}`, code: s.code, title: s.title, status: s.status, body: s.body || null, parent: s.parentCode ? `id-${s.parentCode}` : null, source: s.source,
      import_hash: null, date_updated: null, imported_at: null, owner: null, summary: null, slug: null, due_date: null, previous_codes: [], previous_paths: [], user_created: null,
    }));
    const plan = planImport(giveCodes(parse(), current).sections, current);
    assert.deepEqual(plan.problems, []);
    assert.equal(plan.counts.create, 0);
    assert.equal(plan.counts.update, 0);
  });

  test('a section an editor moved in Directus keeps its new place', () => {
    const first = storedFrom(giveCodes(parse(), []).sections).map((s) => (s.source === './02-infra/notes.md' ? { ...s, code: '03.01' } : s));
    const notes = giveCodes(parse(), first).sections.find((s) => s.source === './02-infra/notes.md');
    assert.deepEqual(notes && [notes.code, notes.parentCode], ['03.01', '03']);
  });

  test('an id from an export is matched before the source', () => {
    const sections = parse().map((s) => (s.source === './02-infra/notes.md' ? { ...s, id: 'id-notes' } : s));
    const result = giveCodes(sections, [{ id: 'id-notes', code: '02.07', source: './elsewhere.md' }]);
    assert.equal(result.sections.find((s) => s.id === 'id-notes')?.code, '02.07');
  });

  test('the plan prints the codes given, and counts the ones kept', () => {
    const result = giveCodes(parse(), [{ id: 'id-cfg', code: '04', source: './configs/README.md' }]);
    const lines = formatPlan({ ...planImport(result.sections, []), given: result.given }, 'docs');
    const block = lines.slice(lines.indexOf('Codes for articles without a number:'));
    assert.deepEqual(block.slice(0, 5), [
      'Codes for articles without a number:',
      '  ./02-infra/notes.md → 02.02 «Заметки дежурного»',
      '  ./configs/server1/README.md → 04.01 «Сервер app-1»',
      '  ./configs/server1/restore.md → 04.01.01 «Восстановление базы»',
      '  (1 article without a number keeps the code given before, found by its source path)',
    ]);
  });

  test('a kept code that a numbered file now claims is a problem at the article, naming both', () => {
    const files = { ...FILES, '02-infra/02-02-monitoring/README.md': '---\ntitle: 02.02 - Мониторинг\n---\n\nZabbix.\n' };
    const result = giveCodes(parse(files), [{ id: 'id-notes', code: '02.02', source: './02-infra/notes.md' }]);
    assert.deepEqual(result.problems.map(formatSourceMessage), [
      'docs/02-infra/notes.md:2: Статья без номера получила при прошлом импорте код 02.02 (раздел найден по пути ./02-infra/notes.md), а теперь этот код в дереве у раздела «Мониторинг» (docs/02-infra/02-02-monitoring/README.md:2): дайте номер одной из статей в имени файла или папки, или перенесите раздел 02.02 в Directus',
    ]);
  });

  test('no room below a section on the fourth level is a problem at the article', () => {
    const files = {
      '07-dev/07-01-process/07-01-01-review/07-01-01-01-checklist/README.md': '---\ntitle: 07.01.01.01 - Чек-лист\n---\n\nПункты.\n',
      '07-dev/07-01-process/07-01-01-review/07-01-01-01-checklist/idei.md': '---\ntitle: Идеи на потом\n---\n\nТекст.\n',
    };
    const result = giveCodes(parse(files), []);
    assert.deepEqual(result.problems.map(formatSourceMessage), [
      'docs/07-dev/07-01-process/07-01-01-review/07-01-01-01-checklist/idei.md:2: Статье без номера «Идеи на потом» нельзя дать код под 07.01.01.01: Раздел 07.01.01.01 уже на 4-м уровне: вложенные разделы глубже 4 уровней не допускаются — дайте ей номер в имени файла или перенесите её выше по дереву',
    ]);
  });

  test('sections with numbers only pass through as they are', () => {
    const sections = parse({ '02-infra/README.md': '---\ntitle: 02 - Инфраструктура\n---\n' });
    assert.deepEqual(giveCodes(sections, []), { sections, given: [], problems: [] });
  });
});
