import type { SectionRecord } from '../../core/section-record.js';

let counter = 0;

/** A section as the API returns it, for unit tests: every field at its empty value unless given. */
export function sectionRecord(code: string, parentId: string | null, fields: Partial<SectionRecord> = {}): SectionRecord {
  counter += 1;
  return {
    id: `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`,
    code,
    title: `Раздел ${code}`,
    slug: null,
    parent: parentId,
    status: 'in_progress',
    owner: null,
    summary: null,
    body: null,
    due_date: null,
    previous_codes: null,
    previous_paths: null,
    source: null,
    pending_edits: 0,
    date_created: null,
    date_updated: null,
    user_created: null,
    user_updated: null,
    ...fields,
  };
}
