import { parseSettings } from './settings/load-settings.js';
import { importSettings, type ImportSettings } from './settings/schema.js';

export interface PayloadLimit {
  bytes: number;
  /** Where the figure comes from, for messages: `MAX_PAYLOAD_SIZE=1mb (Directus's default; not set)`. */
  described: string;
}

export interface ImportLimits {
  /** IMPORT_MAX_FILE_SIZE: no file larger than this is read. */
  maxFileBytes: number;
  /** The largest request body the Directus the import writes to accepts. */
  payload: PayloadLimit;
}

/**
 * The limits an import works within, from the same settings Directus runs with: the payload
 * limit is Directus's MAX_PAYLOAD_SIZE (README, "Configuration"), so the plan can refuse a body
 * Directus would refuse halfway through the writes.
 */
export function importLimitsOf({ IMPORT_MAX_FILE_SIZE: file, MAX_PAYLOAD_SIZE: payload }: ImportSettings): ImportLimits {
  return {
    maxFileBytes: file.bytes,
    payload: {
      bytes: payload.bytes,
      described: payload.given ? `MAX_PAYLOAD_SIZE=${payload.text} (as set for Directus)` : `MAX_PAYLOAD_SIZE=${payload.text} (Directus's default; the setting is not set)`,
    },
  };
}

/** What an import assumes when it is given no settings (library use, tests): Directus's defaults. */
export const DEFAULT_IMPORT_LIMITS: ImportLimits = importLimitsOf(parseSettings(importSettings, {}));
