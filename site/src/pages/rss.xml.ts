import type { APIRoute } from 'astro';
import { loadSite } from '../lib/site-data.js';
import { escapeXml } from '../lib/format.js';

const ITEMS = 30;

/** The latest published sections, newest first: what readers subscribe to. */
export const GET: APIRoute = async ({ locals }) => {
  const model = await loadSite(locals);
  const published = model.sections
    .filter((s) => s.published)
    .sort((a, b) => (b.updated ?? '').localeCompare(a.updated ?? '') || a.code.localeCompare(b.code))
    .slice(0, ITEMS);
  const items = published
    .map((s) => {
      const url = escapeXml(model.siteUrl + s.path);
      const date = s.updated ? `<pubDate>${new Date(s.updated).toUTCString()}</pubDate>` : '';
      const description = s.summary ? `<description>${escapeXml(s.summary)}</description>` : '';
      return `<item><title>${escapeXml(`${s.code} ${s.title}`)}</title><link>${url}</link><guid isPermaLink="false">${escapeXml(s.id)}</guid>${date}${description}</item>`;
    })
    .join('\n');
  const body = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
<channel>
<title>База знаний tapbot.kz — опубликованные разделы</title>
<link>${escapeXml(`${model.siteUrl}/`)}</link>
<description>Разделы документации tapbot.kz, прошедшие проверку CTO</description>
<language>ru</language>
${items}
</channel>
</rss>
`;
  return new Response(body, { headers: { 'Content-Type': 'application/rss+xml; charset=utf-8' } });
};
