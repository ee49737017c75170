import { checkLinks, describeBrokenLink, type BrokenLink } from '../../../core/link-check.js';
import type { SiteModel, SiteSection } from './site-model.js';
import { sitePages } from './site-routes.js';

/**
 * The broken internal links of a site: every shown body checked against the pages this model
 * makes (core/link-check.ts). The static build, the publisher's renderer and
 * `npm run report -- --links` all call this, so they list the same links.
 *
 * `anchorsOf` gives the heading ids a body was rendered with, when the caller has them (the
 * renderer keeps them with the rendered bodies); otherwise they come from the same function.
 */
export function siteBrokenLinks(model: SiteModel, anchorsOf?: (section: SiteSection) => readonly string[] | undefined): BrokenLink[] {
  const sectionPaths = new Set(model.sections.map((s) => s.path));
  const otherPaths = sitePages(model)
    .map((page) => page.path)
    .filter((path) => !sectionPaths.has(path));
  return checkLinks({
    pages: model.sections.map((section) => {
      const anchors = section.body === null ? undefined : anchorsOf?.(section);
      return { code: section.code, title: section.title, path: section.path, previousCodes: section.previousCodes, body: section.body, ...(anchors ? { anchors } : {}) };
    }),
    otherPaths,
  });
}

/** The build output's list of broken links: a count, then one line per link (section, line, target, why). */
export function brokenLinkLines(links: readonly BrokenLink[]): string[] {
  if (links.length === 0) return ['Links: every internal link and anchor leads to a page.'];
  return [`Broken links: ${links.length} (the site is built regardless; fix them in the sections' text):`, ...links.map((link) => `  ${describeBrokenLink(link)}`)];
}
