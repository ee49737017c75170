import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitStatusTag } from './status-tag.js';

test('escaped and plain bracket tags', () => {
  assert.deepEqual(splitStatusTag('Vision \\[📝 В разработке\\]'), {
    title: 'Vision',
    tag: '\\[📝 В разработке\\]',
    status: 'in_progress',
  });
  assert.deepEqual(splitStatusTag('Vision [👀 На проверке]'), {
    title: 'Vision',
    tag: '[👀 На проверке]',
    status: 'review',
  });
});

test('Gramax bare tags', () => {
  assert.deepEqual(splitStatusTag('Команда ✅ Готово'), { title: 'Команда', tag: '✅ Готово', status: 'published' });
  assert.deepEqual(splitStatusTag('PostgreSQL 🔄 В процессе'), {
    title: 'PostgreSQL',
    tag: '🔄 В процессе',
    status: 'in_progress',
  });
});

test('unknown tag with emoji is reported as a tag without status', () => {
  assert.deepEqual(splitStatusTag('Vision \\[🚧 Черновик\\]'), {
    title: 'Vision',
    tag: '\\[🚧 Черновик\\]',
    status: undefined,
  });
});

test('brackets and emoji that are part of the title stay', () => {
  assert.deepEqual(splitStatusTag('API [v2]'), { title: 'API [v2]', tag: null, status: undefined });
  assert.deepEqual(splitStatusTag('Запуск 🚀 ракеты'), { title: 'Запуск 🚀 ракеты', tag: null, status: undefined });
  assert.deepEqual(splitStatusTag('[Resources](./a/README.md)'), {
    title: '[Resources](./a/README.md)',
    tag: null,
    status: undefined,
  });
  assert.deepEqual(splitStatusTag('  Servers  '), { title: 'Servers', tag: null, status: undefined });
});
