import type { APIRoute } from 'astro';
import { loadSite } from '../lib/site-data.js';
import { llmsIndex, TEXT_TYPE } from '../lib/llms-text.js';

export const GET: APIRoute = async ({ locals }) => new Response(llmsIndex(await loadSite(locals)), { headers: { 'Content-Type': TEXT_TYPE } });
