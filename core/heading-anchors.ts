import { Lexer, Marked, Parser, type Token, type Tokens } from 'marked';
import { slugify } from './slug.js';

/**
 * The one definition of a heading's anchor. The site's renderer gives headings these ids and the
 * link checker expects them, so a link the checker passes is a link that works on the page.
 */

/**
 * Anchors are transliterated slugs of the heading text (`## Подробности` → `#podrobnosti`), the
 * same rule as page paths, so a link written against a Cyrillic anchor (`#подробности`, as
 * GitHub and Gramax make them, percent-encoded or not) resolves through the same function.
 */
export function anchorFor(text: string): string {
  let decoded = text;
  try {
    decoded = decodeURIComponent(text);
  } catch {
    // Keep the text as written when it is not valid percent-encoding.
  }
  return slugify(decoded);
}

/** Text of a heading's inline HTML without tags or entities, for its id and the table of contents. */
export function headingPlainText(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .trim();
}

/** Hands out the ids of one page's headings in order: a repeated heading gets `-2`, `-3`, … */
export function createHeadingIds(): { next(text: string): string; readonly ids: ReadonlySet<string> } {
  const ids = new Set<string>();
  return {
    ids,
    next(text) {
      const base = anchorFor(text);
      let id = base;
      for (let n = 2; ids.has(id); n++) id = `${base}-${n}`;
      ids.add(id);
      return id;
    },
  };
}

// The renderer's instance has the default (GFM) options; its extensions only touch code blocks.
const walker = new Marked({ gfm: true });

/**
 * The ids the site gives the headings of a markdown body, in order — those in quotes and lists
 * included, those in code never — without rendering the body. Only the headings' inline text is
 * lexed (what the renderer does for every paragraph would cost the build seconds at 10,000 pages).
 */
export function headingAnchors(markdown: string): string[] {
  const lexer = new Lexer({ gfm: true });
  const tokens: Token[] = lexer.blockTokens(markdown.replace(/\r\n?/g, '\n'), []);
  const headings: Tokens.Heading[] = [];
  walker.walkTokens(tokens, (token) => {
    if (token.type === 'heading') headings.push(token as Tokens.Heading);
  });
  const wanted = new Set<Token[]>(headings.map((h) => h.tokens));
  for (const item of lexer.inlineQueue) if (wanted.has(item.tokens)) lexer.inlineTokens(item.src, item.tokens);
  const ids = createHeadingIds();
  const parser = new Parser();
  return headings.map((heading) => ids.next(headingPlainText(parser.parseInline(heading.tokens))));
}
