import { join } from 'node:path';
import { runNode } from '../../platform/child-process.js';
import { repoRoot } from '../../platform/paths.js';
import { recordDigest, recordedDigest, sourcesDigest } from '../../platform/sources-digest.js';

/**
 * The project's Directus extensions: the workflow hook (API) and the editors' desk (the admin
 * app's own parts). Both bundle the domain core and the fixed ids, so a change there rebuilds them.
 */
export const EXTENSIONS = ['sections-workflow', 'editors-desk'] as const;

/** Builds each extension with the extensions SDK unless its bundle was built from the same sources. */
export async function buildExtensionIfStale(log: (line: string) => void): Promise<void> {
  for (const name of EXTENSIONS) {
    const dir = join(repoRoot, 'cms/extensions', name);
    const stamp = join(dir, 'dist/.sources-digest');
    const digest = await sourcesDigest(repoRoot, [`cms/extensions/${name}/src`, `cms/extensions/${name}/package.json`, 'core']);
    if ((await recordedDigest(stamp)) === digest) continue;
    log(`Building the ${name} extension…`);
    await runNode(join(repoRoot, 'node_modules/@directus/extensions-sdk/cli.js'), ['build', '--no-minify'], { what: `Building the ${name} extension`, cwd: dir });
    await recordDigest(stamp, digest);
  }
}
