import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/**
 * The signal Directus sends the publisher after a section changes. It is signed with a shared
 * secret (HMAC-SHA256 over the timestamp and the body, as webhook providers do), so the secret
 * itself never travels and a captured signal cannot be replayed after `MAX_SKEW_SECONDS`; within
 * that window the receiver remembers every signature it took (`signatureKey`) and refuses a repeat.
 */
export const SIGNATURE_HEADER = 'x-kb-signature';
export const MAX_SKEW_SECONDS = 300;

export const publishSignalSchema = z.object({
  /** `sections.items.update`, … */
  event: z.string().min(1).max(200),
  keys: z.array(z.string().max(200)).max(10_000),
  /** When the change happened (ISO), for measuring publish-to-live. */
  at: z.string().datetime({ offset: true }),
});

export type PublishSignal = z.output<typeof publishSignalSchema>;

function mac(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/** `t=<unix seconds>,v1=<hex hmac>` */
export function signBody(secret: string, body: string, nowMs: number): string {
  const timestamp = Math.floor(nowMs / 1000);
  return `t=${timestamp},v1=${mac(secret, timestamp, body)}`;
}

export type SignatureVerdict = { ok: true } | { ok: false; reason: string };

function parseHeader(header: string): { timestamp: number; given: string } | null {
  const parts = new Map(header.split(',').map((part) => part.trim().split('=', 2) as [string, string]));
  const timestamp = Number(parts.get('t'));
  const given = parts.get('v1') ?? '';
  return Number.isInteger(timestamp) && /^[0-9a-f]{64}$/.test(given) ? { timestamp, given } : null;
}

export function verifySignature(secret: string, body: string, header: string | undefined, nowMs: number): SignatureVerdict {
  if (!header) return { ok: false, reason: `no ${SIGNATURE_HEADER} header` };
  const parsed = parseHeader(header);
  if (!parsed) return { ok: false, reason: 'malformed signature header' };
  const { timestamp, given } = parsed;
  if (Math.abs(nowMs / 1000 - timestamp) > MAX_SKEW_SECONDS) return { ok: false, reason: 'signature timestamp too far from now (replayed, or clocks differ)' };
  const expected = Buffer.from(mac(secret, timestamp, body), 'hex');
  if (!timingSafeEqual(expected, Buffer.from(given, 'hex'))) return { ok: false, reason: 'signature does not match (wrong secret?)' };
  return { ok: true };
}

/**
 * What identifies one signed signal (its timestamp and MAC), and until when it could be accepted
 * at all (ms): a receiver keeps the keys it took until then and refuses the same key again.
 */
export function signatureKey(header: string): { key: string; acceptableUntilMs: number } | null {
  const parsed = parseHeader(header);
  if (!parsed) return null;
  return { key: `${parsed.timestamp}:${parsed.given}`, acceptableUntilMs: (parsed.timestamp + MAX_SKEW_SECONDS) * 1000 };
}
