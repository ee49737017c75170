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

/**
 * Parses the team's index (seed/tapbot-docs-index.md). Sections that would break the tree
 * (bad or duplicate code, unknown parent) are left out; every other problem keeps the section
 * but is reported, and an import should not proceed while problems is non-empty.
 */
export function parseSeedIndex(text: string, file: string): SeedIndex {
  const problems: SourceMessage[] = [];
  const report: Report = (line, message) => problems.push({ file, line, message });
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  reportEncoding(lines, report);

  const sections: SeedSection[] = [];
  const known = new Map<string, Known>();
  let phase: 'preamble' | 'sections' | 'trailer' = 'preamble';
  let trailerStart = '';
  let current: Draft | null = null;
  let fence: string | null = null;

  const flush = (): void => {
    if (current) current.section.body = current.body.join('\n').trim();
    current = null;
  };

  const openSection = (heading: Heading, coded: CodedHeading, line: number): Draft | null => {
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
    const section: SeedSection = {
      code,
      title,
      level: depth,
      status: tagged ?? fallback,
      source,
      line,
      parentCode,
      body: '',
    };
    sections.push(section);
    return { section, body: [] };
  };

  for (let i = skipFrontMatter(lines, report); i < lines.length; i++) {
    const raw = lines[i] ?? '';
    const line = i + 1;
    if (fence !== null) {
      if (raw.trim().startsWith(fence) && raw.trim().replace(/[`~]/g, '') === '') fence = null;
      current?.body.push(raw);
      continue;
    }
    const opening = FENCE.exec(raw);
    if (opening) {
      fence = opening[1] ?? null;
      current?.body.push(raw);
      continue;
    }
    const heading = parseHeading(raw);
    const coded = heading ? parseCoded(heading.text) : null;

    if (phase === 'trailer') {
      if (heading && coded && checkCodeFormat(normaliseCode(coded.rawCode)) === null) {
        report(
          line,
          `Раздел ${normaliseCode(coded.rawCode)} стоит после конца оглавления (${trailerStart}) и не будет импортирован: перенесите его выше или уберите то, что завершило оглавление`,
        );
      }
      continue;
    }
    if (phase === 'sections') {
      const endsByBreak = THEMATIC_BREAK.test(raw);
      // Headings deeper than a section can be (##### and ######) stay in the body as subheadings.
      const endsByHeading = heading !== null && coded === null && heading.depth <= MAX_CODE_DEPTH;
      if (endsByBreak || endsByHeading) {
        flush();
        phase = 'trailer';
        trailerStart = endsByBreak ? `разделитель «---» в строке ${line}` : `заголовок без кода «${heading?.text ?? ''}» в строке ${line}`;
        continue;
      }
    }
    if (heading && coded) {
      flush();
      phase = 'sections';
      current = openSection(heading, coded, line);
      continue;
    }
    current?.body.push(raw);
  }
  flush();

  if (phase === 'preamble') {
    report(1, 'В файле не найдено ни одного раздела: оглавление начинается с заголовка главы вида «# 01 - Название»');
  }
  problems.sort((a, b) => a.line - b.line);
  return { sections, problems };
}

function suggestCode(parentCode: string | null, taken: Iterable<string>): string | null {
  try {
    return nextFreeCode(parentCode, taken);
  } catch {
    return null;
  }
}
