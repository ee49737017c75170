import { brokenLinkReason, type BrokenLink } from '../../core/link-check.js';
import type { CmsClient } from '../../platform/cms-client.js';
import { fetchAllSections, fetchPeople } from '../../platform/fetch-sections.js';
import { buildSiteModel } from '../../site/src/lib/site-model.js';
import { siteBrokenLinks } from '../../site/src/lib/site-links.js';
import { table } from './format.js';

/** `npm run report -- --links`: the broken links the next build of the site will list. */
export interface LinksReport {
  generatedAt: string;
  /** Published sections whose text was checked (the site shows no other text). */
  checked: number;
  brokenLinks: BrokenLink[];
}

// Only page paths matter to the check; the addresses a page prints do not.
const ANY_URL = 'https://kb.invalid';

/** The site's model of what Directus holds and its broken links, by the build's own function. */
export async function loadLinksReport({ client, now = new Date() }: { client: CmsClient; now?: Date }): Promise<LinksReport> {
  const [sections, people] = await Promise.all([fetchAllSections({ client }), fetchPeople(client)]);
  const model = buildSiteModel(sections, people, { siteUrl: ANY_URL, directusPublicUrl: ANY_URL });
  return { generatedAt: now.toISOString(), checked: model.sections.filter((s) => s.body !== null).length, brokenLinks: siteBrokenLinks(model) };
}

export function formatLinksReport(report: LinksReport): string[] {
  const out = [`Битые внутренние ссылки: ${report.brokenLinks.length} (проверены тексты ${report.checked} опубликованных разделов)`];
  if (report.brokenLinks.length === 0) return [...out, '  нет: все ссылки и якоря ведут на страницы сайта'];
  out.push('');
  out.push(...table(['Код', 'Раздел', 'Строка', 'Ссылка', 'Почему'], report.brokenLinks.map((l) => [l.code, l.title, l.line, l.target, brokenLinkReason(l)])));
  return out;
}
