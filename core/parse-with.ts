import type { z } from 'zod';
import { KbError } from './errors.js';

/**
 * The one way to validate input at a boundary (env, CLI flags, front matter, API payload): every
 * issue becomes one line that names the offending key, so the reader fixes all of them in one go
 * instead of one per run. Throws a `bad-input` KbError listing them.
 */
export function parseWith<S extends z.ZodTypeAny>(
  schema: S,
  value: unknown,
  where: string,
  /** Checks across fields, run even when single fields fail (zod skips refinements then). */
  crossChecks: (value: unknown) => readonly string[] = () => [],
): z.output<S> {
  const result = schema.safeParse(value);
  const issues = [
    ...(result.success ? [] : result.error.issues.map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(value)'}: ${issue.message}`)),
    ...crossChecks(value),
  ];
  if (issues.length === 0 && result.success) return result.data;
  throw new KbError('bad-input', `${where} is not valid`, { issues });
}
