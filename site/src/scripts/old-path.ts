// The not-found page: a path a static host could not answer with a redirect page of its own
// (`…/README.md`, no trailing slash, another letter case) may still be an old address of a page.
// The build writes every old path → where the page is now into /old-paths.json; look it up and go.
// A module: its names are its own.
export {};

const OLD_PATHS_URL = '/old-paths.json';

/** The forms of the address a page path could have been typed or linked as, most literal first. */
export function pathCandidates(pathname: string): string[] {
  let path = pathname;
  try {
    path = decodeURI(pathname);
  } catch {
    // A malformed escape: look the address up as it is.
  }
  path = path.replace(/\/{2,}/g, '/').replace(/\/(index\.html?|readme\.md|_index\.md)$/i, '/').replace(/\.(md|html?)$/i, '');
  if (!path.endsWith('/')) path += '/';
  return [...new Set([path, path.toLowerCase()])];
}

/** Only paths of this site: never another origin, whatever the map says. */
function isSitePath(target: unknown): target is string {
  return typeof target === 'string' && target.startsWith('/') && !target.startsWith('//') && !target.includes('\\');
}

async function exists(path: string): Promise<boolean> {
  const response = await fetch(path, { method: 'HEAD' }).catch(() => null);
  return response !== null && response.ok && !response.redirected;
}

async function findPage(): Promise<string | null> {
  const candidates = pathCandidates(location.pathname);
  const response = await fetch(OLD_PATHS_URL, { headers: { accept: 'application/json' } }).catch(() => null);
  const map = response?.ok ? ((await response.json().catch(() => ({}))) as Record<string, unknown>) : {};
  for (const candidate of candidates) {
    const target = Object.hasOwn(map, candidate) ? map[candidate] : undefined;
    if (isSitePath(target)) return target;
  }
  // The page's own address in another form (`/02-…/02-01-servers` without the slash).
  for (const candidate of candidates) if (candidate !== location.pathname && (await exists(candidate))) return candidate;
  return null;
}

void findPage().then((target) => {
  if (target === null) return;
  const status = document.querySelector<HTMLElement>('[data-old-path-status]');
  if (status) status.textContent = `Страница переехала: открываем ${target}`;
  location.replace(target + location.hash);
});
