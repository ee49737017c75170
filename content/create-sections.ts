import { createItems } from '@directus/sdk';
import { codeDepth } from '../core/section-code.js';
import { cmsRequest, type CmsClient } from '../platform/cms-client.js';

/** A section to create with its identity and parent already decided (restores, generated trees). */
export interface NewSection {
  id: string;
  code: string;
  parent: string | null;
  title: string;
  [field: string]: unknown;
}

/**
 * Creates many sections in few requests: level by level, so every parent exists before its
 * children, in batches that the workflow hook still checks one item at a time.
 */
export async function createSectionsInBulk(client: CmsClient, sections: readonly NewSection[], batchSize = 250): Promise<void> {
  const byLevel = new Map<number, NewSection[]>();
  for (const section of sections) {
    const level = codeDepth(section.code);
    const list = byLevel.get(level);
    if (list) list.push(section);
    else byLevel.set(level, [section]);
  }
  for (const level of [...byLevel.keys()].sort((a, b) => a - b)) {
    const list = byLevel.get(level) ?? [];
    for (let start = 0; start < list.length; start += batchSize) {
      const batch = list.slice(start, start + batchSize);
      await cmsRequest(`create sections ${batch[0]?.code}…${batch.at(-1)?.code}`, () => client.request(createItems('sections', batch, { fields: ['id'] })));
    }
  }
}
