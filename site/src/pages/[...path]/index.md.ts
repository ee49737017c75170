import type { APIRoute } from 'astro';
import { loadSite } from '../../lib/site-data.js';
import { MARKDOWN_TYPE, sectionMarkdown } from '../../lib/llms-text.js';
import { markdownAt, markdownParams } from '../../lib/site-routes.js';

// Each published page's markdown at `<page>/index.md`; a draft has none (no file, a 404).
export async function getStaticPaths() {
  return markdownParams(await loadSite()).map((params) => ({ params }));
}

export const GET: APIRoute = async ({ locals, params }) => {
  const model = await loadSite(locals);
  return new Response(sectionMarkdown(model, markdownAt(model, params)), { headers: { 'Content-Type': MARKDOWN_TYPE } });
};
