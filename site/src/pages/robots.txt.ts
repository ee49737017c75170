import type { APIRoute } from 'astro';
import { loadSite } from '../lib/site-data.js';

export const GET: APIRoute = async ({ locals }) => {
  const model = await loadSite(locals);
  return new Response(`User-agent: *\nAllow: /\nSitemap: ${model.siteUrl}/sitemap.xml\n`, { headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
};
