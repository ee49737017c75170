import { randomBytes } from 'node:crypto';

/** Settings `npm start` generates when they are empty; printed once, then only kept in .env. */
export const GENERATED_SECRETS = ['SECRET', 'ADMIN_PASSWORD', 'CTO_PASSWORD', 'STUDENT_PASSWORD', 'SITE_READER_TOKEN'] as const;

const LENGTH: Record<(typeof GENERATED_SECRETS)[number], number> = {
  SECRET: 48,
  ADMIN_PASSWORD: 18,
  CTO_PASSWORD: 18,
  STUDENT_PASSWORD: 18,
  SITE_READER_TOKEN: 40,
};

export function randomSecret(length: number, bytes: (n: number) => Buffer = randomBytes): string {
  return bytes(length).toString('base64url').slice(0, length);
}

/**
 * Pure: fills every empty generated setting in a dotenv text, keeping comments, order and every
 * other line byte for byte. Returns the new text and what was generated.
 */
export function fillSecrets(text: string, generate: (length: number) => string): { text: string; generated: Record<string, string> } {
  const generated: Record<string, string> = {};
  const lines = text.split('\n').map((line) => {
    const match = /^([A-Z_][A-Z0-9_]*)=\s*$/.exec(line);
    const key = match?.[1] as (typeof GENERATED_SECRETS)[number] | undefined;
    if (!key || !GENERATED_SECRETS.includes(key)) return line;
    const value = generate(LENGTH[key]);
    generated[key] = value;
    return `${key}=${value}`;
  });
  return { text: lines.join('\n'), generated };
}
