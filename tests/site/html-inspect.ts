import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Parser } from 'htmlparser2';

export interface Element {
  name: string;
  attribs: Record<string, string>;
}

export interface ParsedPage {
  elements: Element[];
  /** Text content per element with an id, and the whole text. */
  text: string;
  scripts: { attribs: Record<string, string>; content: string }[];
  textOf(selector: { tag?: string; id?: string; className?: string }): string[];
}

/** A small DOM-free view of a page: every element with its attributes, texts by element, scripts. */
export function parsePage(html: string): ParsedPage {
  const elements: Element[] = [];
  const scripts: ParsedPage['scripts'] = [];
  const open: { element: Element; text: string }[] = [];
  const closed: { element: Element; text: string }[] = [];
  let text = '';
  let script: { attribs: Record<string, string>; content: string } | null = null;
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        const element = { name, attribs };
        elements.push(element);
        open.push({ element, text: '' });
        if (name === 'script') script = { attribs, content: '' };
      },
      ontext(data) {
        text += data;
        for (const entry of open) entry.text += data;
        if (script) script.content += data;
      },
      onclosetag(name) {
        const entry = open.pop();
        if (entry) closed.push(entry);
        if (name === 'script' && script) {
          scripts.push(script);
          script = null;
        }
      },
    },
    { decodeEntities: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  return {
    elements,
    text,
    scripts,
    textOf: ({ tag, id, className }) =>
      closed
        .filter(({ element }) => (!tag || element.name === tag) && (!id || element.attribs.id === id) && (!className || (element.attribs.class ?? '').split(/\s+/).includes(className)))
        .map(({ text: t }) => t.replace(/\s+/g, ' ').trim()),
  };
}

const URL_ATTRIBUTES = ['href', 'src', 'action', 'formaction', 'data', 'xlink:href', 'poster', 'background', 'srcset'];
// The site's own search form (action `/search/`) is the one form a page may have.
const FORBIDDEN_ELEMENTS = ['iframe', 'frame', 'object', 'embed', 'svg', 'math', 'form', 'base', 'style', 'applet'];

/**
 * Why a page could run script that is not the site's own, or [] when it is inert. `scriptsAllowed`
 * is for the pages that carry the site's own script (status board, search, redirects).
 */
export function activeContent(page: ParsedPage, { scriptsAllowed }: { scriptsAllowed: boolean }): string[] {
  const problems: string[] = [];
  for (const element of page.elements) {
    if (FORBIDDEN_ELEMENTS.includes(element.name) && !(element.name === 'form' && /^\/[a-z]/.test(element.attribs.action ?? ''))) problems.push(`<${element.name}> element`);
    if (element.name === 'meta' && (element.attribs['http-equiv'] ?? '').toLowerCase() === 'refresh' && /script:|data:/i.test(element.attribs.content ?? '')) {
      problems.push(`meta refresh to ${element.attribs.content}`);
    }
    if (element.name === 'link' && /^https?:/i.test(element.attribs.href ?? '') && (element.attribs.rel ?? '') !== 'canonical') problems.push(`<link> to ${element.attribs.href}`);
    for (const [name, value] of Object.entries(element.attribs)) {
      if (name.startsWith('on')) problems.push(`<${element.name} ${name}="${value}">`);
      if (name === 'style') problems.push(`<${element.name} style="${value}">`);
      if (URL_ATTRIBUTES.includes(name)) {
        const squashed = value.replace(/[\u0000-\u0020]/g, '').toLowerCase();
        if (/^(javascript|vbscript|data):/.test(squashed)) problems.push(`<${element.name} ${name}="${value}">`);
      }
    }
  }
  for (const script of page.scripts) {
    if (!scriptsAllowed) problems.push(`<script> on a page that must carry none: ${script.content.slice(0, 80)}`);
    else if (/alert\(|msgbox\(/.test(script.content)) problems.push(`script with a payload: ${script.content.slice(0, 80)}`);
  }
  return problems;
}

/** Every file under dir, relative paths. */
export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name))).sort();
}

/** A file's text as a reader or a crawler could get it: Pagefind's gzipped index files unpacked. */
export async function readOutputText(dir: string, file: string): Promise<string> {
  const bytes = await readFile(join(dir, file));
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) return gunzipSync(bytes).toString('utf8');
  return bytes.toString('utf8');
}
