import { z } from 'zod';
import { sectionStatusSchema } from './status.js';

const nullableText = z.string().nullable().default(null);
const uuid = z.string().uuid();

/**
 * A section as the Directus API returns it. The one definition every reader of the API (site
 * build, export, backup, report) validates against, so a malformed item fails loudly at the
 * boundary instead of rendering as a half-empty page.
 */
export const sectionRecordSchema = z.object({
  id: uuid,
  code: z.string().min(1, 'a section without a code cannot be placed in the tree'),
  title: z.string().min(1),
  slug: nullableText,
  parent: uuid.nullable(),
  status: sectionStatusSchema,
  owner: uuid.nullable().default(null),
  summary: nullableText,
  body: nullableText,
  due_date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}/, 'expected a date YYYY-MM-DD')
    .nullable()
    .default(null),
  previous_codes: z.array(z.string()).nullable().default(null),
  /** Page paths the section had before moves and renames (the hook keeps them, for redirects). */
  previous_paths: z.array(z.string()).nullable().default(null),
  source: nullableText,
  /** Pending edits of it in content versions (core/review-queue.ts); the hook keeps the count. */
  pending_edits: z.coerce.number().int().min(0).default(0),
  date_created: nullableText,
  date_updated: nullableText,
  user_created: uuid.nullable().default(null),
  user_updated: uuid.nullable().default(null),
});

export type SectionRecord = z.output<typeof sectionRecordSchema>;

/** The fields of `sectionRecordSchema`, for `fields=` in API requests. */
export const SECTION_RECORD_FIELDS = Object.keys(sectionRecordSchema.shape) as (keyof SectionRecord)[];

/**
 * A section as the administrator reads it (export, backup, import): the record plus what the
 * import keeps to recognise its own writes (migration 0005), which no one else needs to see.
 */
export const storedSectionSchema = sectionRecordSchema.extend({
  import_hash: nullableText,
  imported_at: nullableText,
});

export type StoredSection = z.output<typeof storedSectionSchema>;

export const STORED_SECTION_FIELDS = Object.keys(storedSectionSchema.shape) as (keyof StoredSection)[];

/**
 * Fields beyond the seed's that a source may carry (an export does, a Gramax tree may); a key
 * present means the source sets it, an absent one stays the editors'.
 */
export const SECTION_EXTRA_FIELDS = ['owner', 'summary', 'slug', 'due_date', 'previous_codes', 'previous_paths'] as const satisfies readonly (keyof SectionRecord)[];

export type SectionExtraField = (typeof SECTION_EXTRA_FIELDS)[number];

/** `owner` is an e-mail or a user id as a source writes it, a user id once resolved. */
export type SectionExtras = Partial<Pick<SectionRecord, SectionExtraField>>;

/** A person as the site and the reports show them. */
export const personSchema = z.object({
  id: uuid,
  first_name: z.string().nullable().default(null),
  last_name: z.string().nullable().default(null),
  email: z.string().nullable().optional(),
});

export type Person = z.output<typeof personSchema>;

export const PERSON_FIELDS = ['id', 'first_name', 'last_name'] as const;

/** `Айгерим Сапарова`, or a fallback for an account with no name. */
export function personName(person: Pick<Person, 'first_name' | 'last_name'> | null | undefined, fallback = 'не назначен'): string {
  if (!person) return fallback;
  const name = [person.first_name, person.last_name].filter((part) => part && part.trim()).join(' ').trim();
  return name === '' ? fallback : name;
}
