import { parseByteSize } from '../core/byte-size.js';
import { InvalidInputError } from '../core/parse-with.js';
import type { RawEnv } from './env.js';

/** Directus's own default for MAX_PAYLOAD_SIZE (its body parser refuses larger requests with 413). */
export const DIRECTUS_DEFAULT_PAYLOAD = '1mb';
export const DEFAULT_IMPORT_MAX_FILE_SIZE = '5mb';

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

function size(raw: RawEnv, key: string, fallback: string, problems: string[]): { bytes: number; text: string; set: boolean } {
  const given = raw[key]?.trim();
  const text = given ? given : fallback;
  const bytes = parseByteSize(text);
  if (bytes === null || bytes === 0) {
    problems.push(`${key}: "${text}" is not a size; write bytes or a number with b, kb, mb or gb (e.g. ${fallback})`);
    return { bytes: parseByteSize(fallback) as number, text, set: Boolean(given) };
  }
  return { bytes, text, set: Boolean(given) };
}

/**
 * The limits an import works within, from the same settings Directus runs with: the payload
 * limit is Directus's MAX_PAYLOAD_SIZE (README, "Configuration"), so the plan can refuse a body
 * Directus would refuse halfway through the writes.
 */
export function importLimitsFrom(raw: RawEnv, where = '.env'): ImportLimits {
  const problems: string[] = [];
  const file = size(raw, 'IMPORT_MAX_FILE_SIZE', DEFAULT_IMPORT_MAX_FILE_SIZE, problems);
  const payload = size(raw, 'MAX_PAYLOAD_SIZE', DIRECTUS_DEFAULT_PAYLOAD, problems);
  if (problems.length > 0) throw new InvalidInputError(`${where} is not valid:\n  - ${problems.join('\n  - ')}`, where, problems);
  return {
    maxFileBytes: file.bytes,
    payload: {
      bytes: payload.bytes,
      described: payload.set ? `MAX_PAYLOAD_SIZE=${payload.text} (as set for Directus)` : `MAX_PAYLOAD_SIZE=${payload.text} (Directus's default; the setting is not set)`,
    },
  };
}

/** What an import assumes when it is given no settings (library use, tests): Directus's defaults. */
export const DEFAULT_IMPORT_LIMITS: ImportLimits = importLimitsFrom({});
