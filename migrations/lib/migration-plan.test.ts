import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planMigrations } from './migration-plan.js';
import type { Migration } from './migration.js';

const m = (id: string): Migration => ({ id, title: id, up: async () => {} });
const all = [m('0001-a'), m('0002-b'), m('0003-c')];

test('an empty database gets every migration, in order', () => {
  const plan = planMigrations(all, []);
  assert.deepEqual(plan.pending.map((x) => x.id), ['0001-a', '0002-b', '0003-c']);
});

test('applied migrations are skipped, later ones still run', () => {
  const plan = planMigrations(all, ['0001-a']);
  assert.deepEqual(plan.pending.map((x) => x.id), ['0002-b', '0003-c']);
  assert.deepEqual(plan.applied, ['0001-a']);
});

test('--to stops after the named migration', () => {
  assert.deepEqual(planMigrations(all, [], '0002-b').pending.map((x) => x.id), ['0001-a', '0002-b']);
  assert.throws(() => planMigrations(all, [], '0009-x'), /No migration with id "0009-x"/);
});

test('ids the checkout does not know are reported, not ignored', () => {
  assert.deepEqual(planMigrations(all, ['0001-a', '0004-newer']).unknown, ['0004-newer']);
});

test('duplicate or unordered ids are a programming error with a clear message', () => {
  assert.throws(() => planMigrations([m('0001-a'), m('0001-a')], []), /Two migrations share the id 0001-a/);
  assert.throws(() => planMigrations([m('0002-b'), m('0001-a')], []), /not listed in id order/);
});
