import { isValidCodeFormat } from './section-code.js';

/**
 * How a body links to another section: `[Серверы](/c/02.01/)`, optionally with `#anchor`.
 * The code is what people cite, the form is a real site path (`/c/<code>/` redirects to the
 * page, also for old codes after a move), and the site rewrites it to the page's own path at
 * build time. Imports turn relative links between files into this form; exports turn it back.
 */
export const SECTION_LINK_PREFIX = '/c/';

export interface SectionLink {
  code: string;
  /** Without the `#`; null when the link points at the page itself. */
  anchor: string | null;
}

export function sectionHref(code: string, anchor: string | null = null): string {
  return `${SECTION_LINK_PREFIX}${code}/${anchor ? `#${anchor}` : ''}`;
}

const SECTION_HREF = /^\/c\/([0-9.]+?)\/?(?:#(.*))?$/;

export function parseSectionHref(href: string): SectionLink | null {
  const match = SECTION_HREF.exec(href.trim());
  if (!match) return null;
  const code = match[1] ?? '';
  if (!isValidCodeFormat(code)) return null;
  const anchor = match[2];
  return { code, anchor: anchor === undefined || anchor === '' ? null : anchor };
}

/** Where a link was met: its line in the text (1-based) and whether it is an image. */
export interface LinkPlace {
  line: number;
  image: boolean;
}

/** Returns the new href, or null to leave the link as written. */
export type HrefRewrite = (href: string, place: LinkPlace) => string | null;

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
// `[text](href "title")` and `![alt](src)`; the text may hold escaped brackets.
const INLINE_LINK = /(!?\[(?:\\.|[^\]\\])*\]\(\s*)(<[^>\n]*>|[^)\s]*)((?:\s+(?:"[^"]*"|'[^']*'))?\s*\))/g;
const REFERENCE_DEFINITION = /^( {0,3}\[(?:\\.|[^\]\\])+\]:[ \t]*)(<[^>\n]*>|\S+)(.*)$/;
const CODE_SPAN = /(`+)[\s\S]*?\1/g;

function rewriteHref(raw: string, rewrite: HrefRewrite, place: LinkPlace): string {
  const bracketed = raw.startsWith('<') && raw.endsWith('>');
  const href = bracketed ? raw.slice(1, -1) : raw;
  const next = rewrite(href, place);
  if (next === null || next === href) return raw;
  return /\s/.test(next) ? `<${next}>` : next;
}

function rewriteInline(text: string, rewrite: HrefRewrite, line: number): string {
  const replace = (_m: string, open: string, href: string, close: string) => open + rewriteHref(href, rewrite, { line, image: open.startsWith('!') }) + close;
  // Code spans are cut out first so an example such as `[x](../a.md)` in backticks stays as written.
  let out = '';
  let last = 0;
  for (const span of text.matchAll(CODE_SPAN)) {
    const start = span.index ?? 0;
    out += text.slice(last, start).replace(INLINE_LINK, replace);
    out += span[0];
    last = start + span[0].length;
  }
  out += text.slice(last).replace(INLINE_LINK, replace);
  return out;
}

/**
 * Applies `rewrite` to the target of every link, image and reference definition in a markdown
 * text, outside fenced code and code spans; everything else is kept byte for byte.
 */
export function rewriteMarkdownLinks(markdown: string, rewrite: HrefRewrite): string {
  const lines = markdown.split('\n');
  let fence: string | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (fence !== null) {
      if (line.trim().startsWith(fence) && line.trim().replace(/[`~]/g, '') === '') fence = null;
      continue;
    }
    const opening = FENCE.exec(line);
    if (opening) {
      fence = opening[1] ?? null;
      continue;
    }
    const definition = REFERENCE_DEFINITION.exec(line);
    if (definition) {
      lines[i] = `${definition[1] ?? ''}${rewriteHref(definition[2] ?? '', rewrite, { line: i + 1, image: false })}${definition[3] ?? ''}`;
      continue;
    }
    lines[i] = rewriteInline(line, rewrite, i + 1);
  }
  return lines.join('\n');
}

/** Every link and image in a markdown text (outside code) with its line, in order of appearance. */
export function markdownLinks(markdown: string): ({ href: string } & LinkPlace)[] {
  const links: ({ href: string } & LinkPlace)[] = [];
  rewriteMarkdownLinks(markdown, (href, place) => {
    links.push({ href, ...place });
    return null;
  });
  return links;
}

/** Every link target in a markdown text (outside code), in order of appearance. */
export function markdownLinkTargets(markdown: string): string[] {
  const targets: string[] = [];
  rewriteMarkdownLinks(markdown, (href) => {
    targets.push(href);
    return null;
  });
  return targets;
}
