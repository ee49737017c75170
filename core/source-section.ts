import type { SectionExtras, SectionRecord } from './section-record.js';

/**
 * One section as an import source describes it — the seed index, a docs tree, an export — before
 * it is planned against what is stored. The record's own fields keep the record's types.
 */
export interface SourceSection extends Pick<SectionRecord, 'code' | 'title' | 'status' | 'source'> {
  /** '' when the source has no text for it. */
  body: string;
  parentCode: string | null;
  /** Where it was read, for messages (`file:line`); '' and 0 when the source has neither. */
  file: string;
  line: number;
  /** The section's id when the source carries it (an export does): matched before the code. */
  id?: string;
  extras?: SectionExtras;
  /** A person's name (a Gramax `Ответственный` property), matched against the users before planning. */
  ownerName?: string;
  /** A folder without an article: created when nothing has its code, never updates anything. */
  weak?: boolean;
}
