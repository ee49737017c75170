import { Marked, type Tokens } from 'marked';
import { markedHighlight } from 'marked-highlight';
import hljs from 'highlight.js/lib/core';
import bash from 'highlight.js/lib/languages/bash';
import css from 'highlight.js/lib/languages/css';
import dockerfile from 'highlight.js/lib/languages/dockerfile';
import ini from 'highlight.js/lib/languages/ini';
import javascript from 'highlight.js/lib/languages/javascript';
import json from 'highlight.js/lib/languages/json';
import markdown from 'highlight.js/lib/languages/markdown';
import nginx from 'highlight.js/lib/languages/nginx';
import python from 'highlight.js/lib/languages/python';
import sql from 'highlight.js/lib/languages/sql';
import typescript from 'highlight.js/lib/languages/typescript';
import xml from 'highlight.js/lib/languages/xml';
import yaml from 'highlight.js/lib/languages/yaml';
import sanitizeHtml from 'sanitize-html';
import { parseSectionHref } from '../../../core/section-links.js';
import { anchorFor, createHeadingIds, headingPlainText } from '../../../core/heading-anchors.js';

// The languages the team's docs use; the core build keeps highlighting fast at 10,000 pages.
for (const [name, language] of Object.entries({ bash, css, dockerfile, ini, javascript, json, markdown, nginx, python, sql, typescript, xml, yaml })) {
  hljs.registerLanguage(name, language);
}
hljs.registerAliases(['sh', 'shell', 'zsh', 'console'], { languageName: 'bash' });
hljs.registerAliases(['ts', 'tsx'], { languageName: 'typescript' });
hljs.registerAliases(['js', 'jsx', 'mjs'], { languageName: 'javascript' });
hljs.registerAliases(['yml'], { languageName: 'yaml' });
hljs.registerAliases(['html', 'svg'], { languageName: 'xml' });
hljs.registerAliases(['toml', 'env', 'conf'], { languageName: 'ini' });
hljs.registerAliases(['py'], { languageName: 'python' });
hljs.registerAliases(['md'], { languageName: 'markdown' });

export interface TocEntry {
  depth: number;
  id: string;
  text: string;
}

export interface RenderedBody {
  html: string;
  toc: TocEntry[];
  /** Every heading id of the body, in order (the link checker's anchors of this page). */
  anchors: string[];
}

export interface RenderOptions {
  /** Page path of a section code (current or previous), or null when no section has it. */
  resolveCode: (code: string) => string | null;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

// Per-render state: marked renders synchronously, so one module-level slot is enough.
let current: { toc: TocEntry[]; ids: ReturnType<typeof createHeadingIds> } = { toc: [], ids: createHeadingIds() };

const marked = new Marked(
  markedHighlight({
    emptyLangClass: 'hljs',
    langPrefix: 'hljs language-',
    highlight(code, lang) {
      const language = hljs.getLanguage(lang) ? lang : null;
      return language ? hljs.highlight(code, { language, ignoreIllegals: true }).value : escapeHtml(code);
    },
  }),
  {
    gfm: true,
    renderer: {
      heading(this: { parser: { parseInline(tokens: Tokens.Generic[]): string } }, { tokens, depth }: Tokens.Heading) {
        const inner = this.parser.parseInline(tokens);
        const text = headingPlainText(inner);
        const id = current.ids.next(text);
        if (depth >= 2 && depth <= 3) current.toc.push({ depth, id, text });
        return `<h${depth} id="${id}">${inner}</h${depth}>\n`;
      },
    },
  },
);

const ALLOWED_TAGS = [
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'br', 'hr', 'blockquote', 'pre', 'code', 'kbd', 'samp',
  'em', 'strong', 'del', 's', 'sub', 'sup', 'mark', 'small', 'abbr', 'span',
  'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'input',
  'table', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'caption',
  'a', 'img', 'figure', 'figcaption', 'details', 'summary',
];

/**
 * Everything a body may contain after rendering. Anything else — scripts, event handlers, frames,
 * SVG, forms, styles, `javascript:`/`data:` URLs — is dropped, whatever the markdown spelled.
 */
function sanitizeOptions(resolveCode: RenderOptions['resolveCode']): sanitizeHtml.IOptions {
  return {
    allowedTags: ALLOWED_TAGS,
    allowedAttributes: {
      '*': ['id', 'title', 'lang', 'dir'],
      a: ['href', 'rel'],
      img: ['src', 'alt', 'width', 'height', 'loading'],
      code: ['class'],
      span: ['class'],
      pre: ['class'],
      th: ['align', 'colspan', 'rowspan'],
      td: ['align', 'colspan', 'rowspan'],
      ol: ['start'],
      input: ['type', 'checked', 'disabled'],
      details: ['open'],
    },
    allowedClasses: { code: ['hljs', 'language-*'], span: ['hljs-*', 'language-*'], pre: ['hljs'] },
    allowedSchemes: ['http', 'https', 'mailto', 'tel'],
    allowedSchemesByTag: { img: ['http', 'https'] },
    allowProtocolRelative: false,
    disallowedTagsMode: 'discard',
    // Task-list checkboxes are the only inputs marked makes; they must not become form controls.
    exclusiveFilter: (frame) => frame.tag === 'input' && frame.attribs.type !== 'checkbox',
    transformTags: {
      input: (tagName, attribs) => ({ tagName, attribs: { ...attribs, disabled: '' } }),
      img: (tagName, attribs) => ({ tagName, attribs: { ...attribs, loading: 'lazy' } }),
      a: (tagName, attribs) => {
        const href = attribs.href ?? '';
        const link = parseSectionHref(href);
        if (link) {
          const path = resolveCode(link.code);
          if (path) return { tagName, attribs: { ...attribs, href: `${path}${link.anchor ? `#${anchorFor(link.anchor)}` : ''}` } };
          return { tagName, attribs: { ...attribs, title: `Раздел ${link.code} не найден` } };
        }
        if (href.startsWith('#') && href.length > 1) return { tagName, attribs: { ...attribs, href: `#${anchorFor(href.slice(1))}` } };
        if (/^https?:/i.test(href)) return { tagName, attribs: { ...attribs, rel: 'noopener nofollow' } };
        // A site path with an anchor (`../02-02-set/#Маршрутизация`): the anchor as the heading has it.
        const hash = href.indexOf('#');
        if (hash > 0 && hash < href.length - 1 && !/^[a-z][a-z0-9+.-]*:/i.test(href) && !href.startsWith('//')) {
          return { tagName, attribs: { ...attribs, href: `${href.slice(0, hash)}#${anchorFor(href.slice(hash + 1))}` } };
        }
        return { tagName, attribs };
      },
    },
  };
}

/** A section body as safe HTML with stable heading anchors, highlighted code and resolved section links. */
export function renderMarkdown(markdown: string, { resolveCode }: RenderOptions): RenderedBody {
  current = { toc: [], ids: createHeadingIds() };
  try {
    const raw = marked.parse(markdown, { async: false });
    const html = sanitizeHtml(raw, sanitizeOptions(resolveCode));
    return { html, toc: current.toc, anchors: [...current.ids.ids] };
  } finally {
    current = { toc: [], ids: createHeadingIds() };
  }
}
