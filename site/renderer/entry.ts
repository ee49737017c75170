import { App } from 'astro/app';
import type { SSRManifest } from 'astro';
import { ERROR_LOCAL } from './error-local.js';

/**
 * The warm renderer's server entry (see adapter.mjs): what the publisher gets when it imports the
 * bundle. Pages render through Astro's own App, exactly as on a server, minus HTTP.
 */

export interface RenderedPage {
  status: number;
  /** The response body as Astro encoded it (UTF-8): written to disk as it is. */
  bytes: Uint8Array;
}

export interface SiteRendererBundle {
  /** The page files this bundle renders (`src/pages/…`), to check against the site's route list. */
  components: string[];
  /** Loads every page module now, so the bundle's folder is not needed afterwards. */
  preload(): Promise<void>;
  /** Renders one URL path with the data in `locals`; rejects with the page's own error. */
  render(path: string, locals: Record<string, unknown>): Promise<RenderedPage>;
}

export function createExports(manifest: SSRManifest): { renderer: SiteRendererBundle } {
  // Astro imports a page's module (and the actions module) on every request; a dynamic import()
  // of a module that is already loaded still costs a round trip through any loader hooks (tsx's,
  // in the publisher: ~1.5 ms a page), so each is imported once.
  const pageMap = manifest.pageMap;
  if (pageMap) {
    for (const [component, load] of pageMap) {
      let loaded: ReturnType<typeof load> | undefined;
      pageMap.set(component, () => (loaded ??= load()));
    }
  }
  const actions = manifest.actions;
  if (actions) {
    let loaded: ReturnType<typeof actions> | undefined;
    manifest.actions = () => (loaded ??= actions());
  }
  // Not streamed: each page is wanted whole, and a page's error must fail its render.
  const app = new App(manifest, false);
  return {
    renderer: {
      components: manifest.routes.filter((r) => r.routeData.origin === 'project').map((r) => r.routeData.component),
      async preload() {
        await Promise.all([...(pageMap?.values() ?? [])].map((load) => load()));
        await manifest.middleware?.();
        await manifest.actions?.();
      },
      async render(path, locals) {
        const response = await app.render(new Request(new URL(path, 'http://renderer.invalid')), { locals });
        const thrown = locals[ERROR_LOCAL];
        if (thrown !== undefined) throw thrown;
        return { status: response.status, bytes: new Uint8Array(await response.arrayBuffer()) };
      },
    },
  };
}
