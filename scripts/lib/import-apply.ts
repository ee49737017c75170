import { createItem, readItems, updateItem } from '@directus/sdk';
import { describeCmsError, type CmsClient } from './cms-client.js';
import type { CurrentSection, ImportPlan, PlanEntry } from './import-plan.js';

const CURRENT_FIELDS = ['id', 'code', 'title', 'status', 'body', 'parent', 'source', 'import_hash', 'date_updated', 'imported_at'] as const;

/** Every stored section with the fields an import plan compares. */
export async function loadCurrentSections(client: CmsClient): Promise<CurrentSection[]> {
  try {
    const rows = await client.request(readItems('sections', { fields: [...CURRENT_FIELDS], limit: -1 }));
    return (rows as Record<string, unknown>[]).map((row) => ({
      id: String(row.id),
      code: (row.code as string | null) ?? null,
      title: String(row.title ?? ''),
      status: String(row.status ?? ''),
      body: (row.body as string | null) ?? null,
      parent: (row.parent as string | null) ?? null,
      source: (row.source as string | null) ?? null,
      import_hash: (row.import_hash as string | null) ?? null,
      date_updated: (row.date_updated as string | null) ?? null,
      imported_at: (row.imported_at as string | null) ?? null,
    }));
  } catch (error) {
    throw new Error(
      `Could not read the stored sections: ${describeCmsError(error)}. Check that Directus runs and its migrations are applied (\`npm run migrate\`)`,
      { cause: error },
    );
  }
}

export interface ProgressBar {
  tick(): void;
  done(): void;
}

// Short runs finish before a bar would be read; it only helps when there is a wait.
const PROGRESS_MIN_TOTAL = 20;
const BAR_WIDTH = 30;

/** `[#####.....] 40/189` redrawn in place on a terminal; silent in logs and pipes. */
export function createProgressBar(total: number, stream: NodeJS.WriteStream | null = process.stderr): ProgressBar {
  if (!stream?.isTTY || total < PROGRESS_MIN_TOTAL) return { tick() {}, done() {} };
  let doneCount = 0;
  const draw = () => {
    const filled = Math.round((doneCount / total) * BAR_WIDTH);
    stream.write(`\r[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${doneCount}/${total}`);
  };
  draw();
  return {
    tick() {
      doneCount += 1;
      draw();
    },
    done() {
      stream.write('\n');
    },
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
}

export interface ApplyResult {
  created: number;
  updated: number;
  retracked: number;
}

type Writable = Exclude<PlanEntry, { kind: 'conflict' }>;

function isWrite(entry: PlanEntry): entry is Writable {
  return entry.kind === 'create' || entry.kind === 'update' || (entry.kind === 'unchanged' && entry.retrack);
}

/**
 * Writes a clean plan, parents first (the plan's order), one request per section: each write is
 * whole on its own, so a run stopped midway leaves finished sections that the next plan finds
 * unchanged.
 */
export async function applyImportPlan({ client, plan, current, importedAt = new Date(), progress = process.stderr }: ApplyOptions): Promise<ApplyResult> {
  if (plan.problems.length > 0 || plan.entries.some((e) => e.kind === 'conflict')) {
    throw new Error('The import plan has problems or conflicts; it is applied only when clean (conflicts: with --force)');
  }
  const idByCode = new Map<string, string>();
  for (const section of current) if (section.code) idByCode.set(section.code, section.id);
  const parentId = (code: string | null): string | null => {
    if (code === null) return null;
    const id = idByCode.get(code);
    // The plan checked every parent exists in the file or the database, and orders parents first.
    if (!id) throw new Error(`The parent ${code} was neither stored nor created before its child; the plan is out of order`);
    return id;
  };
  const tracking = { import_hash: '', imported_at: importedAt.toISOString() };
  const writes = plan.entries.filter(isWrite);
  const bar = createProgressBar(writes.length, progress);
  const result: ApplyResult = { created: 0, updated: 0, retracked: 0 };
  try {
    for (const entry of writes) {
      try {
        await writeEntry(entry);
      } catch (error) {
        const done = result.created + result.updated + result.retracked;
        throw new Error(
          `Could not ${entry.kind === 'create' ? 'create' : 'update'} section ${entry.code}: ${describeCmsError(error)}. ` +
            `${done} of ${writes.length} writes were done; fix the cause and run the import again — it continues from what is stored`,
          { cause: error },
        );
      }
      bar.tick();
    }
  } finally {
    bar.done();
  }
  return result;

  async function writeEntry(entry: Writable): Promise<void> {
    const stamp = { ...tracking, import_hash: entry.hash };
    if (entry.kind === 'create') {
      const { incoming } = entry;
      const created = await client.request(
        createItem('sections', {
          code: incoming.code,
          title: incoming.title,
          status: incoming.status,
          body: incoming.body === '' ? null : incoming.body,
          source: incoming.source,
          parent: parentId(incoming.parentCode),
          ...stamp,
        }, { fields: ['id'] }),
      );
      idByCode.set(incoming.code, String((created as { id: unknown }).id));
      result.created += 1;
    } else if (entry.kind === 'update') {
      const { incoming } = entry;
      const changes: Record<string, unknown> = {};
      for (const field of entry.changed) {
        if (field === 'parent') changes.parent = parentId(incoming.parentCode);
        else if (field === 'body') changes.body = incoming.body === '' ? null : incoming.body;
        else changes[field] = incoming[field];
      }
      await client.request(updateItem('sections', entry.id, { ...changes, ...stamp }, { fields: ['id'] }));
      result.updated += 1;
    } else {
      await client.request(updateItem('sections', entry.id, stamp, { fields: ['id'] }));
      result.retracked += 1;
    }
  }
}
