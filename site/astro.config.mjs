// The public site: static pages from the snapshot that site/build/site-build.ts fetched from
// Directus. Settings come from the environment that buildSite passes to this child process.
import { writeFileSync } from 'node:fs';
import { defineConfig } from 'astro/config';
import { commonConfig, commonIntegrations } from './astro.common.mjs';

const env = process.env;

/** Reports the build's own peak memory to the parent (the benchmark reads it). */
function buildStats() {
  return {
    name: 'kb-build-stats',
    hooks: {
      'astro:build:done': () => {
        if (env.KB_SITE_STATS) writeFileSync(env.KB_SITE_STATS, JSON.stringify({ maxRssKiB: process.resourceUsage().maxRSS }));
      },
    },
  };
}

export default defineConfig({
  ...commonConfig,
  site: env.KB_SITE_URL || 'http://127.0.0.1:4321',
  outDir: env.KB_SITE_OUT || './dist',
  cacheDir: env.KB_SITE_CACHE || '../node_modules/.astro',
  output: 'static',
  build: { ...commonConfig.build, concurrency: Number(env.KB_SITE_CONCURRENCY || 1) },
  integrations: [...commonIntegrations(), buildStats()],
});
