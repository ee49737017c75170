// The warm renderer: the public pages (site/src, the same files the static build uses) as a
// server bundle that the publisher loads once and renders every page from in-process, per
// publish, without Vite or a new process (site/renderer/site-renderer.ts builds and loads it).
import { defineConfig } from 'astro/config';
import { commonConfig, commonIntegrations } from './astro.common.mjs';
import { kbRenderer } from './renderer/adapter.mjs';

export default defineConfig({
  ...commonConfig,
  // Pages take the public address from the data (model.siteUrl), never from here, so one
  // bundle serves any SITE_URL.
  site: 'http://renderer.invalid',
  outDir: process.env.KB_RENDERER_OUT || './renderer-dist/dev',
  cacheDir: '../node_modules/.astro-renderer',
  output: 'server',
  adapter: kbRenderer(),
  integrations: commonIntegrations(),
});
