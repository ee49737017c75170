// The editors' preview: the same components as the public pages, rendered on demand with the
// editor's own Directus token (site/preview/server.ts mounts the handler). Never part of
// the public build: its pages live in preview/src/ and its output in preview-dist/.
import { defineConfig } from 'astro/config';
import node from '@astrojs/node';

export default defineConfig({
  srcDir: './preview/src',
  outDir: process.env.KB_PREVIEW_OUT || './preview-dist',
  cacheDir: '../node_modules/.astro-preview',
  publicDir: './preview/src/public',
  output: 'server',
  adapter: node({ mode: 'middleware' }),
  trailingSlash: 'ignore',
  // One response per page, no static files to serve: the stylesheet goes into the page.
  build: { inlineStylesheets: 'always' },
  devToolbar: { enabled: false },
  // Astro's own check compares Origin with an address it only trusts from allowedDomains, which
  // depend on the deployment; the login and logout forms check Origin against Host themselves.
  security: { checkOrigin: false },
  vite: { logLevel: 'warn' },
});
