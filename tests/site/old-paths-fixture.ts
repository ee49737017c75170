import assert from 'node:assert/strict';
import { join } from 'node:path';
import { importSources } from '../../content/import/sources.js';
import { repoRoot } from '../../platform/paths.js';
import { sectionPagePath } from '../support/publishing-stack.js';
import type { TestCms, TestUser } from '../support/test-cms.js';

/** A Gramax catalog of the team's shape: chapter 06 with a folder article (and a numbered part in it), a file article, chapter 07. */
export const OPS_CATALOG = join(repoRoot, 'tests/fixtures/trees/ops-catalog');

export interface OldPath {
  /** The address a reader or a bookmark still has. */
  old: string;
  /** The section's id: where it must land is wherever that section's page is now. */
  id: string;
  why: string;
}

export interface OldPathsSite {
  cto: TestUser;
  student: TestUser;
  /** Section ids by their code at import. */
  ids: Map<string, string>;
  /** What each section's page path is after the edits, by id. */
  now: Map<string, string>;
  /** Paths that pages had before the CTO's move and renames, and the imported articles' catalog addresses. */
  oldPaths: OldPath[];
  /** What the hook must have kept in previous_paths, by id. */
  kept: Map<string, string[]>;
}

async function codeOf(cms: TestCms, id: string): Promise<string> {
  const response = await cms.api('GET', `/items/sections/${id}?fields=code`);
  assert.equal(response.status, 200, JSON.stringify(response.body));
  return response.body.data.code as string;
}

/**
 * The catalog imported, then what happens to a real knowledge base: the CTO moves the monitoring
 * article (with its numbered part) to chapter 07, renames the backups article's slug, and then
 * renames chapter 06 — which moves the backups page a second time.
 */
export async function prepareOldPathsSite(cms: TestCms): Promise<OldPathsSite> {
  await importSources([{ path: OPS_CATALOG, label: 'ops-catalog' }], { client: cms.admin, progress: null });
  const cto = await cms.createUser('cto', 'Тимур Ахметов');
  const student = await cms.createUser('student', 'Айгерим Сапарова');
  const listed = await cms.api('GET', '/items/sections?fields=id,code&limit=-1');
  const ids = new Map((listed.body.data as { id: string; code: string }[]).map((s) => [s.code, s.id]));
  assert.deepEqual([...ids.keys()].sort(), ['06', '06.06', '06.06.01', '06.07', '07']);
  const id = (code: string) => ids.get(code) as string;
  const pathOf = async (sectionId: string) => sectionPagePath(cms, await codeOf(cms, sectionId));
  const edit = async (sectionId: string, body: Record<string, unknown>) => {
    const response = await cms.api('PATCH', `/items/sections/${sectionId}`, { token: cto.token, body });
    assert.equal(response.status, 200, JSON.stringify(response.body));
  };

  const oldPaths: OldPath[] = [
    { old: '/06-operations/', id: id('06'), why: 'the chapter’s catalog address' },
    { old: '/06-operations/06-06-monitoring/', id: id('06.06'), why: 'a folder article’s catalog address' },
    { old: '/06-operations/06-07-backups/', id: id('06.07'), why: 'a file article’s catalog address' },
    { old: '/07-development/', id: id('07'), why: 'chapter 07’s catalog address' },
  ];
  const kept = new Map<string, string[]>();
  const keep = (sectionId: string, old: string, why: string) => {
    oldPaths.push({ old, id: sectionId, why });
    kept.set(sectionId, [...(kept.get(sectionId) ?? []), old]);
  };

  // A move: the section and its nested part get new codes and paths.
  const monitoring = await pathOf(id('06.06'));
  const alerts = await pathOf(id('06.06.01'));
  await edit(id('06.06'), { parent: id('07') });
  keep(id('06.06'), monitoring, 'moved to chapter 07');
  keep(id('06.06.01'), alerts, 'its part, moved with it');

  // A rename of a slug.
  const backups = await pathOf(id('06.07'));
  await edit(id('06.07'), { slug: 'backups' });
  keep(id('06.07'), backups, 'its slug renamed');

  // A rename of the chapter: every page below it moves.
  const chapter = await pathOf(id('06'));
  const renamedBackups = await pathOf(id('06.07'));
  await edit(id('06'), { slug: 'ops' });
  keep(id('06'), chapter, 'the chapter’s slug renamed');
  keep(id('06.07'), renamedBackups, 'its chapter renamed');

  const now = new Map<string, string>();
  for (const sectionId of ids.values()) now.set(sectionId, await pathOf(sectionId));
  for (const { old, id: sectionId, why } of oldPaths) assert.notEqual(old, now.get(sectionId), `${old} (${why}) is an old path`);
  return { cto, student, ids, now, oldPaths, kept };
}
