import { readItems, readRevisions, updateItem } from '@directus/sdk';
import { z } from 'zod';
import { parseWith } from '../../core/parse-with.js';
import { diagnoseOldCodes, type ClaimRewrite, type LastHeld, type OldCodeDiagnosis } from '../../core/old-code-claims.js';
import { diagnoseTree, type DoctorSection, type TreeDiagnosis, type TreeRepair } from '../../core/tree-doctor.js';
import { cmsRequest, type CmsClient } from '../../platform/cms-client.js';

const doctorSectionSchema = z.object({
  id: z.string(),
  parent: z.string().nullable(),
  code: z.string().nullable(),
  title: z.string(),
  previous_codes: z.array(z.string()).nullable().transform((codes) => codes ?? []),
});

/** The tree as the admin sees it: every section's place (id, parent, code), nothing else. */
export async function readTree(client: CmsClient): Promise<DoctorSection[]> {
  const rows = await cmsRequest('read the sections tree', () =>
    client.request(readItems('sections', { fields: ['id', 'parent', 'code', 'title', 'previous_codes'], limit: -1 })),
  );
  return parseWith(z.array(doctorSectionSchema), rows, 'the sections Directus returned');
}

export interface RepairResult {
  written: TreeRepair[];
  /** What a fresh read finds afterwards: empty when the tree is sound. */
  after: TreeDiagnosis;
}

/**
 * Writes the plan parent first, each repair as one update through the hook (which re-codes a moved
 * section's subtree itself, so a later repair it already made is skipped), then reads the tree again.
 */
export async function applyRepairs(client: CmsClient, diagnosis: TreeDiagnosis, onWrite: (repair: TreeRepair) => void = () => {}): Promise<RepairResult> {
  const written: TreeRepair[] = [];
  for (const repair of diagnosis.repairs) {
    const now = (await readTree(client)).find((s) => s.id === repair.id);
    if (!now || (now.parent === repair.to.parent && now.code === repair.to.code)) continue;
    const changes = now.parent === repair.to.parent ? { code: repair.to.code } : { parent: repair.to.parent, code: repair.to.code };
    await cmsRequest(`repair section ${repair.from.code ?? repair.id} (→ ${repair.to.code})`, () => client.request(updateItem('sections', repair.id, changes)));
    written.push(repair);
    onWrite(repair);
  }
  return { written, after: diagnoseTree(await readTree(client)) };
}

const revisionSchema = z.object({ id: z.coerce.number(), item: z.string(), data: z.record(z.string(), z.unknown()).nullable() });

/**
 * When each section that keeps an old code last had it, from the main text's revisions (a version's
 * revisions are proposals, not history): what decides which of two claimants really held a code.
 */
export async function readLastHeld(client: CmsClient, sections: readonly DoctorSection[]): Promise<LastHeld> {
  const claimants = sections.filter((s) => s.previous_codes.length > 0).map((s) => s.id);
  const last = new Map<string, number>();
  for (let i = 0; i < claimants.length; i += 100) {
    const ids = claimants.slice(i, i + 100);
    const rows = await cmsRequest('read the sections’ revisions', () =>
      client.request(readRevisions({ filter: { collection: { _eq: 'sections' }, item: { _in: ids }, version: { _null: true } }, fields: ['id', 'item', 'data'], limit: -1 })),
    );
    for (const revision of parseWith(z.array(revisionSchema), rows, 'the revisions Directus returned')) {
      const code = revision.data?.code;
      if (typeof code !== 'string') continue;
      const key = `${revision.item}\u0000${code}`;
      last.set(key, Math.max(last.get(key) ?? -1, revision.id));
    }
  }
  return (id, code) => last.get(`${id}\u0000${code}`) ?? null;
}

export async function diagnoseOldCodesIn(client: CmsClient, sections: readonly DoctorSection[]): Promise<OldCodeDiagnosis> {
  return diagnoseOldCodes(sections, await readLastHeld(client, sections));
}

/** Writes each section's old codes without the ones it gives up (as the admin: old codes are the system's). */
export async function applyClaimRewrites(client: CmsClient, rewrites: readonly ClaimRewrite[]): Promise<number> {
  for (const rewrite of rewrites) {
    await cmsRequest(`give up old codes of section ${rewrite.id}`, () => client.request(updateItem('sections', rewrite.id, { previous_codes: rewrite.previous_codes })));
  }
  return rewrites.length;
}
