import { readContentVersions } from '@directus/sdk';
import { z } from 'zod';
import { parseWith } from '../../core/parse-with.js';
import { buildStatusReport, REPORT_VERSION_FIELDS, reportVersionSchema, type StatusReport } from '../../core/status-report.js';
import { cmsRequest, type CmsClient } from '../../platform/cms-client.js';
import { fetchAllSections, fetchPeople } from '../../platform/fetch-sections.js';

/** Content versions of sections: proposed edits of published pages waiting for the CTO. */
export async function fetchSectionVersions(client: CmsClient) {
  const rows = await cmsRequest('read the content versions (the review queue)', () =>
    client.request(readContentVersions({ filter: { collection: { _eq: 'sections' } }, fields: [...REPORT_VERSION_FIELDS], limit: -1 })),
  );
  return parseWith(z.array(reportVersionSchema), rows, 'the content versions Directus returned');
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
