import { randomBytes } from 'node:crypto';

/** Settings `npm start` generates when they are empty; printed once, then only kept in .env. */
export const GENERATED_SECRETS = ['SECRET', 'ADMIN_PASSWORD', 'CTO_PASSWORD', 'STUDENT_PASSWORD', 'SITE_READER_TOKEN', 'PUBLISHER_SECRET'] as const;

const LENGTH: Record<(typeof GENERATED_SECRETS)[number], number> = {
  SECRET: 48,
  ADMIN_PASSWORD: 18,
  CTO_PASSWORD: 18,
  STUDENT_PASSWORD: 18,
  SITE_READER_TOKEN: 40,
  PUBLISHER_SECRET: 40,
};

export function randomSecret(length: number, bytes: (n: number) => Buffer = randomBytes): string {
  return bytes(length).toString('base64url').slice(0, length);
}

/**
 * Pure: fills every empty generated setting in a dotenv text, keeping comments, order and every
 * other line byte for byte. A generated setting listed in `expected` (the keys of .env.example)
 * but absent from the text, as in a .env made by an older version, is appended. Returns the new
 * text and what was generated.
 */
export function fillSecrets(
  text: string,
  generate: (length: number) => string,
  expected: Iterable<string> = [],
): { text: string; generated: Record<string, string> } {
  const generated: Record<string, string> = {};
  const present = new Set<string>();
  const lines = text.split('\n').map((line) => {
    const key = /^([A-Z_][A-Z0-9_]*)=/.exec(line)?.[1];
    if (key) present.add(key);
    const empty = /^([A-Z_][A-Z0-9_]*)=\s*$/.exec(line)?.[1] as (typeof GENERATED_SECRETS)[number] | undefined;
    if (!empty || !GENERATED_SECRETS.includes(empty)) return line;
    const value = generate(LENGTH[empty]);
    generated[empty] = value;
    return `${empty}=${value}`;
  });
  const missing = GENERATED_SECRETS.filter((key) => !present.has(key) && [...expected].includes(key));
  if (missing.length > 0) {
    if (lines.at(-1) === '') lines.pop();
    lines.push('', '# Added by npm start: settings this version needs that the file did not have yet.');
    for (const key of missing) {
      const value = generate(LENGTH[key]);
      generated[key] = value;
      lines.push(`${key}=${value}`);
    }
    lines.push('');
  }
  return { text: lines.join('\n'), generated };
}
