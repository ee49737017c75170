import {
  MAX_CODE_DEPTH,
  checkCodeFormat,
  codeDepth,
  nextFreeCode,
  normaliseCode,
  parentCodeOf,
} from './section-code.js';
import { SECTION_STATUSES, statusBadge, type SectionStatus } from './status.js';
import type { SourceMessage } from './source-message.js';
import type { SourceSection } from './source-section.js';
import { splitStatusTag } from './status-tag.js';

/**
 * A heading of the index: `source` is the target of its link (`./02-infrastructure/…/README.md`)
 * or null, `body` the text up to the next heading, trimmed.
 */
export type SeedSection = Pick<SourceSection, 'code' | 'title' | 'status' | 'source' | 'line' | 'parentCode' | 'body'> & { level: number };

export interface SeedIndex {
  sections: SeedSection[];
  problems: SourceMessage[];
}

export interface Heading {
  depth: number;
  text: string;
}

export interface CodedHeading {
  rawCode: string;
  rest: string;
}

const HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
// The lookahead keeps titles such as `3D модели` or `1С` from being read as codes.
const CODED = /^(\d[\d.\\]*)(?=[\s\-–—:]|$)[ \t]*(?:[-–—:][ \t]*)?(.*)$/;
const THEMATIC_BREAK = /^ {0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
export const WHOLE_LINK = /^\[((?:\\.|[^\]\\])*)\]\(\s*<?([^)\s>]*)>?(?:\s+"[^"]*")?\s*\)$/;
export const INLINE_LINK = /\[((?:\\.|[^\]\\])*)\]\([^)]*\)/g;
const MARKDOWN_ESCAPE = /\\([!-/:-@[-`{-~])/g;

export function parseHeading(line: string): Heading | null {
  const match = HEADING.exec(line);
  if (!match) return null;
  return { depth: (match[1] ?? '').length, text: (match[2] ?? '').trim() };
}

export function parseCoded(text: string): CodedHeading | null {
  const match = CODED.exec(text);
  return match ? { rawCode: match[1] ?? '', rest: (match[2] ?? '').trim() } : null;
}

export function unescapeMarkdown(text: string): string {
  return text.replace(MARKDOWN_ESCAPE, '$1');
}

const KNOWN_STATUSES = SECTION_STATUSES.map(statusBadge).join(', ');

type Report = (line: number, message: string) => void;

function reportEncoding(lines: readonly string[], report: Report): void {
  const broken = lines.flatMap((line, i) => (line.includes('\uFFFD') ? [i + 1] : []));
  const first = broken[0];
  if (first !== undefined) {
    const more = broken.length > 1 ? ` (и ещё в ${broken.length - 1})` : '';
    report(
      first,
      `Файл не в UTF-8: в строке ${first}${more} стоит символ замены U+FFFD, значит текст прочитан в чужой кодировке — пересохраните файл в UTF-8 и повторите импорт`,
    );
  }
  const nul = lines.findIndex((line) => line.includes('\u0000'));
  if (nul !== -1) {
    report(nul + 1, `В строке ${nul + 1} нулевой байт: это не текстовый markdown — проверьте, тот ли файл импортируется`);
  }
}

/** Returns the index of the first line after the front matter. */
function skipFrontMatter(lines: readonly string[], report: Report): number {
  if (lines[0]?.trimEnd() !== '---') return 0;
  for (let i = 1; i < lines.length; i++) {
    const line = (lines[i] ?? '').trimEnd();
    if (line === '---' || line === '...') return i + 1;
  }
  report(1, 'Блок front matter («---» в первой строке) не закрыт: добавьте строку «---» после его полей — иначе весь файл считается заголовочным блоком');
  return lines.length;
}

interface Draft {
  section: SeedSection;
  body: string[];
}

interface Known {
  line: number;
  underLink: boolean;
}

/** Where the reader is in the file: before the first chapter, in the index, or after its end. */
interface Reading {
  report: Report;
  sections: SeedSection[];
  known: Map<string, Known>;
  phase: 'preamble' | 'sections' | 'trailer';
  /** What ended the index, for the message about a section after it. */
  trailerStart: string;
  current: Draft | null;
  /** The fence of the code block the reader is in, if any: nothing inside it is a heading. */
  fence: string | null;
}

/**
 * Parses the team's index (seed/tapbot-docs-index.md). Sections that would break the tree
 * (bad or duplicate code, unknown parent) are left out; every other problem keeps the section
 * but is reported, and an import should not proceed while problems is non-empty.
 */
export function parseSeedIndex(text: string, file: string): SeedIndex {
  const problems: SourceMessage[] = [];
  const reading: Reading = {
    report: (line, message) => problems.push({ file, line, message }),
    sections: [],
    known: new Map(),
    phase: 'preamble',
    trailerStart: '',
    current: null,
    fence: null,
  };
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  reportEncoding(lines, reading.report);
  for (let i = skipFrontMatter(lines, reading.report); i < lines.length; i++) readLine(reading, lines[i] ?? '', i + 1);
  closeSection(reading);
  if (reading.phase === 'preamble') {
    reading.report(1, 'В файле не найдено ни одного раздела: оглавление начинается с заголовка главы вида «# 01 - Название»');
  }
  problems.sort((a, b) => a.line - b.line);
  return { sections: reading.sections, problems };
}

/** One line: code blocks go into the body whole; a coded heading opens a section; the index ends at a break. */
function readLine(reading: Reading, raw: string, line: number): void {
  if (readFence(reading, raw)) return;
  const heading = parseHeading(raw);
  const coded = heading ? parseCoded(heading.text) : null;
  if (reading.phase === 'trailer') {
    reportAfterTrailer(reading, heading, coded, line);
    return;
  }
  if (reading.phase === 'sections' && endIndex(reading, raw, heading, coded, line)) return;
  if (heading && coded) {
    closeSection(reading);
    reading.phase = 'sections';
    reading.current = openSection(reading, heading, coded, line);
    return;
  }
  reading.current?.body.push(raw);
}

/** Whether the line opens, continues or closes a fenced code block (kept in the body as it is). */
function readFence(reading: Reading, raw: string): boolean {
  if (reading.fence !== null) {
    if (raw.trim().startsWith(reading.fence) && raw.trim().replace(/[`~]/g, '') === '') reading.fence = null;
    reading.current?.body.push(raw);
    return true;
  }
  const opening = FENCE.exec(raw);
  if (!opening) return false;
  reading.fence = opening[1] ?? null;
  reading.current?.body.push(raw);
  return true;
}

/** A thematic break or a heading without a code ends the index (`---`, `## 📊 Статус проекта`). */
function endIndex(reading: Reading, raw: string, heading: Heading | null, coded: CodedHeading | null, line: number): boolean {
  const endsByBreak = THEMATIC_BREAK.test(raw);
  // Headings deeper than a section can be (##### and ######) stay in the body as subheadings.
  const endsByHeading = heading !== null && coded === null && heading.depth <= MAX_CODE_DEPTH;
  if (!endsByBreak && !endsByHeading) return false;
  closeSection(reading);
  reading.phase = 'trailer';
  reading.trailerStart = endsByBreak ? `разделитель «---» в строке ${line}` : `заголовок без кода «${heading?.text ?? ''}» в строке ${line}`;
  return true;
}

function reportAfterTrailer(reading: Reading, heading: Heading | null, coded: CodedHeading | null, line: number): void {
  if (!heading || !coded || checkCodeFormat(normaliseCode(coded.rawCode)) !== null) return;
  reading.report(
    line,
    `Раздел ${normaliseCode(coded.rawCode)} стоит после конца оглавления (${reading.trailerStart}) и не будет импортирован: перенесите его выше или уберите то, что завершило оглавление`,
  );
}

function closeSection(reading: Reading): void {
  if (reading.current) reading.current.section.body = reading.current.body.join('\n').trim();
  reading.current = null;
}

/** A coded heading: the section it opens, or null when its code would break the tree (reported). */
function openSection({ report, known, sections }: Reading, heading: Heading, coded: CodedHeading, line: number): Draft | null {
  const code = normaliseCode(coded.rawCode);
  const formatProblem = checkCodeFormat(code);
  if (formatProblem) {
    report(line, formatProblem.message);
    return null;
  }
  const { title: untagged, tag, status: tagged } = splitStatusTag(coded.rest);
  const link = WHOLE_LINK.exec(untagged);
  const source = link ? (link[2] ?? null) : null;
  const title = unescapeMarkdown(link ? (link[1] ?? '') : untagged.replace(INLINE_LINK, '$1')).trim();
  const depth = codeDepth(code);

  const first = known.get(code);
  if (first) {
    const free = suggestCode(parentCodeOf(code), known.keys());
    report(
      line,
      `Код ${code} повторяется: строка ${first.line} и строка ${line} («${title}»). Коды разделов уникальны — дайте этому разделу свободный код${free ? `, например ${free},` : ''} или удалите повтор`,
    );
    return null;
  }
  const parentCode = parentCodeOf(code);
  const parent = parentCode === null ? undefined : known.get(parentCode);
  if (parentCode !== null && !parent) {
    report(
      line,
      `Раздел ${code} «${title}»: родительский раздел ${parentCode} не найден выше в файле — добавьте перед ним заголовок «${'#'.repeat(depth - 1)} ${parentCode.replaceAll('.', '\\.')} - Название» или исправьте код`,
    );
    return null;
  }
  if (heading.depth !== depth) {
    report(
      line,
      `Заголовок уровня ${heading.depth} («${'#'.repeat(heading.depth)}») у раздела ${code}, а код из ${depth} уровн${depth === 1 ? 'я' : 'ей'}: уровень заголовка должен совпадать с глубиной кода — напишите «${'#'.repeat(depth)}» или исправьте код`,
    );
  }
  if (title === '') {
    report(line, `У раздела ${code} нет названия: после кода нужно « - Название», например «## 02\\.01 - Servers»`);
  }
  const underLink = source !== null || (parent?.underLink ?? false);
  const fallback: SectionStatus = underLink ? 'published' : 'in_progress';
  if (tag !== null && tagged === undefined) {
    report(
      line,
      `Неизвестный статус «${tag}» у раздела ${code}: допустимы ${KNOWN_STATUSES} — исправьте метку или уберите её (тогда статус будет «${statusBadge(fallback)}»)`,
    );
  }
  known.set(code, { line, underLink });
  const section: SeedSection = { code, title, level: depth, status: tagged ?? fallback, source, line, parentCode, body: '' };
  sections.push(section);
  return { section, body: [] };
}

function suggestCode(parentCode: string | null, taken: Iterable<string>): string | null {
  try {
    return nextFreeCode(parentCode, taken);
  } catch {
    return null;
  }
}
