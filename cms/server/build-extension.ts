import { join } from 'node:path';
import { runNode } from '../../platform/child-process.js';
import { repoRoot } from '../../platform/paths.js';
import { recordDigest, recordedDigest, sourcesDigest } from '../../platform/sources-digest.js';

const extensionDir = join(repoRoot, 'cms/extensions/sections-workflow');
const STAMP = join(extensionDir, 'dist/.sources-digest');
// The hook bundles the domain core and the fixed ids, so their changes need a rebuild too.
const SOURCES = ['cms/extensions/sections-workflow/src', 'core'];

/** Builds the workflow hook with the extensions SDK unless its bundle was built from the same sources. */
export async function buildExtensionIfStale(log: (line: string) => void): Promise<void> {
  const digest = await sourcesDigest(repoRoot, SOURCES);
  if ((await recordedDigest(STAMP)) === digest) return;
  log('Building the sections-workflow extension…');
  await runNode(join(repoRoot, 'node_modules/@directus/extensions-sdk/cli.js'), ['build', '--no-minify'], { what: 'Building the extension', cwd: extensionDir });
  await recordDigest(STAMP, digest);
}
