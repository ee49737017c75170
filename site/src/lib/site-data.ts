import { KbError } from '../../../core/errors.js';
import { buildSiteModel, type SiteModel, type SiteSection } from './site-model.js';
import { renderMarkdown, type RenderedBody } from './render-markdown.js';
import { readSnapshot, SNAPSHOT_ENV } from './site-snapshot.js';

/**
 * The one place pages get their data from. Two sources, never mixed:
 * - the warm renderer (site/renderer/site-renderer.ts) hands every page the model of the publish
 *   in progress through `Astro.locals`, so a long-lived process never serves a stale model;
 * - the static build reads the snapshot named by KB_SITE_SNAPSHOT once and builds the model once
 *   (memoised per snapshot path), then every page reads from it. No request per page either way.
 */
export interface RendererData {
  model: SiteModel;
  /** The rendered body of a section whose text may be shown (the renderer keeps them between publishes). */
  renderBody(section: SiteSection): RenderedBody | null;
}

/** What the renderer puts into `Astro.locals`. */
export interface RendererLocals {
  kbSite: RendererData;
}

function rendererData(locals: unknown): RendererData | null {
  return (locals as Partial<RendererLocals> | undefined)?.kbSite ?? null;
}

let snapshotSite: { path: string; model: Promise<SiteModel> } | null = null;

export function loadSite(locals?: unknown): Promise<SiteModel> {
  const given = rendererData(locals);
  if (given) return Promise.resolve(given.model);
  const path = process.env[SNAPSHOT_ENV];
  if (!path) throw new KbError('bad-input', `${SNAPSHOT_ENV} is not set`, { hint: 'Build the site with `npm run build:site` (site/build/site-build.ts), which fetches the data from Directus first.' });
  if (snapshotSite?.path !== path) {
    snapshotSite = {
      path,
      model: readSnapshot(path).then((snapshot) => buildSiteModel(snapshot.sections, snapshot.people, snapshot)),
    };
  }
  return snapshotSite.model;
}

/** The body as the site shows it: markdown rendered with the model's links, or null for a placeholder. */
export function renderBody(model: SiteModel, section: SiteSection): RenderedBody | null {
  if (section.body === null) return null;
  return renderMarkdown(section.body, { resolveCode: (code) => model.resolveCode(code)?.path ?? null });
}

/** The rendered body of a section whose text may be shown, or null for a placeholder. */
export function renderSection(model: SiteModel, section: SiteSection, locals?: unknown): RenderedBody | null {
  const given = rendererData(locals);
  return given ? given.renderBody(section) : renderBody(model, section);
}
