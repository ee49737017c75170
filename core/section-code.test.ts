import { test } from 'node:test';
import { isKbError } from './errors.js';
import assert from 'node:assert/strict';
import {
  checkCode,
  childCode,
  codeDepth,
  compareCodes,
  isValidCodeFormat,
  lastSegment,
  nextFreeCode,
  normaliseCode,
  parentCodeOf,
  recodeSubtree,
  sectionCodeSchema,
} from './section-code.js';

test('format: two digits per level, 01–99, one to four levels', () => {
  for (const code of ['01', '99', '02.01', '02.01.03', '06.05.01.01', '10.20.30.40']) {
    assert.equal(isValidCodeFormat(code), true, code);
  }
  for (const code of ['', '1', '2.1', '00', '02.00', '100', '02..01', '02.01.', '.02', 'ab', '02.01.03.04.05', '02\\.01']) {
    assert.equal(isValidCodeFormat(code), false, code);
  }
  assert.equal(sectionCodeSchema.safeParse('02.01').success, true);
  assert.equal(sectionCodeSchema.safeParse('2.1').success, false);
});

test('depth, parent and last segment', () => {
  assert.equal(codeDepth('02'), 1);
  assert.equal(codeDepth('06.05.01.01'), 4);
  assert.equal(parentCodeOf('02'), null);
  assert.equal(parentCodeOf('02.01.03'), '02.01');
  assert.equal(lastSegment('02.01.03'), 3);
  assert.equal(lastSegment('42'), 42);
  assert.throws(() => lastSegment('02.x'), (e: unknown) => isKbError(e, 'bad-input') && /неверен/.test(e.message));
});

test('compareCodes sorts numerically, parents before children', () => {
  const codes = ['02.10', '02.01.02', '01', '02', '02.09', '02.01', '10', '02.01.01'];
  assert.deepEqual([...codes].sort(compareCodes), ['01', '02', '02.01', '02.01.01', '02.01.02', '02.09', '02.10', '10']);
  assert.equal(compareCodes('02.01', '02.01'), 0);
});

test('childCode pads and refuses depth and range violations', () => {
  assert.equal(childCode(null, 3), '03');
  assert.equal(childCode('02.01', 12), '02.01.12');
  assert.throws(() => childCode('02', 0), (e: unknown) => isKbError(e, 'bad-input') && /вне диапазона/.test(e.message));
  assert.throws(() => childCode('02', 100), (e: unknown) => isKbError(e, 'bad-input') && /вне диапазона/.test(e.message));
  assert.throws(() => childCode('02', 1.5), (e: unknown) => isKbError(e, 'bad-input'));
  assert.throws(() => childCode('06.05.01.01', 1), (e: unknown) => isKbError(e, 'bad-input') && /уровне/.test(e.message));
  assert.throws(() => childCode('2.1', 1), (e: unknown) => isKbError(e, 'bad-input') && /неверен/.test(e.message));
});

test('nextFreeCode takes max sibling + 1, not the first gap', () => {
  const taken = ['01', '02', '02.01', '02.03', '02.03.01', '03'];
  assert.equal(nextFreeCode(null, taken), '04');
  assert.equal(nextFreeCode('02', taken), '02.04');
  assert.equal(nextFreeCode('02.03', taken), '02.03.02');
  assert.equal(nextFreeCode('02.01', taken), '02.01.01');
  assert.equal(nextFreeCode(null, []), '01');
});

test('nextFreeCode falls back to gaps once 99 is taken, then gives up', () => {
  const withTop = ['05.01', '05.02', '05.99'];
  assert.equal(nextFreeCode('05', withTop), '05.03');
  const full = Array.from({ length: 99 }, (_, i) => childCode('05', i + 1));
  assert.throws(() => nextFreeCode('05', full), (e: unknown) => isKbError(e, 'conflict') && /заняты все номера/.test(e.message));
  assert.throws(() => nextFreeCode('06.05.01.01', []), (e: unknown) => isKbError(e, 'bad-input') && /уровне/.test(e.message));
});

test('checkCode: format problem', () => {
  assert.deepEqual(checkCode({ code: '2.1', parentCode: '02', takenCodes: [] }), {
    kind: 'format',
    code: '2.1',
    message: 'Код «2.1» неверен: нужен формат NN.NN… (две цифры на уровень, до 4 уровней), например 02.01.03',
  });
});

test('checkCode: depth problems', () => {
  const tooDeep = checkCode({ code: '01.01.01.01.01', parentCode: '01.01.01.01', takenCodes: [] });
  assert.equal(tooDeep?.kind, 'depth');
  assert.match(tooDeep?.message ?? '', /Код 01\.01\.01\.01\.01 слишком глубокий: 5 уровней/);
  const underLeafLevel = checkCode({ code: '01.01.01.01', parentCode: '01.01.01.01', takenCodes: [] });
  assert.equal(underLeafLevel?.kind, 'depth');
  assert.match(underLeafLevel?.message ?? '', /Раздел 01\.01\.01\.01 уже на 4-м уровне/);
});

test('checkCode: prefix problems', () => {
  assert.deepEqual(checkCode({ code: '03.01', parentCode: '02.01', takenCodes: [] }), {
    kind: 'prefix',
    code: '03.01',
    parentCode: '02.01',
    message: 'Код 03.01 не подходит разделу внутри 02.01: код должен начинаться с «02.01.» и иметь ровно один уровень больше',
  });
  assert.equal(checkCode({ code: '02.01.03.01', parentCode: '02.01', takenCodes: [] })?.kind, 'prefix');
  const chapter = checkCode({ code: '02.01', parentCode: null, takenCodes: [] });
  assert.equal(chapter?.kind, 'prefix');
  assert.match(chapter?.message ?? '', /не подходит главе/);
});

test('checkCode: taken and valid', () => {
  assert.deepEqual(checkCode({ code: '02.01', parentCode: '02', takenCodes: new Set(['02', '02.01']) }), {
    kind: 'taken',
    code: '02.01',
    message: 'Код 02.01 уже занят другим разделом',
  });
  assert.equal(checkCode({ code: '02.02', parentCode: '02', takenCodes: ['02', '02.01'] }), null);
  assert.equal(checkCode({ code: '09', parentCode: null, takenCodes: ['01'] }), null);
});

test('normaliseCode strips markdown escapes and whitespace', () => {
  assert.equal(normaliseCode('02\\.01.03'), '02.01.03');
  assert.equal(normaliseCode(' 02 . 01 '), '02.01');
  assert.equal(normaliseCode('02.01.'), '02.01');
  assert.equal(normaliseCode('2.1'), '2.1');
});

test('recodeSubtree replaces the prefix of the whole subtree', () => {
  const result = recodeSubtree({ oldCode: '02.01', newCode: '04.02', descendantCodes: ['02.01.03', '02.01.03.02', '02.01.10'] });
  assert.equal(result.ok, true);
  if (!result.ok) return;
  assert.deepEqual(
    [...result.codes],
    [
      ['02.01', '04.02'],
      ['02.01.03', '04.02.03'],
      ['02.01.03.02', '04.02.03.02'],
      ['02.01.10', '04.02.10'],
    ],
  );
});

test('recodeSubtree refuses a move that would go deeper than four levels', () => {
  const result = recodeSubtree({ oldCode: '02.01', newCode: '04.02.01', descendantCodes: ['02.01.03', '02.01.03.02'] });
  assert.equal(result.ok, false);
  if (result.ok) return;
  assert.equal(result.problem.kind, 'depth');
  assert.equal(result.problem.code, '04.02.01.03.02');
  assert.match(result.problem.message, /подраздел 02\.01\.03\.02 получил бы код 04\.02\.01\.03\.02/);
});

test('recodeSubtree rejects a bad target and a foreign descendant', () => {
  const bad = recodeSubtree({ oldCode: '02.01', newCode: '4.2', descendantCodes: [] });
  assert.equal(bad.ok ? null : bad.problem.kind, 'format');
  assert.throws(() => recodeSubtree({ oldCode: '02.01', newCode: '04.02', descendantCodes: ['02.011'] }), (e: unknown) => isKbError(e, 'bad-input') && /не лежит внутри/.test(e.message));
  assert.throws(() => recodeSubtree({ oldCode: '02.01', newCode: '04.02', descendantCodes: ['02.02.01'] }), (e: unknown) => isKbError(e, 'bad-input') && /не лежит внутри/.test(e.message));
});
