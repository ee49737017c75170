import { formatByteSize } from '../../core/byte-size.js';
import type { PayloadLimit } from '../../platform/import-limits.js';
import { isWrite, PARENT_ID_STAND_IN, payloadBytes, writePayload, type Writable } from './apply.js';
import type { ImportPlan, PlanProblem } from './plan.js';

// The request body around a single item: `[` and `]`.
const SINGLE_ITEM_OVERHEAD = 2;

/**
 * The plan's writes that Directus would refuse whatever the batching: one section whose own
 * request body is larger than MAX_PAYLOAD_SIZE (a 3 MB body). Found before anything is written,
 * each at the file:line it comes from; without this check the import stopped at that section
 * with "request entity too large" after the sections before it were written (and published).
 * Every smaller write fits, because the writes are cut into batches that fit (apply.ts).
 */
export function oversizedWrites(plan: ImportPlan, limit: PayloadLimit): PlanProblem[] {
  const problems: PlanProblem[] = [];
  const importedAtStandIn = new Date(0).toISOString();
  for (const entry of plan.entries.filter(isWrite)) {
    if (entry.kind === 'unchanged') continue;
    const bytes = payloadBytes(writePayload(entry, () => PARENT_ID_STAND_IN, importedAtStandIn)) + SINGLE_ITEM_OVERHEAD;
    if (bytes <= limit.bytes) continue;
    problems.push(tooLarge(entry, bytes, limit));
  }
  return problems;
}

function tooLarge(entry: Extract<Writable, { kind: 'create' | 'update' }>, bytes: number, limit: PayloadLimit): PlanProblem {
  return {
    code: entry.code,
    file: entry.incoming.file,
    line: entry.incoming.line,
    message:
      `Раздел ${entry.code} в запросе к Directus занимает ${formatByteSize(bytes)}, больше предела ${limit.described}: Directus его не примет. ` +
      'Ничего не записано. Разделите текст на несколько разделов или увеличьте MAX_PAYLOAD_SIZE в .env — одинаково для Directus и для импорта',
  };
}
