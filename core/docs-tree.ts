import { posix } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { headingAnchor, resolveTreeLink } from './docs-tree-links.js';
import { parseFrontMatter, normaliseText, type FrontMatterField } from './front-matter.js';
import { convertGramaxMarkup } from './gramax-markup.js';
import { codeLabel, isProvisionalCode, provisionalCode } from './provisional-code.js';
import { checkCodeFormat, normaliseCode, parentCodeOf } from './section-code.js';
import { servablePath } from './page-path.js';
import { sectionHref, rewriteMarkdownLinks } from './section-links.js';
import { parseCoded, parseHeading, unescapeMarkdown, INLINE_LINK, WHOLE_LINK } from './seed-index.js';
import type { SectionExtras } from './section-record.js';
import { compareSourceMessages, type SourceMessage } from './source-message.js';
import type { SourceSection } from './source-section.js';
import { SECTION_STATUSES, statusBadge, statusFromText, type SectionStatus } from './status.js';
import { splitStatusTag } from './status-tag.js';

/**
 * The docs-as-code tree the team edits with Gramax, read into sections (pure: the files are
 * read by the caller). The layout: a `.doc-root.yaml` at the root; folders `NN-…`/`NN-NN-…`
 * whose README.md is the folder's own section; other `.md` articles with a code in their title
 * or file name; numbered headings inside an article are sections of their own, placed by code.
 * An article or folder without a number gets a provisional code (core/provisional-code.ts) and
 * its folder's section as parent; the import gives it a real code.
 * A README.md the export wrote (front matter with `code`/`id`) is exactly one section, its body
 * kept as written.
 */

export interface TreeFile {
  /** Relative to the tree root, `/`-separated. */
  path: string;
  text: string;
}

export interface TreeInput {
  /** Markdown files, `_index.md` included. */
  files: readonly TreeFile[];
  /** Text of `.doc-root.yaml`, or null when the tree has none. */
  docRoot: string | null;
  /** Every folder of the tree (relative paths, the root excluded), including empty ones. */
  folders: readonly string[];
  /** Files that exist but are not markdown: links to them are not "missing". */
  otherFiles: readonly string[];
  /** How the root is named in messages (the path as the user typed it). */
  label: string;
}

/** A section of the tree: `file` is named `<label>/<path>`; the extras are always there (maybe empty). */
export type TreeSection = SourceSection & { extras: SectionExtras };

export interface ParsedTree {
  sections: TreeSection[];
  problems: SourceMessage[];
  warnings: SourceMessage[];
}

const FOLDER_NAME = /^(\d{2}(?:-\d{2}(?=-|$))*)(?:-(.+))?$/;
const FILE_NAME = /^(\d{2}(?:-\d{2}(?=[-.]|$))*)(?:-(.+))?\.md$/i;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const OWNER_PROPERTIES = new Set(['ответственный', 'владелец', 'owner', 'responsible']);
const KNOWN_STATUSES = SECTION_STATUSES.map(statusBadge).join(', ');

/** `02-01-hosting` → { code: '02.01', slug: 'hosting' }; null for folders that are not numbered. */
export function codeFromName(name: string, isFile = false): { code: string; rest: string } | null {
  const match = (isFile ? FILE_NAME : FOLDER_NAME).exec(name);
  if (!match) return null;
  return { code: (match[1] ?? '').replaceAll('-', '.'), rest: match[2] ?? '' };
}

interface TitleParts {
  code: string | null;
  rawCode: string | null;
  /** The text after the code exactly as written (a mirror's title, which is never split). */
  rest: string;
  title: string;
  tag: string | null;
  status: SectionStatus | undefined;
}

function splitTitle(text: string): TitleParts {
  const coded = parseCoded(text.trim());
  const rawCode = coded && /[.\\]/.test(coded.rawCode) ? coded.rawCode : coded && /^\d{2}$/.test(coded.rawCode) ? coded.rawCode : null;
  const rest = rawCode !== null && coded ? coded.rest : text.trim();
  const { title, tag, status } = splitStatusTag(rest);
  return { code: rawCode === null ? null : normaliseCode(rawCode), rawCode, rest, title: unescapeMarkdown(title).trim(), tag, status };
}

function humanise(slug: string): string {
  const text = slug.replace(/[-_]+/g, ' ').trim();
  return text === '' ? '' : text[0]?.toUpperCase() + text.slice(1);
}

/** A heading that is a link (`## 02.02 - [Resources](./02-02/README.md)`) remembers its target. */
type Draft = TreeSection & {
  linkTarget?: string;
  /** The source says the status (a `status` field, a tag, a `Статус` property): no default applies. */
  statusGiven?: boolean;
};

interface Article {
  file: string;
  path: string;
  /** Sections it defines, the article's own first (when it has one). */
  sections: Draft[];
  /** Anchors of its coded headings → their codes (only split articles have them). */
  anchors: Map<string, string>;
  code: string | null;
  mirror: boolean;
  /** The body still to cut at its numbered headings, once every file's own code is known. */
  pending?: PendingSplit;
}

interface PendingSplit {
  own: TreeSection | null;
  lines: string[];
  firstLine: number;
  rootWithoutCode: boolean;
}

interface Context {
  label: string;
  problems: SourceMessage[];
  warnings: SourceMessage[];
}

function where(ctx: Context, path: string): string {
  return ctx.label === '' ? path : `${ctx.label}/${path}`;
}

function fieldString(field: FrontMatterField | undefined): string | null | undefined {
  if (field === undefined) return undefined;
  if (field.value === null) return null;
  if (typeof field.value === 'string') return field.value;
  if (typeof field.value === 'number' || typeof field.value === 'boolean') return field.raw ?? String(field.value);
  return undefined;
}

interface ArticleOptions {
  path: string;
  text: string;
  /** The code the folder or file name gives, and what gave it, for messages. */
  nameCode: string | null;
  nameWhat: string;
  /** Code of the nearest numbered folder around the file; the article must lie inside it. */
  insideCode: string | null;
  /** The root README: may have no code of its own. */
  isRoot: boolean;
  /** `_index.md` of a folder that has no README.md: stands in for it. */
  isIndex: boolean;
  folderName: string;
  /** Title when the front matter has none: from the folder or file name. */
  fallbackTitle: string;
  /** Where the article goes when it has no code at all: its folder's section (asked only then). */
  unnumberedParent: () => string | null;
}

/** Where one article's problems and warnings go; `ok` turns false with its first problem. */
interface ArticleReport {
  file: string;
  ok: boolean;
  problem(line: number, message: string): void;
  warn(line: number, message: string): void;
}

function articleReport(ctx: Context, file: string): ArticleReport {
  const report: ArticleReport = {
    file,
    ok: true,
    problem(line, message) {
      report.ok = false;
      ctx.problems.push({ file, line, message });
    },
    warn(line, message) {
      ctx.warnings.push({ file, line, message });
    },
  };
  return report;
}

type Fields = ReadonlyMap<string, FrontMatterField>;

interface ArticleTitle {
  text: string;
  parts: TitleParts;
  line: number;
}

function readTitle(report: ArticleReport, fields: Fields, options: ArticleOptions): ArticleTitle | null {
  const field = fields.get('title');
  if (field && typeof field.value !== 'string' && field.value !== null && typeof field.value !== 'number') {
    report.problem(field.line, 'Поле title должно быть строкой, например «title: 02.01 - Хостинг»');
    return null;
  }
  let text = fieldString(field) ?? '';
  // Gramax names an _index.md after its folder; that is not a title.
  if (options.isIndex && text.trim() === options.folderName) text = '';
  return { text, parts: splitTitle(text), line: field?.line ?? 1 };
}

/**
 * The article's code from its file or folder name, its title and (in an export) its `code`
 * field, which must all agree; null for the root README without one. `undefined`: refused.
 */
function resolveCode(report: ArticleReport, fields: Fields, title: ArticleTitle, options: ArticleOptions, mirror: boolean): string | null | undefined {
  let code = options.nameCode;
  const fromTitle = title.parts.code;
  if (fromTitle !== null) {
    const format = checkCodeFormat(fromTitle);
    if (format) report.problem(title.line, `${format.message} (в названии «${title.text.trim()}»)`);
    else if (code !== null && fromTitle !== code) {
      report.problem(
        title.line,
        `Код ${fromTitle} в названии не совпадает с кодом ${code} из ${options.nameWhat}: исправьте название («title: ${code} - ${title.parts.title}») или переименуйте ${options.nameWhat.includes('папки') ? 'папку' : 'файл'}`,
      );
    }
    code ??= fromTitle;
  }
  const codeField = mirror ? fields.get('code') : undefined;
  if (codeField) {
    const written = fieldString(codeField);
    if (written === undefined || written === null || checkCodeFormat(normaliseCode(written)) !== null) {
      report.problem(codeField.line, `Поле code «${String(codeField.raw ?? codeField.value)}» — не код раздела: нужен формат NN.NN…, в кавычках, например code: "02.01"`);
    } else if (written) {
      const fromField = normaliseCode(written);
      if (code !== null && fromField !== code) {
        report.problem(codeField.line, `Поле code ${fromField} не совпадает с кодом ${code} из ${fromTitle === code ? 'названия' : options.nameWhat}: раздел должен называться одинаково везде — исправьте одно из них`);
      }
      code ??= fromField;
    }
  }
  // No number anywhere: the import numbers it under its folder's section (give-codes.ts).
  if (code === null && !options.isRoot) return provisionalCode(`./${options.path}`);
  const inside = options.insideCode;
  if (code !== null && inside !== null && !code.startsWith(`${inside}.`) && code !== inside) {
    report.problem(
      title.line,
      `Статья с кодом ${code} лежит в папке раздела ${inside}: её код должен начинаться с «${inside}.» — исправьте код или перенесите файл в папку раздела ${parentCodeOf(code) ?? 'верхнего уровня'}`,
    );
  }
  return code;
}

const STATUS_PROPERTIES = new Set(['статус', 'status', 'состояние']);

/** The status a Gramax `properties` entry (`- name: Статус  value: Готово`) declares, if any. */
function propertyStatus(report: ArticleReport, fields: Fields): SectionStatus | undefined {
  const properties = fields.get('properties');
  if (!properties || !Array.isArray(properties.value)) return undefined;
  for (const property of properties.value as unknown[]) {
    const p = (property ?? {}) as { name?: unknown; value?: unknown };
    if (typeof p.name !== 'string' || !STATUS_PROPERTIES.has(p.name.trim().toLowerCase())) continue;
    const value = Array.isArray(p.value) ? p.value[0] : p.value;
    if (typeof value !== 'string' || value.trim() === '') continue;
    const status = statusFromText(value);
    if (status) return status;
    report.warn(properties.line, `Статус «${value}» из properties не сопоставлен ни с одним статусом базы знаний (${KNOWN_STATUSES}): раздел получит статус по правилу для статей без статуса`);
  }
  return undefined;
}

/**
 * The `status` field wins over a status tag in the title, then a `Статус` property. Without any,
 * the status is settled once the whole tree is read (settleUndeclaredStatuses).
 */
function readStatus(report: ArticleReport, fields: Fields, title: ArticleTitle): { status: SectionStatus; given: boolean } {
  const field = fields.get('status');
  if (field) {
    const written = fieldString(field);
    const status = written ? statusFromText(written) : undefined;
    if (status) return { status, given: true };
    report.problem(field.line, `Неизвестный статус «${String(field.value)}» в поле status: допустимы ${KNOWN_STATUSES} (или planned, in_progress, review, published, archived)`);
  } else if (title.parts.tag !== null) {
    if (title.parts.status) return { status: title.parts.status, given: true };
    report.problem(title.line, `Неизвестный статус «${title.parts.tag}» в названии: допустимы ${KNOWN_STATUSES} — исправьте метку или уберите её`);
  }
  const declared = propertyStatus(report, fields);
  return declared ? { status: declared, given: true } : { status: 'published', given: false };
}

function readId(report: ArticleReport, fields: Fields): string | undefined {
  const field = fields.get('id');
  if (!field) return undefined;
  const value = fieldString(field);
  if (value && UUID.test(value)) return value.toLowerCase();
  report.problem(field.line, `Поле id «${String(field.value)}» — не идентификатор раздела (UUID): не меняйте его вручную или удалите строку, тогда раздел найдётся по коду`);
  return undefined;
}

function readExtras(report: ArticleReport, fields: Fields): SectionExtras {
  const extras: SectionExtras = {};
  for (const key of ['owner', 'summary', 'slug'] as const) {
    const field = fields.get(key);
    if (!field) continue;
    const value = fieldString(field);
    if (value === undefined) report.problem(field.line, `Поле ${key} должно быть строкой или null`);
    else if (key === 'slug' && (value === null || value.trim() === '')) {
      // Directus always gives a section a slug; "none" means "from the title", which it does itself.
    } else extras[key] = value === null || value.trim() === '' ? null : value;
  }
  const due = fields.get('due_date');
  if (due) {
    const value = fieldString(due);
    if (value === undefined || (value !== null && !DATE.test(value) && value.trim() !== '')) {
      report.problem(due.line, `Поле due_date «${String(due.value)}» — не дата: нужен формат ГГГГ-ММ-ДД, например due_date: 2025-09-01`);
    } else extras.due_date = value === null || value.trim() === '' ? null : value;
  }
  const previous = fields.get('previous_codes');
  if (previous) {
    const value = previous.value;
    if (value === null) extras.previous_codes = null;
    else if (Array.isArray(value) && value.every((c) => typeof c === 'string' && checkCodeFormat(c) === null)) extras.previous_codes = value as string[];
    else report.problem(previous.line, 'Поле previous_codes — список прежних кодов в кавычках, например ["02.01"]');
  }
  const paths = fields.get('previous_paths');
  if (paths) {
    const value = paths.value;
    if (value === null) extras.previous_paths = null;
    else if (Array.isArray(value) && value.every((p) => typeof p === 'string' && servablePath(p) === p)) extras.previous_paths = value as string[];
    else report.problem(paths.line, 'Поле previous_paths — список прежних адресов страницы в кавычках, каждый от корня сайта и со слешем в конце, например ["/02-infrastructure/02-01-servers/"]');
  }
  return extras;
}

/** Gramax's catalog properties: the owner's name (`- name: Ответственный  value: …`) when no `owner` field says it. */
function readOwnerName(report: ArticleReport, fields: Fields, extras: SectionExtras, mirror: boolean): string | undefined {
  const properties = fields.get('properties');
  if (!properties) return undefined;
  if (!Array.isArray(properties.value)) {
    if (!mirror) report.problem(properties.line, 'Поле properties должно быть списком «- name: …  value: …»');
    return undefined;
  }
  if (extras.owner !== undefined) return undefined;
  let ownerName: string | undefined;
  for (const property of properties.value as unknown[]) {
    const p = (property ?? {}) as { name?: unknown; value?: unknown };
    if (typeof p.name === 'string' && OWNER_PROPERTIES.has(p.name.trim().toLowerCase())) {
      const value = Array.isArray(p.value) ? p.value[0] : p.value;
      if (typeof value === 'string' && value.trim()) ownerName = value.trim();
    }
  }
  return ownerName;
}

/** What an article's front matter says of its own section. */
interface ArticleHead {
  code: string | null;
  title: ArticleTitle;
  status: SectionStatus;
  statusGiven: boolean;
  extras: SectionExtras;
  id: string | undefined;
  ownerName: string | undefined;
  source: string | null;
  /** From the code, or for an article without one its folder's section. */
  parentCode: string | null;
}

function ownSection(report: ArticleReport, head: ArticleHead, code: string, title: string): Draft {
  return {
    statusGiven: head.statusGiven,
    code,
    title,
    status: head.status,
    body: '',
    source: head.source,
    parentCode: head.parentCode,
    file: report.file,
    line: head.title.line,
    extras: head.extras,
    ...(head.id ? { id: head.id } : {}),
    ...(head.ownerName ? { ownerName: head.ownerName } : {}),
  };
}

/** An article the export wrote: one section, its title and body exactly as stored. */
function mirrorSections(report: ArticleReport, head: ArticleHead, body: string, bodyLine: number): Draft | null {
  // The export writes titles as they are stored: no status word is split off, nothing unescaped.
  const title = head.title.parts.rest.trim();
  if (!title) {
    report.problem(head.title.line, `У раздела ${head.code ?? ''} нет названия: «title: ${head.code ?? '02.01'} - Название»`);
    return null;
  }
  const { text, warnings } = convertGramaxMarkup(body, 'gramax');
  for (const w of warnings) report.warn(w.line + bodyLine - 1, w.message);
  // The body as the export wrote it: one blank line after the front matter, one newline at the end.
  return { ...ownSection(report, head, head.code as string, title), body: text.replace(/^\n/, '').replace(/\n$/, '') };
}

function parseArticle(ctx: Context, options: ArticleOptions): Article | null {
  const { path } = options;
  const report = articleReport(ctx, where(ctx, path));
  const parsed = parseFrontMatter(options.text);
  if (!parsed.ok) {
    report.problem(parsed.line, parsed.message);
    return null;
  }
  const { fields, body, bodyLine } = parsed.value;
  const mirror = fields.has('code') || fields.has('id');
  const title = readTitle(report, fields, options);
  if (!title) return null;
  const code = resolveCode(report, fields, title, options, mirror);
  if (code === undefined) return null;
  const { status, given: statusGiven } = readStatus(report, fields, title);
  const id = readId(report, fields);
  const extras = readExtras(report, fields);
  const ownerName = readOwnerName(report, fields, extras, mirror);
  if (!report.ok) return null;

  const source = fields.has('source') ? (fieldString(fields.get('source')) ?? null) : `./${path}`;
  const parentCode = isProvisionalCode(code) ? options.unnumberedParent() : code === null ? null : parentCodeOf(code);
  const head: ArticleHead = { code, title, status, statusGiven, extras, id, ownerName, source, parentCode };
  const article: Article = { file: report.file, path, sections: [], anchors: new Map(), code, mirror };
  if (mirror) {
    const section = mirrorSections(report, head, body, bodyLine);
    if (!section) return null;
    article.sections.push(section);
    return article;
  }

  const own = code === null ? null : ownSection(report, head, code, title.parts.title);
  if (own && !own.title) {
    own.title = options.fallbackTitle || code || '';
    report.warn(title.line, `У статьи нет названия в front matter (title): взято «${own.title}» из имени ${options.path.endsWith('README.md') || options.isIndex ? 'папки' : 'файла'} — добавьте «title: ${isProvisionalCode(code) ? '' : `${code} - `}Название»`);
  }
  if (own) article.sections.push(own);

  const { text: converted, warnings } = convertGramaxMarkup(body, 'all');
  for (const w of warnings) report.warn(w.line + bodyLine - 1, w.message);
  article.pending = { own, lines: converted.split('\n'), firstLine: bodyLine, rootWithoutCode: options.isRoot && code === null };
  return article;
}

/**
 * A chapter's README often opens with numbered headings that repeat its sub-folders' codes, a
 * paragraph each (`## 02\\.01 - Обзор инфраструктуры`), while `02-01-servers/README.md` is the real
 * article: a heading whose code another file's article has is an overview of it, kept as text.
 */
function splitArticles(ctx: Context, articles: readonly Article[]): void {
  const fileCodes = new Map<string, Article>();
  for (const article of articles) {
    const own = article.sections[0];
    if (article.code !== null && own && !own.weak && !fileCodes.has(article.code)) fileCodes.set(article.code, article);
  }
  for (const article of articles) {
    if (!article.pending) continue;
    const { own, lines, firstLine, rootWithoutCode } = article.pending;
    const overviews = new Map([...fileCodes].filter(([code, by]) => by !== article && code !== article.code));
    splitHeadings(ctx, article, own, lines, firstLine, rootWithoutCode, overviews);
    delete article.pending;
  }
}

/**
 * Cuts an article at its numbered headings: each becomes a section placed by its code, with
 * the text under it as its body. Headings without a code, and overviews of another file's
 * article, stay in the body.
 */
function splitHeadings(ctx: Context, article: Article, own: TreeSection | null, lines: string[], firstLine: number, rootWithoutCode: boolean, overviews: ReadonlyMap<string, Article>): void {
  const { file } = article;
  const problem = (line: number, message: string) => ctx.problems.push({ file, line, message });
  const warn = (line: number, message: string) => ctx.warnings.push({ file, line, message });
  let current: { section: TreeSection | null; lines: string[] } = { section: own, lines: [] };
  const linked = new Set<string>();
  const noted = new Set<string>();
  const flush = () => {
    const body = current.lines.join('\n').trim();
    if (current.section) current.section.body = body;
    else if (body !== '' && rootWithoutCode) {
      warn(firstLine, 'Текст корневой статьи до первого раздела не импортируется: он не относится ни к одному разделу');
    }
  };
  let fence: string | null = null;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    const line = firstLine + i;
    if (fence !== null) {
      if (raw.trim().startsWith(fence) && raw.trim().replace(/[`~]/g, '') === '') fence = null;
      current.lines.push(raw);
      continue;
    }
    const opening = FENCE.exec(raw);
    if (opening) {
      fence = opening[1] ?? null;
      current.lines.push(raw);
      continue;
    }
    const heading = parseHeading(raw);
    const coded = heading ? parseCoded(heading.text) : null;
    if (!heading || !coded) {
      current.lines.push(raw);
      continue;
    }
    const looksLikeCode = /[.\\]/.test(coded.rawCode);
    const code = normaliseCode(coded.rawCode);
    const format = checkCodeFormat(code);
    if (format) {
      if (looksLikeCode) problem(line, `${format.message} (в заголовке «${heading.text}»); заголовок без кода остаётся текстом раздела — уберите номер или исправьте его`);
      current.lines.push(raw);
      continue;
    }
    const { title: untagged, tag, status: tagged } = splitStatusTag(coded.rest);
    const link = WHOLE_LINK.exec(untagged);
    const titleText = unescapeMarkdown(link ? (link[1] ?? '') : untagged.replace(INLINE_LINK, '$1')).trim();
    if (tag !== null && tagged === undefined) {
      problem(line, `Неизвестный статус «${tag}» у раздела ${code}: допустимы ${KNOWN_STATUSES} — исправьте метку или уберите её`);
    }
    // The article repeating its own title as a heading: the article already is that section.
    if (own && code === own.code) continue;
    const described = overviews.get(code);
    if (described) {
      if (!noted.has(code)) {
        noted.add(code);
        warn(line, `Заголовок «${heading.text}» — обзор раздела ${code}, который описан в ${described.file}: раздел берётся оттуда, а заголовок с его текстом остаётся в тексте ${own ? `раздела ${own.code}` : 'этой статьи'}`);
      }
      if (link) linked.add(code);
      current.lines.push(raw);
      continue;
    }
    flush();
    if (!titleText) problem(line, `У раздела ${code} нет названия: после кода нужно « - Название», например «## 02\\.01.01 - Основной сервер»`);
    if (own && !code.startsWith(`${own.code}.`)) {
      warn(line, `Раздел ${code} описан в статье раздела ${codeLabel(own.code)}, но по коду лежит не в нём: он встанет на место по коду (под ${parentCodeOf(code) ?? 'корень'})`);
    }
    const source = link ? (link[2] ?? null) : `${own?.source ?? `./${article.path}`}#${headingAnchor(heading.text)}`;
    if (link) linked.add(code);
    const underLink = [...linked].some((c) => code.startsWith(`${c}.`));
    const fallback: SectionStatus = own ? own.status : link || underLink ? 'published' : 'in_progress';
    const section: Draft = {
      statusGiven: tagged !== undefined || (own as Draft | null)?.statusGiven === true,
      code,
      title: titleText,
      status: tagged ?? fallback,
      body: '',
      source,
      parentCode: parentCodeOf(code),
      file,
      line,
      extras: {},
      ...(link ? { linkTarget: link[2] ?? '' } : {}),
    };
    article.anchors.set(headingAnchor(heading.text), code);
    article.anchors.set(code, code);
    article.anchors.set(code.replaceAll('.', '-'), code);
    article.sections.push(section);
    current = { section, lines: [] };
  }
  flush();
}

function parseDocRoot(ctx: Context, text: string | null): void {
  const file = where(ctx, '.doc-root.yaml');
  if (text === null) {
    ctx.warnings.push({ file, line: 0, message: 'В корне нет .doc-root.yaml: это не корень каталога Gramax? Папка читается как дерево документации всё равно' });
    return;
  }
  const counter = new LineCounter();
  const doc = parseDocument(normaliseText(text), { lineCounter: counter, uniqueKeys: true });
  const error = doc.errors[0];
  if (error) {
    ctx.problems.push({
      file,
      line: counter.linePos(error.pos[0]).line,
      message: `.doc-root.yaml не читается как YAML (${error.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '')}): исправьте синтаксис`,
    });
    return;
  }
  const value = doc.toJS() as unknown;
  if (value === null || value === undefined) return;
  if (typeof value !== 'object' || Array.isArray(value)) {
    ctx.problems.push({ file, line: 1, message: '.doc-root.yaml должен быть набором полей (title, properties, syntax …), а не списком или строкой' });
    return;
  }
  const root = value as Record<string, unknown>;
  const lineOfKey = (key: string): number => {
    const match = new RegExp(`^${key}\\s*:`, 'm').exec(normaliseText(text));
    return match ? normaliseText(text).slice(0, match.index).split('\n').length : 1;
  };
  if (root.title !== undefined && typeof root.title !== 'string') {
    ctx.problems.push({ file, line: lineOfKey('title'), message: 'Поле title в .doc-root.yaml должно быть строкой' });
  }
  if (root.properties !== undefined && root.properties !== null) {
    const ok = Array.isArray(root.properties) && root.properties.every((p) => p && typeof p === 'object' && typeof (p as { name?: unknown }).name === 'string');
    if (!ok) ctx.problems.push({ file, line: lineOfKey('properties'), message: 'Поле properties в .doc-root.yaml — список свойств вида «- name: Ответственный», у каждого есть name' });
  }
  if (typeof root.syntax === 'string' && !/markdown/i.test(root.syntax)) {
    ctx.warnings.push({ file, line: lineOfKey('syntax'), message: `Синтаксис каталога «${root.syntax}»: импорт читает markdown (GitHub Flavored Markdown); разметка другого синтаксиса может прочитаться неверно` });
  }
}

interface FolderInfo {
  path: string;
  name: string;
  code: string | null;
  /** Code of the nearest numbered folder above it. */
  insideCode: string | null;
}

function folderInfos(ctx: Context, folders: readonly string[]): Map<string, FolderInfo> {
  const infos = new Map<string, FolderInfo>();
  infos.set('', { path: '', name: '', code: null, insideCode: null });
  for (const path of [...folders].sort((a, b) => a.split('/').length - b.split('/').length || (a < b ? -1 : 1))) {
    const name = posix.basename(path);
    const parent = infos.get(posix.dirname(path) === '.' ? '' : posix.dirname(path));
    const insideCode = parent ? (parent.code ?? parent.insideCode) : null;
    const named = codeFromName(name);
    let code: string | null = null;
    if (named) {
      const format = checkCodeFormat(named.code);
      if (format) {
        ctx.problems.push({ file: `${where(ctx, path)}/`, line: 0, message: `Папка «${name}»: ${format.message} — переименуйте её` });
      } else if (insideCode !== null && parentCodeOf(named.code) !== insideCode) {
        ctx.problems.push({
          file: `${where(ctx, path)}/`,
          line: 0,
          message: `Папка «${name}» (код ${named.code}) лежит в папке раздела ${insideCode}: её имя должно начинаться с «${insideCode.replaceAll('.', '-')}-NN-» — переименуйте или перенесите её`,
        });
      } else code = named.code;
    }
    infos.set(path, { path, name, code, insideCode });
  }
  return infos;
}

/** Parses the whole tree; problems mean the tree must not be imported as it is. */
export function parseDocsTree(input: TreeInput): ParsedTree {
  const ctx: Context = { label: input.label.replace(/\/+$/, ''), problems: [], warnings: [] };
  parseDocRoot(ctx, input.docRoot);
  const folders = folderInfos(ctx, input.folders);
  const byPath = new Map(input.files.map((f) => [f.path, f]));
  const articles: Article[] = [];
  const folderArticle = new Map<string, Article>();
  const parentFolder = (path: string) => (posix.dirname(path) === '.' ? '' : posix.dirname(path));

  /**
   * The section an article without a number in this folder goes under: the folder's own (by
   * its number or its article); the catalog's root has none, so such articles become chapters.
   * An unnumbered folder without an article gets a placeholder section, made only when
   * something is placed in it (a folder of images alone is no section).
   */
  const sectionOfFolder = (path: string): string | null => {
    const folder = folders.get(path);
    if (path === '' || !folder) return null;
    if (folder.code !== null) return folder.code;
    const own = folderArticle.get(path);
    if (own) return own.code;
    const prefix = `${path}/`;
    const code = provisionalCode(`./${prefix}README.md`);
    const weak = folderPlaceholder(ctx, folder, byPath.get(`${prefix}_index.md`), code, sectionOfFolder(parentFolder(path)));
    if (!weak) return code;
    const article: Article = { file: weak.file, path: `${prefix}README.md`, sections: [weak], anchors: new Map(), code, mirror: false };
    articles.push(article);
    folderArticle.set(path, article);
    return code;
  };

  for (const folder of [...folders.values()].sort((a, b) => (a.path < b.path ? -1 : 1))) {
    const prefix = folder.path === '' ? '' : `${folder.path}/`;
    const readme = byPath.get(`${prefix}README.md`) ?? byPath.get(`${prefix}readme.md`);
    const index = byPath.get(`${prefix}_index.md`);
    const common = {
      folderName: folder.name,
      fallbackTitle: humanise(codeFromName(folder.name)?.rest ?? folder.name),
      insideCode: folder.code === null ? folder.insideCode : parentCodeOf(folder.code),
      isRoot: folder.path === '',
      unnumberedParent: () => sectionOfFolder(parentFolder(folder.path)),
    };
    const nameWhat = `имени папки «${folder.name}»`;
    let own: Article | null = null;
    if (readme) {
      own = parseArticle(ctx, { ...common, path: readme.path, text: readme.text, nameCode: folder.code, nameWhat, isIndex: false });
      if (index && folder.path !== '') checkIndexAlongside(ctx, index);
    } else if (index && folder.path !== '' && hasText(index.text)) {
      own = parseArticle(ctx, { ...common, path: index.path, text: index.text, nameCode: folder.code, nameWhat, isIndex: true });
    }
    if (own) {
      articles.push(own);
      folderArticle.set(folder.path, own);
    } else if (folder.code !== null) {
      const weak = folderPlaceholder(ctx, folder, index, folder.code, parentCodeOf(folder.code));
      if (weak) {
        const article: Article = { file: weak.file, path: `${prefix}README.md`, sections: [weak], anchors: new Map(), code: weak.code, mirror: false };
        articles.push(article);
        folderArticle.set(folder.path, article);
      }
    }
  }

  const fileArticle = new Map<string, Article>();
  for (const article of articles) fileArticle.set(article.path, article);
  for (const file of [...input.files].sort((a, b) => (a.path < b.path ? -1 : 1))) {
    const name = posix.basename(file.path);
    if (/^readme\.md$/i.test(name) || name === '_index.md') continue;
    const dir = posix.dirname(file.path) === '.' ? '' : posix.dirname(file.path);
    const folder = folders.get(dir);
    const named = codeFromName(name, true);
    const article = parseArticle(ctx, {
      path: file.path,
      text: file.text,
      nameCode: named && checkCodeFormat(named.code) === null ? named.code : null,
      nameWhat: `имени файла «${name}»`,
      insideCode: folder ? (folder.code ?? folder.insideCode) : null,
      isRoot: false,
      isIndex: false,
      folderName: name,
      fallbackTitle: humanise(named?.rest ?? name.replace(/\.md$/i, '')),
      unnumberedParent: () => sectionOfFolder(dir),
    });
    if (article) {
      articles.push(article);
      fileArticle.set(file.path, article);
    }
  }

  splitArticles(ctx, articles);
  rewriteLinks(ctx, articles, fileArticle, folderArticle, new Set(input.otherFiles), new Set(input.folders), byPath);
  const sections = dropDuplicates(ctx, articles);
  ctx.problems.sort(compareSourceMessages);
  ctx.warnings.sort(compareSourceMessages);
  return { sections, problems: ctx.problems, warnings: ctx.warnings };
}

function hasText(text: string): boolean {
  const parsed = parseFrontMatter(text);
  if (!parsed.ok) return true;
  return convertGramaxMarkup(parsed.value.body, 'all').text.trim() !== '';
}

function checkIndexAlongside(ctx: Context, index: TreeFile): void {
  const parsed = parseFrontMatter(index.text);
  const file = where(ctx, index.path);
  if (!parsed.ok) {
    ctx.problems.push({ file, line: parsed.line, message: parsed.message });
    return;
  }
  const text = convertGramaxMarkup(parsed.value.body, 'all').text.trim();
  const hasView = /<view\b/.test(parsed.value.body);
  if (hasView) {
    const line = parsed.value.body.split('\n').findIndex((l) => /<view\b/.test(l));
    ctx.warnings.push({ file, line: parsed.value.bodyLine + Math.max(0, line), message: 'Компонент Gramax <view> (список подстраниц) удалён: сайт базы знаний сам показывает подразделы' });
  }
  if (text !== '') {
    ctx.warnings.push({ file, line: parsed.value.bodyLine, message: 'Текст _index.md не импортируется: текст раздела берётся из README.md той же папки — перенесите его туда' });
  }
}

/** A folder without an article: its section, `code` from its number or provisional, made only when nothing else has it. */
function folderPlaceholder(ctx: Context, folder: FolderInfo, index: TreeFile | undefined, code: string, parentCode: string | null): Draft | null {
  const unnumbered = isProvisionalCode(code);
  let title = humanise(codeFromName(folder.name)?.rest ?? folder.name);
  let file = `${where(ctx, folder.path)}/`;
  let line = 0;
  let status: SectionStatus = 'in_progress';
  let statusGiven = false;
  if (index) {
    const parsed = parseFrontMatter(index.text);
    file = where(ctx, index.path);
    if (!parsed.ok) {
      ctx.problems.push({ file, line: parsed.line, message: parsed.message });
      return null;
    }
    const titleField = parsed.value.fields.get('title');
    const written = fieldString(titleField);
    line = titleField?.line ?? 1;
    if (written && written.trim() !== folder.name) {
      const parts = splitTitle(written);
      if (parts.code !== null && parts.code !== code && !unnumbered) {
        ctx.problems.push({ file, line, message: `Код ${parts.code} в названии не совпадает с кодом ${code} из имени папки «${folder.name}»: исправьте название или переименуйте папку` });
        return null;
      }
      if (parts.title) title = parts.title;
      if (parts.status) {
        status = parts.status;
        statusGiven = true;
      }
    }
    const statusField = parsed.value.fields.get('status');
    const statusText = fieldString(statusField);
    if (statusField && statusText) {
      const parsedStatus = statusFromText(statusText);
      if (!parsedStatus) {
        ctx.problems.push({ file, line: statusField.line, message: `Неизвестный статус «${statusText}» в поле status: допустимы ${KNOWN_STATUSES}` });
        return null;
      }
      status = parsedStatus;
      statusGiven = true;
    }
    if (/<view\b/.test(parsed.value.body)) {
      const at = parsed.value.body.split('\n').findIndex((l) => /<view\b/.test(l));
      ctx.warnings.push({ file, line: parsed.value.bodyLine + Math.max(0, at), message: 'Компонент Gramax <view> (список подстраниц) удалён: сайт базы знаний сам показывает подразделы' });
    }
  }
  if (!title) title = code;
  ctx.warnings.push({
    file,
    line,
    message: unnumbered
      ? `В папке «${folder.name}» нет README.md: раздел «${title}» для статей в ней будет создан без текста со следующим свободным кодом, если его ещё нет в базе (ищется по пути ./${folder.path}/README.md)`
      : `В папке «${folder.name}» нет README.md: раздел ${code} «${title}» будет создан без текста, только если его ещё нет (в базе или в другом источнике)`,
  });
  return {
    statusGiven,
    code,
    title,
    status,
    body: '',
    source: `./${folder.path}/README.md`,
    parentCode,
    file,
    line,
    extras: {},
    weak: true,
  };
}

function dropDuplicates(ctx: Context, articles: readonly Article[]): TreeSection[] {
  const first = new Map<string, Draft>();
  const result: Draft[] = [];
  const all = articles.flatMap((a) => a.sections);
  // A linked heading (`## 02.02 - [Resources](./02-02/README.md)`) names a section an article
  // defines: the article wins and the heading only points at it.
  const defined = new Set(all.filter((s) => s.linkTarget === undefined && !s.weak).map((s) => s.code));
  for (const section of all) {
    if (section.linkTarget !== undefined && defined.has(section.code)) continue;
    if (section.weak && defined.has(section.code)) continue;
    const earlier = first.get(section.code);
    if (earlier) {
      ctx.problems.push({
        file: section.file,
        line: section.line,
        message: `Код ${section.code} уже занят: ${earlier.file}${earlier.line ? `:${earlier.line}` : ''} («${earlier.title}»). У каждого раздела свой код — дайте этому разделу («${section.title}») свободный код или уберите повтор`,
      });
      continue;
    }
    first.set(section.code, section);
    result.push(section);
  }
  return settleUndeclaredStatuses(result).map(({ linkTarget: _linkTarget, statusGiven: _given, ...section }) => section);
}

/**
 * A section whose source says no status is published when it has text, and planned when it
 * is a stub: no text of its own and none in any section below it (a catalog's `{}` front
 * matter, an empty folder article), so stubs do not count as done.
 */
function settleUndeclaredStatuses(sections: Draft[]): Draft[] {
  // Up the parents rather than by code prefix: an article without a number has no code yet.
  const byCode = new Map(sections.map((s) => [s.code, s]));
  const up = (code: string) => byCode.get(code)?.parentCode ?? (isProvisionalCode(code) ? null : parentCodeOf(code));
  const writtenBelow = new Set<string>();
  for (const section of sections) {
    if (section.body.trim() === '') continue;
    for (let code = up(section.code); code !== null && !writtenBelow.has(code); code = up(code)) writtenBelow.add(code);
  }
  return sections.map((section) => {
    if (section.statusGiven || section.body.trim() !== '' || writtenBelow.has(section.code)) return section;
    return { ...section, status: 'planned' };
  });
}

function rewriteLinks(
  ctx: Context,
  articles: readonly Article[],
  fileArticle: ReadonlyMap<string, Article>,
  folderArticle: ReadonlyMap<string, Article>,
  otherFiles: ReadonlySet<string>,
  folders: ReadonlySet<string>,
  files: ReadonlyMap<string, TreeFile>,
): void {
  const targetArticle = (path: string): Article | undefined => {
    // Gramax links to a folder's article as `<folder>/_index`, whether or not an _index.md exists.
    const name = posix.basename(path);
    if (name === '_index' || name === '_index.md') {
      const folder = posix.dirname(path) === '.' ? '' : posix.dirname(path);
      return folderArticle.get(folder) ?? fileArticle.get(`${folder === '' ? '' : `${folder}/`}_index.md`);
    }
    return fileArticle.get(path) ?? folderArticle.get(path) ?? (path.endsWith('.md') ? undefined : fileArticle.get(`${path}.md`));
  };
  const exists = (path: string) => otherFiles.has(path) || folders.has(path) || files.has(path);
  for (const article of articles) {
    const lines = files.get(article.path)?.text.split(/\r?\n/) ?? [];
    // Each occurrence of a link is reported at its own line: the n-th time an href is met, its n-th line.
    const seen = new Map<string, number>();
    const lineOf = (href: string, fallback: number) => {
      const nth = seen.get(href) ?? 0;
      seen.set(href, nth + 1);
      let count = 0;
      for (let i = 0; i < lines.length; i++) {
        const line = lines[i] ?? '';
        count += line.split(`](${href}`).length - 1 + (line.split(`]: ${href}`).length - 1);
        if (count > nth) return i + 1;
      }
      return fallback;
    };
    for (const section of article.sections) {
      if (!section.body) continue;
      section.body = rewriteMarkdownLinks(section.body, (href) => {
        const target = resolveTreeLink(article.path, href);
        if (target.kind === 'external') return null;
        const line = lineOf(href, section.line);
        if (target.kind === 'outside') {
          ctx.warnings.push({ file: article.file, line, message: `Ссылка «${href}» ведёт за пределы дерева: оставлена как есть` });
          return null;
        }
        if (target.kind === 'anchor') {
          const code = article.mirror ? undefined : article.anchors.get(target.anchor);
          return code ? sectionHref(code) : null;
        }
        const to = targetArticle(target.path);
        if (!to) {
          if (exists(target.path)) return null;
          ctx.warnings.push({ file: article.file, line, message: `Ссылка «${href}» ведёт на файл, которого нет в дереве: оставлена как есть — исправьте путь` });
          return null;
        }
        const headingCode = target.anchor && !to.mirror ? to.anchors.get(target.anchor) : undefined;
        if (headingCode) return sectionHref(headingCode);
        if (to.code === null) {
          ctx.warnings.push({ file: article.file, line, message: `Ссылка «${href}» ведёт на корневую статью, которая не раздел: оставлена как есть` });
          return null;
        }
        return sectionHref(to.code, target.anchor);
      });
    }
  }
}
