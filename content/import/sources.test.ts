import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { SourceSection } from '../../core/source-section.js';
import { mergeSources, resolveOwners } from './sources.js';

const section = (code: string, extra: Partial<SourceSection> = {}): SourceSection => ({
  code,
  title: `T${code}`,
  status: 'in_progress',
  body: '',
  source: null,
  parentCode: code.includes('.') ? code.slice(0, code.lastIndexOf('.')) : null,
  file: 'docs/README.md',
  line: 0,
  ...extra,
});

describe('mergeSources', () => {
  test('one section per code; later sources win field by field, extras merge', () => {
    const seed = [section('01', { title: 'Project Foundation', source: './01/README.md' }), section('01.01', { title: 'Vision' })];
    const tree = [
      section('01', { title: 'Основы', status: 'published', body: 'Текст', source: './01-osnovy/README.md', extras: { summary: 'Кратко' }, file: 'tree/01-osnovy/README.md', line: 2 }),
      section('01.02', { title: 'Команда' }),
    ];
    const mirror = [section('01', { title: 'Основы', status: 'published', body: 'Текст', source: './01-osnovy/README.md', id: 'id-1', extras: { owner: 'cto@tapbot.kz' }, file: 'mirror/01-osnovy/README.md', line: 3 })];
    const merged = mergeSources([seed, tree, mirror]);
    assert.deepEqual(merged.map((s) => s.code), ['01', '01.01', '01.02']);
    assert.deepEqual(merged[0], { ...mirror[0], extras: { summary: 'Кратко', owner: 'cto@tapbot.kz' } });
  });

  test('a placeholder never replaces a section, and a section replaces a placeholder', () => {
    const weak = section('02', { title: 'Infra из папки', weak: true });
    assert.equal(mergeSources([[section('02', { title: 'Infrastructure' })], [weak]])[0]?.title, 'Infrastructure');
    assert.equal(mergeSources([[weak], [section('02', { title: 'Инфраструктура' })]])[0]?.title, 'Инфраструктура');
  });
});

describe('resolveOwners', () => {
  const users = [
    { id: 'aaaaaaaa-0000-4000-8000-000000000001', email: 'Aigerim@tapbot.kz', first_name: 'Айгерим', last_name: 'Сапарова' },
    { id: 'aaaaaaaa-0000-4000-8000-000000000002', email: 'daniyar@tapbot.kz', first_name: 'Данияр', last_name: null },
    { id: 'aaaaaaaa-0000-4000-8000-000000000003', email: 'daniyar2@tapbot.kz', first_name: 'Данияр', last_name: 'Второй' },
  ];

  test('an e-mail or a user id becomes the user id; an unknown one is a problem with file:line', () => {
    const { sections, problems } = resolveOwners(
      [
        section('01', { extras: { owner: 'aigerim@tapbot.kz' } }),
        section('02', { extras: { owner: 'aaaaaaaa-0000-4000-8000-000000000002', summary: null } }),
        section('03', { extras: { owner: null } }),
        section('04', { extras: { owner: 'nobody@tapbot.kz' }, file: 'm/04/README.md', line: 2 }),
      ],
      users,
    );
    assert.deepEqual(sections.map((s) => s.extras?.owner), ['aaaaaaaa-0000-4000-8000-000000000001', 'aaaaaaaa-0000-4000-8000-000000000002', null, 'nobody@tapbot.kz']);
    assert.deepEqual(problems.map((p) => [p.file, p.line]), [['m/04/README.md', 2]]);
    assert.match(problems[0]?.message ?? '', /Ответственный «nobody@tapbot\.kz» раздела 04 не найден среди пользователей Directus/);
  });

  test('a Gramax owner name is matched to one person; no match or several is a warning and no owner', () => {
    const { sections, warnings } = resolveOwners(
      [section('01', { ownerName: 'Айгерим Сапарова' }), section('02', { ownerName: 'Данияр' }), section('03', { ownerName: 'Кто-то' })],
      users,
    );
    assert.deepEqual(sections.map((s) => s.extras?.owner), ['aaaaaaaa-0000-4000-8000-000000000001', undefined, undefined]);
    assert.ok(sections.every((s) => !('ownerName' in s)));
    assert.match(warnings[0]?.message ?? '', /«Данияр» раздела 02 неоднозначен \(daniyar@tapbot\.kz, daniyar2@tapbot\.kz\)/);
    assert.match(warnings[1]?.message ?? '', /«Кто-то» раздела 03 не найден/);
  });
});
