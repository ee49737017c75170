import { test } from 'node:test';
import assert from 'node:assert/strict';
import { containsShape } from './same-shape.js';

test('extra keys Directus adds do not count as a difference', () => {
  assert.ok(containsShape({ id: 3, icon: 'x', note: null, extra: 1 }, { icon: 'x', note: null }));
});

test('a changed or missing value is a difference, also deep inside', () => {
  assert.ok(!containsShape({ meta: { options: { a: 1 } } }, { meta: { options: { a: 2 } } }));
  assert.ok(!containsShape({}, { icon: 'x' }));
});

test('arrays compare exactly, in order', () => {
  assert.ok(containsShape({ sort: ['code'] }, { sort: ['code'] }));
  assert.ok(!containsShape({ sort: ['code', 'title'] }, { sort: ['code'] }));
  assert.ok(!containsShape({ fields: [{ a: 1, b: 2 }] }, { fields: [{ a: 1 }] }), 'array items are equal, not just alike');
});

test('database spellings of booleans and absent values are the same thing', () => {
  assert.ok(containsShape({ app_access: 1, note: undefined }, { app_access: true, note: null }));
  assert.ok(containsShape({ hidden: 0 }, { hidden: false }));
});
