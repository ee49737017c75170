import { aggregate, readItems, readUsers } from '@directus/sdk';
import pLimit from 'p-limit';
import { z } from 'zod';
import { KbError } from '../core/errors.js';
import { parseWith } from '../core/parse-with.js';
import { personSchema, sectionRecordSchema, type Person, type SectionRecord } from '../core/section-record.js';
import { heldUntil, PUBLISH_HOLDS_COLLECTION } from '../core/publish-hold.js';
import { peopleQuery, publishHoldsQuery, sectionCountQuery, sectionPageQuery, SITE_SECTION_PAGE_SIZE } from '../core/site-reader-queries.js';
import { cmsRequest, type CmsClient } from './cms-client.js';

export interface FetchSectionsOptions {
  client: CmsClient;
  /** Requests in flight at once. */
  concurrency?: number;
}

const countSchema = z.array(z.object({ count: z.coerce.number().int().min(0) })).min(1);

const request = <T>(what: string, run: () => Promise<T>): Promise<T> => cmsRequest(`read ${what} from Directus`, run);

function validateSection(raw: unknown, index: number): SectionRecord {
  const item = (raw ?? {}) as { id?: unknown; code?: unknown };
  const label = `section #${index + 1} (id ${String(item.id ?? '?')}, code ${String(item.code ?? '?')})`;
  try {
    return parseWith(sectionRecordSchema, raw, label);
  } catch (error) {
    throw new KbError('malformed-data', `Directus returned a malformed ${label}`, { why: (error as Error).message, hint: 'Fix it in the admin app.', cause: error });
  }
}

/**
 * Every section, read in pages that run concurrently (bounded by p-limit) and validated. The
 * requests are the site reader's declared ones (core/site-reader-queries.ts): the site's token may
 * make no other. The
 * pages are ordered by id, which moves do not change, and the result is checked for gaps or
 * repeats that an edit during the read would cause; such a read is done once more.
 */
export async function fetchAllSections({ client, concurrency = 4 }: FetchSectionsOptions): Promise<SectionRecord[]> {
  for (let attempt = 1; ; attempt++) {
    const counted = await request('the number of sections', () => client.request(aggregate('sections', sectionCountQuery())));
    const total = parseWith(countSchema, counted, 'the section count Directus returned')[0]?.count ?? 0;
    const pageSize = SITE_SECTION_PAGE_SIZE;
    const pages = Math.ceil(total / pageSize);
    const limit = pLimit(concurrency);
    const chunks = await Promise.all(
      Array.from({ length: pages }, (_, page) =>
        limit(() =>
          request(`sections ${page * pageSize + 1}–${Math.min(total, (page + 1) * pageSize)}`, () =>
            client.request(readItems('sections', sectionPageQuery(page))),
          ),
        ),
      ),
    );
    const rows = chunks.flat();
    const ids = new Set(rows.map((row) => (row as { id?: unknown }).id));
    if (rows.length === total && ids.size === total) return rows.map(validateSection);
    if (attempt >= 3) {
      throw new KbError('failed', 'The sections kept changing while they were read', { why: `${rows.length} rows, ${ids.size} distinct, ${total} counted`, hint: 'Try again when editing has paused.' });
    }
  }
}

/** Every user the sections can point at, with the fields a page shows. */
export async function fetchPeople(client: CmsClient): Promise<Person[]> {
  const rows = await request('the users', () => client.request(readUsers(peopleQuery())));
  return parseWith(z.array(personSchema), rows, 'the users Directus returned');
}

const holdsSchema = z.array(z.object({ expires_at: z.unknown() }));

/** When the import holding publishing lets go at the latest, or null when none holds it (the publisher asks before a build). */
export async function fetchPublishHoldUntil(client: CmsClient, now: number = Date.now()): Promise<number | null> {
  const rows = await request('the holds on publishing', () => client.request(readItems(PUBLISH_HOLDS_COLLECTION as never, publishHoldsQuery() as never)));
  return heldUntil(parseWith(holdsSchema, rows, 'the publishing holds Directus returned').map((row) => row.expires_at), now);
}
