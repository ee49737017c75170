import { checkSectionLinks, describeBrokenLink, type BrokenLink } from '../../../core/link-check.js';
import type { SectionRecord } from '../../../core/section-record.js';

/**
 * The broken internal links of the site these records make (core/link-check.ts): the static
 * build and the publisher's renderer call this, `npm run report -- --links` and the dashboard's
 * roll-up call the same core function, so all of them list the same links.
 *
 * `anchorsOf` gives the heading ids a body was rendered with, when the caller has them (the
 * renderer keeps them with the rendered bodies); otherwise they come from the same function.
 */
export function siteBrokenLinks(records: readonly SectionRecord[], anchorsOf?: (record: SectionRecord) => readonly string[] | undefined): BrokenLink[] {
  return checkSectionLinks(records, anchorsOf);
}

/** The build output's list of broken links: a count, then one line per link (section, line, target, why). */
export function brokenLinkLines(links: readonly BrokenLink[]): string[] {
  if (links.length === 0) return ['Links: every internal link and anchor leads to a page.'];
  return [`Broken links: ${links.length} (the site is built regardless; fix them in the sections' text):`, ...links.map((link) => `  ${describeBrokenLink(link)}`)];
}
