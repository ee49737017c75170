import { brokenLinkReason, checkSectionLinks, type BrokenLink } from '../../core/link-check.js';
import type { CmsClient } from '../../platform/cms-client.js';
import { fetchAllSections } from '../../platform/fetch-sections.js';
import { table } from './format.js';

/** `npm run report -- --links`: the broken links the next build of the site will list. */
export interface LinksReport {
  generatedAt: string;
  /** Published sections whose text was checked (the site shows no other text). */
  checked: number;
  brokenLinks: BrokenLink[];
}

/** The broken links of what Directus holds, by the site build's own check. */
export async function loadLinksReport({ client, now = new Date() }: { client: CmsClient; now?: Date }): Promise<LinksReport> {
  const sections = await fetchAllSections({ client });
  return { generatedAt: now.toISOString(), checked: sections.filter((s) => s.status === 'published').length, brokenLinks: checkSectionLinks(sections) };
}

export function formatLinksReport(report: LinksReport): string[] {
  const out = [`Битые внутренние ссылки: ${report.brokenLinks.length} (проверены тексты ${report.checked} опубликованных разделов)`];
  if (report.brokenLinks.length === 0) return [...out, '  нет: все ссылки и якоря ведут на страницы сайта'];
  out.push('');
  out.push(...table(['Код', 'Раздел', 'Строка', 'Ссылка', 'Почему'], report.brokenLinks.map((l) => [l.code, l.title, l.line, l.target, brokenLinkReason(l)])));
  return out;
}
