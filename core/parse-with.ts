import type { z } from 'zod';

/** Thrown when a value at a boundary (env, CLI flags, front matter, API payload) does not fit its schema. */
export class InvalidInputError extends Error {
  constructor(
    message: string,
    readonly where: string,
    readonly issues: readonly string[],
  ) {
    super(message);
    this.name = 'InvalidInputError';
  }
}

/**
 * The one way to validate input at a boundary: every issue becomes one line that names the
 * offending key, so the reader fixes all of them in one go instead of one per run.
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
  throw new InvalidInputError(`${where} is not valid:\n  - ${issues.join('\n  - ')}`, where, issues);
}
