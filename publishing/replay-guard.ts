import { signatureKey } from '../core/publish-signal.js';

/**
 * Remembers every signal signature the publisher took while it could still be accepted (its
 * timestamp within MAX_SKEW_SECONDS), so a captured signal sent again inside that window is
 * refused. Only verified signatures are remembered, so its size follows Directus's real traffic;
 * the cap is a last guard for memory, dropping the entries that expire first.
 */
export interface ReplayGuard {
  /** True the first time a (verified) signature header is seen; false for a repeat. */
  firstTime(header: string): boolean;
  readonly size: number;
}

export function createReplayGuard({ now = Date.now, maxEntries = 200_000 }: { now?: () => number; maxEntries?: number } = {}): ReplayGuard {
  const seen = new Map<string, number>();
  const sweep = () => {
    const time = now();
    // Insertion order is expiry order up to clock jitter (signatures are stamped when sent); an
    // entry that outlives its window a little is harmless: the timestamp check refuses it anyway.
    for (const [key, until] of seen) {
      if (until >= time && seen.size <= maxEntries) break;
      seen.delete(key);
    }
  };
  return {
    firstTime(header) {
      const signature = signatureKey(header);
      if (!signature) return false;
      sweep();
      if (seen.has(signature.key)) return false;
      seen.set(signature.key, signature.acceptableUntilMs);
      if (seen.size > maxEntries) sweep();
      return true;
    },
    get size() {
      return seen.size;
    },
  };
}
