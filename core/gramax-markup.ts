/**
 * Gramax articles mix markdown with Gramax's own components (`<view …/>`, `<note>`, `<cut>`,
 * `[cmd:…]` …) and plain HTML. A section body in the knowledge base is plain markdown, so on
 * import every tag is either turned into the markdown that says the same thing or dropped with
 * a warning; none is left raw. Code (fenced blocks and code spans) is never touched.
 */

import type { SourceMessage } from './source-message.js';

/** A warning at a 1-based line of the converted text (the line count never changes); the caller knows the file. */
export type MarkupWarning = Omit<SourceMessage, 'file'>;

export interface ConvertedMarkup {
  text: string;
  warnings: MarkupWarning[];
}

/**
 * `all`: a Gramax article — every tag goes. `gramax`: a file the export wrote, whose body is
 * the knowledge base's own markdown (where an editor may have used HTML on purpose) — only
 * Gramax's components go, added when someone edited the mirror in Gramax.
 */
export type MarkupScope = 'all' | 'gramax';

const NOTE_LABELS: Readonly<Record<string, string>> = {
  note: 'Примечание',
  info: 'Информация',
  tip: 'Совет',
  warning: 'Внимание',
  danger: 'Опасно',
  quote: 'Цитата',
  lab: 'Эксперимент',
  hotfixes: 'Исправления',
};

/** Gramax components that only mean something inside Gramax: dropped with a warning. */
const GRAMAX_DROPPED = new Set([
  'view', 'snippet', 'include', 'issue', 'icon', 'unsupported', 'db-diagram', 'db-table', 'module', 'fn', 'formula',
  'html', 'color', 'term', 'who', 'when', 'alfa', 'beta', 'see', 'tag', 'alert', 'inline-image', 'answer', 'question',
]);
/** Gramax components whose content is kept as markdown. */
const GRAMAX_CONVERTED = new Set(['note', 'cut', 'tabs', 'tab', 'video', 'drawio', 'mermaid', 'plant-uml', 'image', 'cmd', 'kbd']);
const GRAMAX_NAMES = new Set([...GRAMAX_DROPPED, ...GRAMAX_CONVERTED]);

const INLINE_MARKS: Readonly<Record<string, string>> = {
  b: '**', strong: '**', i: '*', em: '*', s: '~~', del: '~~', strike: '~~', code: '`', kbd: '`',
};

// A fence may sit inside a blockquote (a converted note holds code blocks too).
const FENCE = /^(?: {0,3}>[ ]?)* {0,3}(`{3,}|~{3,})/;
const QUOTE_PREFIX = /^(?: {0,3}>[ ]?)*/;

function closesFence(line: string, fence: string): boolean {
  const text = line.replace(QUOTE_PREFIX, '').trim();
  return text.startsWith(fence) && text.replace(/[`~]/g, '') === '';
}
const CODE_SPAN = /(`+)[\s\S]*?\1/g;
const TAG = /(\\?)<(\/?)([A-Za-z][\w-]*)((?:\s+[^<>]*?)?)\s*(\/?)>/g;
const ANCHOR = /<a\s[^>]*?href\s*=\s*(?:"([^"]*)"|'([^']*)')[^>]*>([^<]*)<\/a\s*>/gi;
const BRACKET = /(\\?)\[(\/?)([a-z][a-z-]*)(?::([^\]\n]*))?\](?![([:])/g;
const ATTRIBUTE = /([A-Za-z_][\w-]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/g;

function attributes(text: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const match of text.matchAll(ATTRIBUTE)) found.set((match[1] ?? '').toLowerCase(), match[2] ?? match[3] ?? match[4] ?? '');
  return found;
}

function noteLabel(type: string | undefined, title: string | undefined): string {
  if (title && title.trim()) return title.trim();
  return NOTE_LABELS[(type ?? 'note').toLowerCase()] ?? NOTE_LABELS.note ?? 'Примечание';
}

function dropMessage(name: string, gramax: boolean): string {
  return gramax
    ? `Компонент Gramax <${name}> удалён: в базе знаний его нечем показать — при необходимости опишите его содержимое обычным markdown`
    : `HTML-тег <${name}> удалён (текст внутри сохранён): тело раздела — обычный markdown без HTML`;
}

interface LineState {
  note: boolean;
  comment: boolean;
}

/** One line being converted: what spans lines (an open note or comment) lives in `state`. */
interface LineContext {
  scope: MarkupScope;
  state: LineState;
  warnings: MarkupWarning[];
  lineNo: number;
  /** Each kind of warning once per line. */
  warned: Set<string>;
  /** A note opened at the start of this line quotes the line itself. */
  openedHere: boolean;
}

function warnOnce(ctx: LineContext, key: string, message: string): void {
  if (ctx.warned.has(key)) return;
  ctx.warned.add(key);
  ctx.warnings.push({ line: ctx.lineNo, message });
}

export function convertGramaxMarkup(input: string, scope: MarkupScope = 'all'): ConvertedMarkup {
  const lines = input.split('\n');
  const warnings: MarkupWarning[] = [];
  const state: LineState = { note: false, comment: false };
  let fence: string | null = null;
  const out: string[] = [];

  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    const ctx: LineContext = { scope, state, warnings, lineNo: i + 1, warned: new Set(), openedHere: false };
    const quoted = (text: string, wasNote: boolean) => (wasNote || state.note || ctx.openedHere ? (text.trim() === '' ? '>' : `> ${text}`) : text);

    if (fence !== null) {
      if (closesFence(raw, fence)) fence = null;
      out.push(quoted(raw, false));
      continue;
    }
    if (state.comment) {
      const end = raw.indexOf('-->');
      if (end === -1) {
        out.push(state.note ? '>' : '');
        continue;
      }
      state.comment = false;
      out.push(quoted(convertLine(ctx, raw.slice(end + 3)), false));
      continue;
    }
    const opening = FENCE.exec(raw);
    if (opening) {
      fence = opening[1] ?? null;
      out.push(quoted(raw, false));
      continue;
    }
    const wasNote = state.note;
    const converted = convertLine(ctx, raw);
    // What a removed tag leaves at the end of a line is not a markdown hard break.
    out.push(quoted(converted === raw ? raw : converted.trimEnd(), wasNote));
  }
  return { text: out.join('\n'), warnings };
}

function convertLine(ctx: LineContext, line: string): string {
  // Code spans are cut out first: `<b>` written as code is an example, not markup.
  let result = '';
  let last = 0;
  for (const span of line.matchAll(CODE_SPAN)) {
    const start = span.index ?? 0;
    result += convertText(ctx, line.slice(last, start), last === 0);
    result += span[0];
    last = start + span[0].length;
  }
  result += convertText(ctx, line.slice(last), last === 0);
  return result;
}

function convertText(ctx: LineContext, text: string, atLineStart: boolean): string {
  let t = text;
  if (ctx.scope === 'all') {
    t = t.replace(/<!--[\s\S]*?-->/g, () => {
      warnOnce(ctx, 'comment', 'HTML-комментарий удалён: в теле раздела он не нужен');
      return '';
    });
    const open = t.indexOf('<!--');
    if (open !== -1) {
      warnOnce(ctx, 'comment', 'HTML-комментарий удалён: в теле раздела он не нужен');
      ctx.state.comment = true;
      t = t.slice(0, open);
    }
    t = t.replace(ANCHOR, (_m, double: string | undefined, single: string | undefined, label: string) => `[${label}](${double ?? single ?? ''})`);
  }
  t = t.replace(BRACKET, (match, escaped: string, closing: string, name: string, value: string | undefined, offset: number) => {
    if (escaped || !GRAMAX_NAMES.has(name)) return match;
    return bracketTag(ctx, name, closing === '/', value, atLineStart && t.slice(0, offset).trim() === '');
  });
  return t.replace(TAG, (match, escaped: string, closing: string, rawName: string, attrText: string, selfClosing: string, offset: number) => {
    if (escaped) return match;
    const name = rawName.toLowerCase();
    const gramax = GRAMAX_NAMES.has(name);
    if (ctx.scope === 'gramax' && !gramax) return match;
    const attrs = attributes(attrText ?? '');
    const before = t.slice(0, offset);
    const lineStart = atLineStart && before.trim() === '';
    const after = t.slice(offset + match.length);
    return htmlTag(ctx, name, closing === '/', selfClosing === '/', attrs, lineStart, after.trim() === '', gramax);
  });
}

function openNote(ctx: LineContext, type: string | undefined, title: string | undefined, lineStart: boolean): string {
  if (lineStart) {
    ctx.state.note = true;
    ctx.openedHere = true;
  }
  return `**${noteLabel(type, title)}:** `;
}

function bracketTag(ctx: LineContext, name: string, closing: boolean, value: string | undefined, lineStart: boolean): string {
  if (closing) {
    if (name === 'note') ctx.state.note = false;
    return '';
  }
  switch (name) {
    case 'note':
      return openNote(ctx, value?.split(':')[0], value?.split(':').slice(1).join(':'), lineStart);
    case 'cmd':
    case 'kbd':
      return value ? `\`${value}\`` : '';
    case 'cut':
    case 'tab':
      return value ? `**${value}**` : '';
    case 'tabs':
      return '';
    default:
      if (value && (name === 'tag' || name === 'term' || name === 'who' || name === 'when')) {
        warnOnce(ctx, `[${name}]`, `Метка Gramax [${name}:${value}] заменена текстом «${value}»`);
        return value;
      }
      warnOnce(ctx, `[${name}]`, `Метка Gramax [${name}${value !== undefined ? `:${value}` : ''}] удалена: в базе знаний её нечем показать`);
      return '';
  }
}

function htmlTag(ctx: LineContext, name: string, closing: boolean, selfClosing: boolean, attrs: Map<string, string>, lineStart: boolean, lineEnd: boolean, gramax: boolean): string {
  if (name === 'note') {
    if (closing) {
      ctx.state.note = false;
      return '';
    }
    return openNote(ctx, attrs.get('type'), attrs.get('title'), lineStart);
  }
  if (closing) {
    const mark = INLINE_MARKS[name];
    if (mark) return mark;
    if (!GRAMAX_CONVERTED.has(name) && !['br', 'img', 'hr', 'p', 'div'].includes(name)) warnOnce(ctx, name, dropMessage(name, gramax));
    return '';
  }
  switch (name) {
    case 'cut': {
      const title = attrs.get('text') ?? attrs.get('title');
      return title ? `**${title}** ` : '';
    }
    case 'tabs':
      return '';
    case 'tab': {
      const title = attrs.get('name') ?? attrs.get('title');
      return title ? `**${title}** ` : '';
    }
    case 'video':
    case 'drawio':
    case 'mermaid':
    case 'plant-uml': {
      const path = attrs.get('path') ?? attrs.get('src');
      const label = name === 'video' ? 'Видео' : 'Диаграмма';
      warnOnce(ctx, name, `Компонент Gramax <${name}> заменён ссылкой «${label}»${path ? ` на ${path}` : ''}: сам файл в базу знаний не импортируется`);
      return path ? `[${label}](${path})` : '';
    }
    case 'image':
    case 'img': {
      const src = attrs.get('src') ?? attrs.get('path');
      return src ? `![${attrs.get('alt') ?? attrs.get('title') ?? ''}](${src})` : '';
    }
    case 'br':
      return lineEnd ? '\\' : ' ';
    case 'hr':
      return lineStart && lineEnd ? '---' : '';
    case 'p':
    case 'div':
      return '';
    default: {
      const mark = INLINE_MARKS[name];
      if (mark && !selfClosing) return mark;
      if (name === 'cmd') return '`';
      warnOnce(ctx, name, dropMessage(name, gramax));
      return '';
    }
  }
}

/** Tags left outside code, for checking that a converted body carries none. */
export function rawTagsOutsideCode(markdown: string): string[] {
  const found: string[] = [];
  let fence: string | null = null;
  for (const line of markdown.split('\n')) {
    if (fence !== null) {
      if (closesFence(line, fence)) fence = null;
      continue;
    }
    const opening = FENCE.exec(line);
    if (opening) {
      fence = opening[1] ?? null;
      continue;
    }
    for (const match of line.replace(CODE_SPAN, '').matchAll(TAG)) if (!match[1]) found.push(match[0]);
  }
  return found;
}
