import { readCollection, updateCollection } from '@directus/sdk';
import { cmsRequest, type CmsClient } from '../../platform/cms-client.js';

/** The admin app's preview link for a section: `{{id}}` and the open content version `{{$version}}`. */
export function sectionPreviewUrl(previewBaseUrl: string): string {
  return `${previewBaseUrl.replace(/\/+$/, '')}/preview/{{id}}?version={{$version}}`;
}

/**
 * Points the collection's preview button (Directus `meta.preview_url`) at the preview server. It
 * depends on where that server is deployed, so it is applied from the settings (like the site
 * token) rather than fixed in a migration.
 */
export async function ensurePreviewUrl(client: CmsClient, previewBaseUrl: string, log: (line: string) => void = () => {}): Promise<void> {
  const wanted = sectionPreviewUrl(previewBaseUrl);
  await cmsRequest(`set the preview link of sections to ${wanted}`, async () => {
    const collection = (await client.request(readCollection('sections'))) as { meta?: { preview_url?: string | null } };
    if (collection.meta?.preview_url === wanted) return;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    await client.request(updateCollection('sections', { meta: { preview_url: wanted } } as any));
    log(`  ~ preview link of sections → ${wanted}`);
  });
}
