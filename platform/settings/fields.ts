import { z } from 'zod';
import { parseByteSize } from '../../core/byte-size.js';

/**
 * The kinds of value a setting can hold, each spelled once: every schema in schema.ts is made of
 * these, so a port or an address is checked (and its message worded) the same way everywhere.
 */

const GENERATED = 'npm start generates one when it is empty';

/** Unset and empty are the same: "not set". */
export const optionalText = z
  .string()
  .trim()
  .optional()
  .transform((value) => (value ? value : undefined));

/** A word such as a host name or a folder, with the value it takes when unset. */
export const text = (fallback: string) => z.string().trim().min(1).default(fallback);

/** A TCP port to listen on or reach; 0 lets the system pick a free one (tests). */
export const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

export const url = () => z.string().url();

export const optionalUrl = optionalText.pipe(z.string().url().optional());

/** `true` or `false`; unset and empty are false. */
export const flag = z
  .enum(['true', 'false', ''])
  .optional()
  .transform((value) => value === 'true');

/** `true` or `false` with the value it takes when unset or empty. */
export const switchWithDefault = (fallback: boolean) =>
  z
    .enum(['true', 'false', ''])
    .optional()
    .transform((value) => (value ? value === 'true' : fallback));

/** A whole number of at least 1, with the value it takes when unset. */
export const count = (fallback: number) => z.coerce.number().int().min(1).default(fallback);

export const email = () => z.string().email();

export const optionalEmail = z
  .string()
  .email()
  .optional()
  .or(z.literal('').transform(() => undefined));

/** A secret or token that `npm start` generates into .env when it is empty. */
export const generatedSecret = (min: number, note = '') => z.string().min(min, `must be at least ${min} characters (${GENERATED})${note}`);

/** A size as Directus writes one (`5mb`, `1048576`): its bytes, its text, and whether it was set at all. */
export const byteSize = (fallback: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((value, ctx) => {
      const text = value ? value : fallback;
      const bytes = parseByteSize(text);
      if (bytes === null || bytes === 0) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: `"${text}" is not a size; write bytes or a number with b, kb, mb or gb (e.g. ${fallback})` });
        return z.NEVER;
      }
      return { bytes, text, given: Boolean(value) };
    });

/** A duration in milliseconds, bounded so a typo cannot stall the publisher for a day. */
export const milliseconds = (fallback: number, max: number) => z.coerce.number().int().min(0).max(max).default(fallback);
