// A minimal Astro adapter for the warm renderer: its server entry hands the publisher a
// `render(path, locals)` function over Astro's own App (no HTTP, no Node request objects).
// Every route renders on demand in this bundle, whatever a page declares, because the renderer
// produces each page from the snapshot of the moment.

export function kbRenderer() {
  return {
    name: 'kb-renderer',
    hooks: {
      'astro:route:setup': ({ route }) => {
        route.prerender = false;
      },
      'astro:config:setup': ({ addMiddleware }) => {
        addMiddleware({ entrypoint: new URL('./capture-errors.ts', import.meta.url), order: 'pre' });
      },
      'astro:config:done': ({ setAdapter }) => {
        setAdapter({
          name: 'kb-renderer',
          serverEntrypoint: new URL('./entry.ts', import.meta.url),
          exports: ['renderer'],
          adapterFeatures: { buildOutput: 'server', edgeMiddleware: false },
          supportedAstroFeatures: { serverOutput: 'stable', staticOutput: 'stable', hybridOutput: 'stable', // The site has no images for Astro to optimise.
            sharpImageService: { support: 'unsupported', message: 'no images are optimised', suppress: 'all' } },
        });
      },
    },
  };
}
