import { readItems, updateItem } from '@directus/sdk';
import { z } from 'zod';
import { parseWith } from '../../core/parse-with.js';
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
