import type { Accountability, SchemaOverview } from '@directus/types';
import type { Knex } from 'knex';
import { proposalVersionKey, proposalVersionName } from '../../../../core/proposal-version.js';

interface VersionsServiceLike {
  readByQuery(query: Record<string, unknown>): Promise<Record<string, unknown>[]>;
  createOne(data: Record<string, unknown>): Promise<string | number>;
  save(key: string, delta: Record<string, unknown>): Promise<unknown>;
}

export interface DivertRequest {
  versions: (options: { schema: SchemaOverview; knex: Knex; accountability: Accountability }) => VersionsServiceLike;
  schema: SchemaOverview;
  database: Knex;
  accountability: Accountability;
  sectionId: string;
  authorName: string;
  changes: Record<string, unknown>;
}

/**
 * Keeps a student's edit of a published section in the student's own content version (one per
 * author and section, accumulating edits) instead of the live item; the CTO promotes it.
 */
export async function divertToVersion(request: DivertRequest): Promise<string> {
  const { schema, database, accountability, sectionId, authorName, changes } = request;
  const versions = request.versions({ schema, knex: database, accountability });
  const key = proposalVersionKey(String(accountability.user));
  const name = proposalVersionName(authorName);
  const [existing] = await versions.readByQuery({
    filter: { collection: { _eq: 'sections' }, item: { _eq: sectionId }, key: { _eq: key } },
    fields: ['id', 'name'],
    limit: 1,
  });
  const id = existing ? String(existing.id) : String(await versions.createOne({ key, name, collection: 'sections', item: sectionId }));
  await versions.save(id, changes);
  return existing ? String(existing.name ?? name) : name;
}
