import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  SECTION_STATUSES,
  STATUS_META,
  isSectionStatus,
  sectionStatusSchema,
  statusBadge,
  statusFromText,
} from './status.js';

test('status words as the team writes them', () => {
  const cases: [string, string | undefined][] = [
    ['В разработке', 'in_progress'],
    ['\\[📝 В разработке\\]', 'in_progress'],
    ['[📝 В разработке]', 'in_progress'],
    ['в РАЗРАБОТКЕ', 'in_progress'],
    ['🔄 В процессе', 'in_progress'],
    ['✅ Готово', 'published'],
    ['**Готово**', 'published'],
    ['⏳ Планирование', 'planned'],
    ['Запланировано', 'planned'],
    ['👀 На проверке', 'review'],
    ['🗄 В архиве', 'archived'],
    ['in_progress', 'in_progress'],
    ['Published', 'published'],
    ['review', 'review'],
    ['planned', 'planned'],
    ['archived', 'archived'],
    ['Черновик', undefined],
    ['В разработке и готово', undefined],
    ['', undefined],
    ['📝', undefined],
  ];
  for (const [text, expected] of cases) assert.equal(statusFromText(text), expected, text);
});

test('every label round-trips through statusFromText', () => {
  for (const status of SECTION_STATUSES) {
    assert.equal(statusFromText(statusBadge(status)), status);
    assert.equal(statusFromText(STATUS_META[status].label), status);
  }
});

test('meta labels and emoji follow the design', () => {
  assert.equal(statusBadge('in_progress'), '📝 В разработке');
  assert.equal(statusBadge('planned'), '⏳ Запланировано');
  assert.equal(statusBadge('review'), '👀 На проверке');
  assert.equal(statusBadge('published'), '✅ Готово');
  assert.equal(statusBadge('archived'), '🗄 В архиве');
  for (const status of SECTION_STATUSES) assert.match(STATUS_META[status].color, /^#[0-9A-F]{6}$/);
});

test('schema and guard accept only the enum', () => {
  assert.equal(sectionStatusSchema.parse('review'), 'review');
  assert.equal(sectionStatusSchema.safeParse('Готово').success, false);
  assert.equal(isSectionStatus('archived'), true);
  assert.equal(isSectionStatus('done'), false);
  assert.equal(isSectionStatus(3), false);
});
