import { randomUUID } from 'node:crypto';
import { createItem, deleteItems } from '@directus/sdk';
import { PUBLISH_HOLD_TTL_MS, PUBLISH_HOLDS_COLLECTION } from '../../core/publish-hold.js';
import { cmsRequest, type CmsClient } from '../../platform/cms-client.js';

export interface PublishHold {
  readonly expiresAt: Date;
  /** Removes this hold and any earlier one of the same sources (a run that failed before). */
  release(): Promise<void>;
}

/** Holds publishing (core/publish-hold.ts) for the writes of the import of `label`. */
export async function holdPublishing(client: CmsClient, label: string, { ttlMs = PUBLISH_HOLD_TTL_MS, now = new Date() } = {}): Promise<PublishHold> {
  const reason = `import ${label}`;
  const expiresAt = new Date(now.getTime() + ttlMs);
  await cmsRequest('hold publishing while the import writes', () => client.request(createItem(PUBLISH_HOLDS_COLLECTION, { id: randomUUID(), reason, expires_at: expiresAt.toISOString() })), 'Apply the migrations (`npm run migrate`).');
  return {
    expiresAt,
    release: () =>
      cmsRequest('release the publishing hold', async () => {
        await client.request(deleteItems(PUBLISH_HOLDS_COLLECTION, { filter: { reason: { _eq: reason } } }));
      }),
  };
}
