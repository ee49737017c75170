import { renderMarkdown, type RenderedBody, type RenderOptions } from './render-markdown.js';

/**
 * Rendered section bodies kept between publishes. A body's HTML depends only on its text and on
 * where its `/c/<code>/` links lead, so an entry is reused while both are unchanged: every code
 * the body resolved when it was rendered is resolved again and must give the same page.
 */
export interface BodyCache {
  render(body: string, resolveCode: RenderOptions['resolveCode']): RenderedBody;
  /** Forgets the bodies not rendered since the previous sweep (call once per publish). */
  sweep(): void;
  readonly stats: { hits: number; misses: number; readonly size: number };
}

interface Entry {
  rendered: RenderedBody;
  links: [code: string, path: string | null][];
  used: boolean;
}

export function createBodyCache(render: typeof renderMarkdown = renderMarkdown): BodyCache {
  const entries = new Map<string, Entry>();
  const stats = {
    hits: 0,
    misses: 0,
    get size() {
      return entries.size;
    },
  };
  return {
    stats,
    render(body, resolveCode) {
      const cached = entries.get(body);
      if (cached && cached.links.every(([code, path]) => resolveCode(code) === path)) {
        cached.used = true;
        stats.hits += 1;
        return cached.rendered;
      }
      const links: Entry['links'] = [];
      const rendered = render(body, {
        resolveCode: (code) => {
          const path = resolveCode(code);
          links.push([code, path]);
          return path;
        },
      });
      entries.set(body, { rendered, links, used: true });
      stats.misses += 1;
      return rendered;
    },
    sweep() {
      for (const [body, entry] of entries) {
        if (entry.used) entry.used = false;
        else entries.delete(body);
      }
    },
  };
}
