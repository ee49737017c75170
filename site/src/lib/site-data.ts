import { buildSiteModel, type SiteModel, type SiteSection } from './site-model.js';
import { renderMarkdown, type RenderedBody } from './render-markdown.js';
import { readSnapshot, SNAPSHOT_ENV } from './site-snapshot.js';

/**
 * The one place pages get their data from during a build: the snapshot is read and the model
 * built once (a module-level promise), then every page reads from it. No request per page.
 */
let site: Promise<SiteModel> | null = null;

export function loadSite(): Promise<SiteModel> {
  site ??= (async () => {
    const path = process.env[SNAPSHOT_ENV];
    if (!path) throw new Error(`${SNAPSHOT_ENV} is not set: build the site with \`npm run build:site\` (scripts/lib/site-build.ts), which fetches the data from Directus first`);
    const snapshot = await readSnapshot(path);
    return buildSiteModel(snapshot.sections, snapshot.people, snapshot);
  })();
  return site;
}

/** The rendered body of a section whose text may be shown, or null for a placeholder. */
export function renderSection(model: SiteModel, section: SiteSection): RenderedBody | null {
  if (section.body === null) return null;
  return renderMarkdown(section.body, { resolveCode: (code) => model.resolveCode(code)?.path ?? null });
}
