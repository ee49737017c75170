import type { Knex } from 'knex';
import type { SectionSnapshot } from '../../../../core/editorial-rules.js';
import { personName } from '../../../../core/proposal-version.js';

export interface SectionRow extends SectionSnapshot {
  parent: string | null;
  slug: string | null;
  title: string;
  previous_codes: string[];
}

const COLUMNS = ['id', 'code', 'status', 'owner', 'parent', 'slug', 'title', 'previous_codes'];

function toRow(raw: Record<string, unknown>): SectionRow {
  let previous: unknown = raw.previous_codes;
  if (typeof previous === 'string') {
    try {
      previous = JSON.parse(previous);
    } catch {
      previous = [];
    }
  }
  return {
    id: String(raw.id),
    code: (raw.code as string | null) ?? null,
    status: String(raw.status),
    owner: (raw.owner as string | null) ?? null,
    parent: (raw.parent as string | null) ?? null,
    slug: (raw.slug as string | null) ?? null,
    title: String(raw.title ?? ''),
    previous_codes: Array.isArray(previous) ? previous.map(String) : [],
  };
}

/** Direct reads of the sections table: the hook decides before Directus's own permission checks. */
export class SectionsStore {
  constructor(private readonly db: Knex) {}

  async get(id: string): Promise<SectionRow | null> {
    const raw = await this.db('sections').select(COLUMNS).where('id', id).first();
    return raw ? toRow(raw) : null;
  }

  async getMany(ids: readonly string[]): Promise<SectionRow[]> {
    if (ids.length === 0) return [];
    return (await this.db('sections').select(COLUMNS).whereIn('id', [...ids])).map(toRow);
  }

  async all(): Promise<SectionRow[]> {
    return (await this.db('sections').select(COLUMNS)).map(toRow);
  }

  async children(parent: string | null): Promise<SectionRow[]> {
    const query = this.db('sections').select(COLUMNS);
    return (await (parent === null ? query.whereNull('parent') : query.where('parent', parent))).map(toRow);
  }

  async codeTakenBy(code: string): Promise<string | null> {
    const raw = await this.db('sections').select('id').where('code', code).first();
    return raw ? String(raw.id) : null;
  }

  /** Codes one level below `parentCode` (or chapter codes), whoever their parent is. */
  async codesDirectlyUnder(parentCode: string | null): Promise<string[]> {
    const query = this.db('sections').select('code').whereNotNull('code');
    const rows = parentCode === null ? await query.whereNot('code', 'like', '%.%') : await query.where('code', 'like', `${parentCode}.%`);
    const depth = parentCode === null ? 1 : parentCode.split('.').length + 1;
    return rows.map((r: { code: string }) => r.code).filter((code: string) => code.split('.').length === depth);
  }

  /**
   * An old code belongs to its last holder alone: when a section takes a code, the other sections
   * that kept it as a previous code give it up, so its redirect can only ever lead to one page.
   */
  async releaseOldCodes(holders: readonly { id: string; code: string }[]): Promise<number> {
    let released = 0;
    for (const { id, code } of holders) {
      const claimants = await this.db('sections')
        .select(COLUMNS)
        .whereNot('id', id)
        .andWhereRaw('CAST(?? AS TEXT) LIKE ?', ['previous_codes', `%"${code}"%`]);
      for (const claimant of claimants.map(toRow)) {
        const kept = claimant.previous_codes.filter((c) => c !== code);
        if (kept.length === claimant.previous_codes.length) continue;
        await this.db('sections').where('id', claimant.id).update({ previous_codes: JSON.stringify(kept) });
        released += 1;
      }
    }
    return released;
  }

  async childCount(id: string): Promise<number> {
    const raw = await this.db('sections').count({ n: '*' }).where('parent', id).first();
    return Number(raw?.n ?? 0);
  }

  async userName(id: string | null): Promise<string | null> {
    if (!id) return null;
    const raw = await this.db('directus_users').select('first_name', 'last_name', 'email').where('id', id).first();
    return raw ? personName(raw) : null;
  }
}
