import type { StoredSection as Stored } from '../../core/section-record.js';

/** A section as the API returns it to the tests: the stored record, and whatever else a query asked for. */
export type StoredSection = Stored & Record<string, unknown>;
