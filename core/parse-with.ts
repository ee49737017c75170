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
export function parseWith<S extends z.ZodTypeAny>(schema: S, value: unknown, where: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => {
    const path = issue.path.length > 0 ? issue.path.join('.') : '(value)';
    return `${path}: ${issue.message}`;
  });
  throw new InvalidInputError(`${where} is not valid:\n  - ${issues.join('\n  - ')}`, where, issues);
}
