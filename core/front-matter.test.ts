import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFrontMatter } from './front-matter.js';

function ok(text: string) {
  const result = parseFrontMatter(text);
  assert.ok(result.ok, JSON.stringify(result));
  return result.value;
}

describe('parseFrontMatter', () => {
  test('keeps every key with its line in the file and the body after it', () => {
    const value = ok('---\ntitle: 02.01 - Хостинг\norder: 2\n---\n\nТекст\n');
    assert.deepEqual(value.fields.get('title'), { value: '02.01 - Хостинг', raw: '02.01 - Хостинг', line: 2 });
    assert.equal(value.fields.get('order')?.value, 2);
    assert.equal(value.fields.get('order')?.line, 3);
    assert.equal(value.body, '\nТекст\n');
    assert.equal(value.bodyLine, 5);
  });

  test('a code written without quotes is read as written, not as the number YAML makes of it', () => {
    const value = ok('---\ncode: 02.10\n---\n');
    assert.equal(value.fields.get('code')?.value, 2.1);
    assert.equal(value.fields.get('code')?.raw, '02.10');
  });

  test('a file without front matter is all body; CRLF and a byte order mark are normalised', () => {
    const value = ok('\uFEFF# Заголовок\r\nТекст\r\n');
    assert.equal(value.fields.size, 0);
    assert.equal(value.body, '# Заголовок\nТекст\n');
  });

  test('broken YAML is reported at its line in the file', () => {
    const result = parseFrontMatter('---\ntitle: ok\nproperties: [a, b\nsummary: x\n---\n');
    assert.equal(result.ok, false);
    assert.ok(!result.ok && result.line >= 3 && result.line <= 5, JSON.stringify(result));
    assert.match(!result.ok ? result.message : '', /не читается как YAML/);
  });

  test('a front matter that is never closed, a list instead of fields and a repeated key are refused', () => {
    const unclosed = parseFrontMatter('---\ntitle: x\n\nТекст');
    assert.deepEqual(unclosed.ok ? null : unclosed.line, 1);
    const list = parseFrontMatter('---\n- a\n- b\n---\n');
    assert.match(list.ok ? '' : list.message, /набором полей/);
    const repeated = parseFrontMatter('---\ntitle: a\ntitle: b\n---\n');
    assert.equal(repeated.ok ? 0 : repeated.line, 3);
  });
});
