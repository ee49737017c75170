import type { APIRoute } from 'astro';
import { loadSite } from '../lib/site-data.js';
import { escapeXml, isoDate } from '../lib/format.js';

export const GET: APIRoute = async ({ locals }) => {
  const model = await loadSite(locals);
  const entries: { path: string; updated: string | null }[] = [
    { path: '/', updated: null },
    { path: '/sections/', updated: null },
    { path: '/status/', updated: null },
    { path: '/owners/', updated: null },
    { path: '/guide/', updated: null },
    ...model.owners.map((o) => ({ path: o.path, updated: null })),
    ...model.sections.map((s) => ({ path: s.path, updated: s.updated })),
  ];
  const urls = entries
    .map(({ path, updated }) => `<url><loc>${escapeXml(model.siteUrl + path)}</loc>${updated ? `<lastmod>${isoDate(updated)}</lastmod>` : ''}</url>`)
    .join('\n');
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls}\n</urlset>\n`;
  return new Response(body, { headers: { 'Content-Type': 'application/xml; charset=utf-8' } });
};
