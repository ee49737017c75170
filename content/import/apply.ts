import { createItems, readItems, updateItemsBatch } from '@directus/sdk';
import { SingleBar } from 'cli-progress';
import { z } from 'zod';
import { KbError } from '../../core/errors.js';
import { parseWith } from '../../core/parse-with.js';
import { cmsRequest, type CmsClient } from '../../platform/cms-client.js';
import { DEFAULT_IMPORT_LIMITS } from '../../platform/import-limits.js';
import { CURRENT_SECTION_FIELDS, currentSectionSchema, type CurrentSection, type ImportPlan, type PlanEntry } from './plan.js';

/** Every stored section with the fields an import plan compares, checked against the record's schema. */
export async function loadCurrentSections(client: CmsClient): Promise<CurrentSection[]> {
  const rows = await cmsRequest(
    'read the stored sections',
    () => client.request(readItems('sections', { fields: [...CURRENT_SECTION_FIELDS], limit: -1 })),
    'Check that Directus runs and its migrations are applied (`npm run migrate`).',
  );
  return parseWith(z.array(currentSectionSchema), rows, 'the stored sections Directus returned');
}

export interface ProgressBar {
  tick(): void;
  done(): void;
}

// Short runs finish before a bar would be read; it only helps when there is a wait.
const PROGRESS_MIN_TOTAL = 20;

/** `[#####.....] 40/189` redrawn in place on a terminal (cli-progress); silent in logs and pipes. */
export function createProgressBar(total: number, stream: NodeJS.WriteStream | null = process.stderr): ProgressBar {
  if (!stream?.isTTY || total < PROGRESS_MIN_TOTAL) return { tick() {}, done() {} };
  const bar = new SingleBar({ stream, format: '[{bar}] {value}/{total}', barsize: 30, barCompleteChar: '#', barIncompleteChar: '.', hideCursor: false });
  bar.start(total, 0);
  return {
    tick: () => bar.increment(),
    done: () => bar.stop(),
  };
}

export interface ApplyOptions {
  client: CmsClient;
  plan: ImportPlan;
  /** The stored sections the plan was made from: they give the ids of existing parents. */
  current: readonly CurrentSection[];
  /** When this import happened; one value for the whole run. */
  importedAt?: Date;
  progress?: NodeJS.WriteStream | null;
  /** MAX_PAYLOAD_SIZE in bytes: no request body is larger (batches are cut to fit; payload-fit.ts refused larger items). */
  maxPayloadBytes?: number;
}

export interface ApplyResult {
  created: number;
  updated: number;
  retracked: number;
}

export type Writable = Exclude<PlanEntry, { kind: 'conflict' }>;

export function isWrite(entry: PlanEntry): entry is Writable {
  return entry.kind === 'create' || entry.kind === 'update' || (entry.kind === 'unchanged' && entry.retrack);
}

/** Items per request: few requests for big imports, and a failed batch is small to retry. */
const BATCH = 100;

/**
 * Writes a clean plan: new sections level by level (parents before children), then updates,
 * in batches. Directus writes each batch in one transaction, so a run stopped midway leaves
 * whole batches that the next plan finds unchanged, and the import converges.
 */
export async function applyImportPlan({ client, plan, current, importedAt = new Date(), progress = process.stderr, maxPayloadBytes = DEFAULT_IMPORT_LIMITS.payload.bytes }: ApplyOptions): Promise<ApplyResult> {
  if (plan.problems.length > 0 || plan.entries.some((e) => e.kind === 'conflict')) {
    throw new KbError('conflict', 'The import plan has problems or conflicts', { hint: 'It is applied only when clean (conflicts: with --force).' });
  }
  const idByCode = new Map<string, string>();
  for (const section of current) if (section.code) idByCode.set(section.code, section.id);
  const parentId = (code: string | null): string | null => {
    if (code === null) return null;
    const id = idByCode.get(code);
    // The plan checked every parent exists in the file or the database; creates go level by level.
    if (!id) throw new KbError('failed', `The parent ${code} was neither stored nor created before its child; the plan is out of order`);
    return id;
  };
  const importedAtText = importedAt.toISOString();
  const writes = plan.entries.filter(isWrite);
  const creates = writes.filter((e): e is Extract<Writable, { kind: 'create' }> => e.kind === 'create');
  const others = writes.filter((e) => e.kind !== 'create');
  const levels = [...new Set(creates.map((e) => e.code.split('.').length))].sort((a, b) => a - b);
  // Sized with a stand-in for the parent's id (ids are all as long), so a batch is cut before it is built.
  const sizeOf = (entry: Writable) => payloadBytes(writePayload(entry, () => PARENT_ID_STAND_IN, importedAtText));
  const batches: Writable[][] = [];
  for (const level of levels) batches.push(...chunkToFit(creates.filter((e) => e.code.split('.').length === level), BATCH, maxPayloadBytes, sizeOf));
  batches.push(...chunkToFit(others, BATCH, maxPayloadBytes, sizeOf));

  const bar = createProgressBar(writes.length, progress);
  const result: ApplyResult = { created: 0, updated: 0, retracked: 0 };
  try {
    for (const batch of batches) {
      try {
        await writeBatch(batch);
      } catch {
        // One at a time, to name the section that fails; what goes through is kept.
        for (const entry of batch) {
          const done = result.created + result.updated + result.retracked;
          await cmsRequest(
            `${entry.kind === 'create' ? 'create' : 'update'} section ${entry.code}`,
            () => writeBatch([entry]),
            `${done} of ${writes.length} writes were done; fix the cause and run the import again — it continues from what is stored.`,
          );
        }
      }
    }
  } finally {
    bar.done();
  }
  return result;

  async function writeBatch(batch: readonly Writable[]): Promise<void> {
    if (batch.length === 0) return;
    const payload = batch.map((entry) => writePayload(entry, parentId, importedAtText));
    if (batch[0]?.kind === 'create') {
      const created = (await client.request(createItems('sections', payload, { fields: ['id', 'code'] }))) as { id: unknown; code: unknown }[];
      for (const row of created) idByCode.set(String(row.code), String(row.id));
      result.created += batch.length;
    } else {
      await client.request(updateItemsBatch('sections', payload as ({ id: string } & Record<string, unknown>)[], { fields: ['id'] }));
      for (const entry of batch) {
        if (entry.kind === 'update') {
          idByCode.set(entry.incoming.code, entry.id);
          result.updated += 1;
        } else result.retracked += 1;
      }
    }
    for (let i = 0; i < batch.length; i++) bar.tick();
  }
}

/** A UUID's length: what a parent's id adds to a payload, for sizing before the parent exists. */
export const PARENT_ID_STAND_IN = '00000000-0000-0000-0000-000000000000';

/** The bytes of one item in a request body (UTF-8 JSON, as the SDK sends it; the comma between items included). */
export function payloadBytes(item: Record<string, unknown>): number {
  return Buffer.byteLength(JSON.stringify(item), 'utf8') + 1;
}

/** What is sent for one entry of the plan: the whole section for a create, the changed fields for an update. */
export function writePayload(entry: Writable, parentId: (code: string | null) => string | null, importedAtText: string): Record<string, unknown> {
  if (entry.kind === 'create') {
    const { incoming, hash } = entry;
    return {
      ...(incoming.id ? { id: incoming.id } : {}),
      code: incoming.code,
      title: incoming.title,
      status: incoming.status,
      body: incoming.body === '' ? null : incoming.body,
      source: incoming.source,
      parent: parentId(incoming.parentCode),
      // Imported sections are nobody's until the source or the CTO says whose they are: the
      // admin who ran the import is not responsible for them (Directus would default to it).
      owner: null,
      ...(incoming.extras ?? {}),
      import_hash: hash,
      imported_at: importedAtText,
    };
  }
  return { id: entry.id, ...changesOf(entry, parentId), import_hash: entry.hash, imported_at: importedAtText };
}

function changesOf(entry: Writable, parentId: (code: string | null) => string | null): Record<string, unknown> {
  if (entry.kind !== 'update') return {};
  const { incoming } = entry;
  const changes: Record<string, unknown> = {};
  for (const field of entry.changed) {
    if (field === 'parent') changes.parent = parentId(incoming.parentCode);
    else if (field === 'code') {
      // The hook re-checks a new code against its parent, so both go together.
      changes.code = incoming.code;
      changes.parent = parentId(incoming.parentCode);
    } else if (field === 'body') changes.body = incoming.body === '' ? null : incoming.body;
    else if (field === 'title' || field === 'status' || field === 'source') changes[field] = incoming[field];
    else changes[field] = incoming.extras?.[field] ?? null;
  }
  return changes;
}

/** Room for the request's brackets and for what JSON.stringify of the whole array adds. */
const BODY_OVERHEAD = 2;

/** Batches of at most `count` items whose request body stays within `maxBytes` (an item alone always makes a batch). */
export function chunkToFit<T>(items: readonly T[], count: number, maxBytes: number, sizeOf: (item: T) => number): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let bytes = BODY_OVERHEAD;
  for (const item of items) {
    const size = sizeOf(item);
    if (current.length > 0 && (current.length >= count || bytes + size > maxBytes)) {
      chunks.push(current);
      current = [];
      bytes = BODY_OVERHEAD;
    }
    current.push(item);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
