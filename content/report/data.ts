import { readContentVersions } from '@directus/sdk';
import { z } from 'zod';
import { parseWith } from '../../core/parse-with.js';
import { buildStatusReport, type StatusReport } from '../../core/status-report.js';
import { cmsRequest, type CmsClient } from '../../platform/cms-client.js';
import { fetchAllSections, fetchPeople } from '../../platform/fetch-sections.js';

const versionSchema = z.object({
  id: z.string(),
  name: z.string().nullable().default(null),
  item: z.string(),
  user_created: z.string().nullable().default(null),
  date_created: z.string().nullable().default(null),
  date_updated: z.string().nullable().default(null),
});

/** Content versions of sections: proposed edits of published pages waiting for the CTO. */
export async function fetchSectionVersions(client: CmsClient) {
  const rows = await cmsRequest('read the content versions (the review queue)', () =>
    client.request(readContentVersions({ filter: { collection: { _eq: 'sections' } }, fields: ['id', 'name', 'item', 'user_created', 'date_created', 'date_updated'], limit: -1 })),
  );
  return parseWith(z.array(versionSchema), rows, 'the content versions Directus returned');
}

export interface ReportOptions {
  client: CmsClient;
  now?: Date;
  timeZone?: string;
  staleDays?: number;
}

/** read → the pure roll-up of core/status-report.ts. */
export async function loadStatusReport({ client, now = new Date(), timeZone, staleDays }: ReportOptions): Promise<StatusReport> {
  const [sections, people, versions] = await Promise.all([fetchAllSections({ client }), fetchPeople(client), fetchSectionVersions(client)]);
  return buildStatusReport({ sections, people, versions, now, ...(timeZone ? { timeZone } : {}), ...(staleDays !== undefined ? { staleDays } : {}) });
}
