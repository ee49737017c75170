import { z } from 'zod';
import { KbError } from './errors.js';

export const MAX_CODE_DEPTH = 4;
export const MAX_CODE_SEGMENT = 99;

const SEGMENT = /^(?:0[1-9]|[1-9]\d)$/;
const EXAMPLE_HINT = 'нужен формат NN.NN… (две цифры на уровень, до 4 уровней), например 02.01.03';

// Functions that take a code throw a `bad-input` KbError for one a caller should have validated
// first (a `conflict` one when no code is left); user-facing checks return a CodeProblem instead.

export type CodeProblem =
  | { kind: 'format'; code: string; message: string }
  | { kind: 'depth'; code: string; depth: number; message: string }
  | { kind: 'prefix'; code: string; parentCode: string | null; message: string }
  | { kind: 'taken'; code: string; message: string };

export const sectionCodeSchema = z
  .string()
  .refine((code) => isValidCodeFormat(code), { message: `Неверный код раздела: ${EXAMPLE_HINT}` });

function segmentsAreValid(code: string): boolean {
  return code !== '' && code.split('.').every((segment) => SEGMENT.test(segment));
}

export function isValidCodeFormat(code: string): boolean {
  return segmentsAreValid(code) && codeDepth(code) <= MAX_CODE_DEPTH;
}

export function codeDepth(code: string): number {
  return code === '' ? 0 : code.split('.').length;
}

export function parentCodeOf(code: string): string | null {
  const dot = code.lastIndexOf('.');
  return dot === -1 ? null : code.slice(0, dot);
}

export function lastSegment(code: string): number {
  const segment = code.slice(code.lastIndexOf('.') + 1);
  if (!SEGMENT.test(segment)) throw new KbError('bad-input', formatMessage(code));
  return Number(segment);
}

/** Numeric per segment so that 02.10 sorts after 02.09 and a parent before its children. */
export function compareCodes(a: string, b: string): number {
  const left = a.split('.');
  const right = b.split('.');
  const shared = Math.min(left.length, right.length);
  for (let i = 0; i < shared; i++) {
    const x = left[i] ?? '';
    const y = right[i] ?? '';
    const nx = Number(x);
    const ny = Number(y);
    const diff = Number.isNaN(nx) || Number.isNaN(ny) ? (x < y ? -1 : x > y ? 1 : 0) : nx - ny;
    if (diff !== 0) return diff;
  }
  return left.length - right.length;
}

export function childCode(parentCode: string | null, n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > MAX_CODE_SEGMENT) {
    throw new KbError('bad-input', `Номер раздела ${n} вне диапазона 01–${MAX_CODE_SEGMENT}`);
  }
  const segment = String(n).padStart(2, '0');
  if (parentCode === null) return segment;
  if (!segmentsAreValid(parentCode)) throw new KbError('bad-input', formatMessage(parentCode));
  if (codeDepth(parentCode) >= MAX_CODE_DEPTH) throw new KbError('bad-input', parentAtMaxDepthMessage(parentCode));
  return `${parentCode}.${segment}`;
}

/**
 * Takes the highest sibling number + 1 rather than the first gap, so a number people have cited is not
 * handed to a different section right after a deletion; gaps are reused only once 99 is taken.
 */
export function nextFreeCode(parentCode: string | null, takenCodes: Iterable<string>): string {
  const used = new Set<number>();
  for (const code of takenCodes) {
    if (parentCodeOf(code) !== parentCode) continue;
    const segment = code.slice(code.lastIndexOf('.') + 1);
    if (SEGMENT.test(segment)) used.add(Number(segment));
  }
  let max = 0;
  for (const n of used) max = Math.max(max, n);
  if (max < MAX_CODE_SEGMENT) return childCode(parentCode, max + 1);
  for (let n = 1; n <= MAX_CODE_SEGMENT; n++) {
    if (!used.has(n)) return childCode(parentCode, n);
  }
  const where = parentCode === null ? 'Среди глав' : `Внутри раздела ${parentCode}`;
  throw new KbError('conflict', `${where} заняты все номера 01–${MAX_CODE_SEGMENT}: новый раздел разместите в другом месте дерева`);
}

export function checkCodeFormat(code: string): CodeProblem | null {
  if (!segmentsAreValid(code)) return { kind: 'format', code, message: formatMessage(code) };
  const depth = codeDepth(code);
  if (depth > MAX_CODE_DEPTH) {
    return {
      kind: 'depth',
      code,
      depth,
      message: `Код ${code} слишком глубокий: ${depth} уровней, а допускается не больше ${MAX_CODE_DEPTH} — разместите раздел выше по дереву`,
    };
  }
  return null;
}

export interface CodeCheck {
  code: string;
  parentCode: string | null;
  /** Codes of the other sections; the section's own current code must not be among them. */
  takenCodes: Iterable<string>;
}

export function checkCode({ code, parentCode, takenCodes }: CodeCheck): CodeProblem | null {
  const formatProblem = checkCodeFormat(code);
  if (formatProblem) return formatProblem;
  if (parentCode !== null && codeDepth(parentCode) >= MAX_CODE_DEPTH) {
    return { kind: 'depth', code, depth: codeDepth(parentCode) + 1, message: parentAtMaxDepthMessage(parentCode) };
  }
  if (parentCodeOf(code) !== parentCode) {
    const message =
      parentCode === null
        ? `Код ${code} не подходит главе (разделу без родителя): код главы состоит из одного уровня, например 03`
        : `Код ${code} не подходит разделу внутри ${parentCode}: код должен начинаться с «${parentCode}.» и иметь ровно один уровень больше`;
    return { kind: 'prefix', code, parentCode, message };
  }
  for (const taken of takenCodes) {
    if (taken === code) return { kind: 'taken', code, message: `Код ${code} уже занят другим разделом` };
  }
  return null;
}

/** Undoes what markdown and hand typing add: `02\.01.03` and ` 02.01. ` both become the code itself. */
export function normaliseCode(raw: string): string {
  return raw.replace(/[\\\s]/g, '').replace(/\.$/, '');
}

export interface RecodeRequest {
  oldCode: string;
  newCode: string;
  descendantCodes: Iterable<string>;
}

export type RecodeResult = { ok: true; codes: Map<string, string> } | { ok: false; problem: CodeProblem };

/** Maps every code of a moved subtree (the moved section included) to its new code. */
export function recodeSubtree({ oldCode, newCode, descendantCodes }: RecodeRequest): RecodeResult {
  const newProblem = checkCodeFormat(newCode);
  if (newProblem) return { ok: false, problem: newProblem };
  const codes = new Map<string, string>([[oldCode, newCode]]);
  const prefix = `${oldCode}.`;
  for (const code of descendantCodes) {
    if (!code.startsWith(prefix)) {
      throw new KbError('bad-input', `Код ${code} не лежит внутри раздела ${oldCode}`);
    }
    const moved = newCode + code.slice(oldCode.length);
    const depth = codeDepth(moved);
    if (depth > MAX_CODE_DEPTH) {
      return {
        ok: false,
        problem: {
          kind: 'depth',
          code: moved,
          depth,
          message: `Перенос ${oldCode} → ${newCode} невозможен: подраздел ${code} получил бы код ${moved} глубже ${MAX_CODE_DEPTH} уровней — выберите место повыше`,
        },
      };
    }
    codes.set(code, moved);
  }
  return { ok: true, codes };
}

function formatMessage(code: string): string {
  return `Код «${code}» неверен: ${EXAMPLE_HINT}`;
}

function parentAtMaxDepthMessage(parentCode: string): string {
  return `Раздел ${parentCode} уже на ${MAX_CODE_DEPTH}-м уровне: вложенные разделы глубже ${MAX_CODE_DEPTH} уровней не допускаются`;
}
