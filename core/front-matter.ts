import { isMap, isScalar, LineCounter, parseDocument, type Document } from 'yaml';

/** A front matter value with the line it was written on (1-based, in the whole file). */
export interface FrontMatterField {
  value: unknown;
  /** The scalar as written, before YAML typed it: `02.01` stays `02.01` instead of the number 2.01. */
  raw: string | null;
  line: number;
}

export interface ParsedFrontMatter {
  fields: ReadonlyMap<string, FrontMatterField>;
  /** Line of the opening `---` (1) or 0 when the file has no front matter. */
  line: number;
  /** The text after the front matter, with the file's own line breaks normalised to LF. */
  body: string;
  /** 1-based line of the body's first line in the file. */
  bodyLine: number;
}

export type FrontMatterResult = { ok: true; value: ParsedFrontMatter } | { ok: false; line: number; message: string };

/** LF line ends and no byte order mark: what every markdown reader here works on. */
export function normaliseText(text: string): string {
  return text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}

function lineOf(counter: LineCounter, offset: number, firstLine: number): number {
  return counter.linePos(offset).line + firstLine - 1;
}

/**
 * Splits `---`-delimited YAML front matter from a markdown text and parses it, keeping the line
 * of every key, so a wrong value is reported as `file:line` (the YAML errors themselves too).
 */
export function parseFrontMatter(input: string): FrontMatterResult {
  const text = normaliseText(input);
  const lines = text.split('\n');
  if (lines[0]?.trimEnd() !== '---') return { ok: true, value: { fields: new Map(), line: 0, body: text, bodyLine: 1 } };
  let close = -1;
  for (let i = 1; i < lines.length; i++) {
    const line = (lines[i] ?? '').trimEnd();
    if (line === '---' || line === '...') {
      close = i;
      break;
    }
  }
  if (close === -1) {
    return {
      ok: false,
      line: 1,
      message: 'Блок front matter («---» в первой строке) не закрыт: добавьте строку «---» после его полей',
    };
  }
  const yamlText = lines.slice(1, close).join('\n');
  const counter = new LineCounter();
  const doc: Document = parseDocument(yamlText, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  const firstLine = 2;
  const error = doc.errors[0];
  if (error) {
    const at = counter.linePos(error.pos[0]).line;
    const what = error.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? error.message;
    return {
      ok: false,
      line: at + firstLine - 1,
      message: `Front matter не читается как YAML (${what}): исправьте синтаксис — «ключ: значение», строки с «:» или «#» возьмите в кавычки`,
    };
  }
  const fields = new Map<string, FrontMatterField>();
  const contents = doc.contents;
  if (contents !== null && contents !== undefined && !isMap(contents)) {
    return { ok: false, line: firstLine, message: 'Front matter должен быть набором полей «ключ: значение», а не списком или строкой' };
  }
  if (isMap(contents)) {
    const values = (doc.toJS() ?? {}) as Record<string, unknown>;
    for (const pair of contents.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      const keyOffset = isScalar(pair.key) && pair.key.range ? pair.key.range[0] : 0;
      const value = pair.value;
      let raw: string | null = null;
      if (isScalar(value) && value.range) raw = yamlText.slice(value.range[0], value.range[1]).trim();
      if (isScalar(value) && typeof value.value === 'string') raw = value.value;
      fields.set(key, {
        value: values[key] ?? null,
        raw,
        line: lineOf(counter, keyOffset, firstLine),
      });
    }
  }
  return { ok: true, value: { fields, line: 1, body: lines.slice(close + 1).join('\n'), bodyLine: close + 2 } };
}
