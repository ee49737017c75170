// What the static build (astro.config.mjs) and the warm renderer (astro.renderer.config.mjs)
// share: every option that decides the bytes of a page or the names of its assets lives here
// once, so the two cannot drift apart.
import mdx from '@astrojs/mdx';

export const commonConfig = {
  trailingSlash: 'always',
  build: { format: 'directory', inlineStylesheets: 'never' },
  compressHTML: true,
  devToolbar: { enabled: false },
  markdown: { syntaxHighlight: false },
  vite: { logLevel: 'warn' },
};

export function commonIntegrations() {
  return [mdx()];
}
