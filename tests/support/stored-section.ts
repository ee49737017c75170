/** A section as the API returns it to the tests (the fields they compare; more may be present). */
export interface StoredSection {
  id: string;
  code: string;
  title: string;
  status: string;
  owner: string | null;
  body: string | null;
  summary: string | null;
  parent: string | null;
  source?: string | null;
  import_hash?: string | null;
  imported_at?: string | null;
  date_updated?: string | null;
  [field: string]: unknown;
}
