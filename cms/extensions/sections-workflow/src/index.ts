import type { Accountability, HookConfig, SchemaOverview } from '@directus/types';
import type { Knex } from 'knex';
import {
  checkCreate,
  checkDelete,
  checkPromote,
  checkProposal,
  checkUpdate,
  divertedMessage,
  divertImpossibleRefusal,
  isEditorInChief,
  unchangedFields,
} from '../../../../core/editorial-rules.js';
import { actorFrom } from './actor.js';
import { checkVersionDelta } from './version-delta.js';
import { changeInReview, refusalError } from './errors.js';
import { createProgressScheduler } from './progress.js';
import { registerOldPaths } from './old-paths.js';
import { createPublishNotifier } from './publish-notifier.js';
import { holdingPublisher } from './publish-hold-gate.js';
import { divertToVersion } from './review.js';
import { registerQueryGates } from './reader-gate.js';
import { SectionsStore } from './sections-store.js';
import { registerSearchFolding } from './search-folding.js';
import { registerPendingEdits } from './pending-edits.js';
import { planSubtreeRecode, prepareCreate, prepareUpdate } from './structure.js';
import { lockTree, verifyWrittenSection } from './tree-guard.js';

type Payload = Record<string, unknown>;
interface Context {
  database: Knex;
  schema: SchemaOverview | null;
  accountability: Accountability | null;
}

const hook: HookConfig = ({ filter, action, init, schedule }, { services, database, getSchema, logger, env }) => {
  const { ItemsService, VersionsService } = services;
  const progress = createProgressScheduler({
    database,
    getSchema: () => getSchema(),
    itemsService: (collection, schema) => new ItemsService(collection, { schema, knex: database }),
    onError: (error) => logger.warn(error, '[sections-workflow] progress roll-up failed; it is retried on the next change'),
  });
  // Every saved change reaches the publisher, which rebuilds the public site (README, "Publishing").
  // …except while an import is applying: its half never goes live (core/publish-hold.ts).
  const publisher = holdingPublisher(
    createPublishNotifier({
      url: env.PUBLISHER_URL ? String(env.PUBLISHER_URL) : undefined,
      secret: env.PUBLISHER_SECRET ? String(env.PUBLISHER_SECRET) : undefined,
      warn: (message) => logger.warn(message),
    }),
    database,
    action as never,
    (message) => logger.warn(message),
  );

  // The site's token: exactly the queries of the site build and the preview (core/site-reader-queries.ts);
  // every other non-admin: no query that crosses a permission boundary (core/query-doors.ts), and
  // without a login none of Directus's CPU-heavy utilities (core/anonymous-requests.ts).
  registerQueryGates({ filter: filter as never, init: init as never });

  filter<Payload>('sections.items.create', async (payload, _meta, ctx: Context) => {
    const actor = actorFrom(ctx.accountability);
    const refusal = checkCreate(actor, payload);
    if (refusal) throw refusalError(refusal);
    // Directus runs this filter inside the create's transaction: the code is chosen under the lock.
    if (ctx.database.isTransaction) await lockTree(ctx.database);
    return prepareCreate(new SectionsStore(ctx.database), payload, actor.userId, actor.kind === 'student');
  });

  // Recoded subtrees are remembered between the filter and the action of the same update.
  const recodedAfterUpdate = new Set<string>();
  // Sections whose parent or code a running update changes (how many such updates run): checked
  // again inside each one's transaction.
  const movingSections = new Map<string, number>();
  // Released after the commit, not by the check: PostgreSQL may break a deadlock between a move (it
  // holds its row) and a create under it (it holds the tree lock) and Directus then runs the move's
  // transaction again, which must be checked again. A failed update leaves a count behind, which
  // only costs a later write of that section one more check.
  const releaseMoving = (id: string) => {
    const n = movingSections.get(id) ?? 0;
    if (n <= 1) movingSections.delete(id);
    else movingSections.set(id, n - 1);
  };

  filter<Payload>('sections.items.update', async (payload, meta, ctx: Context) => {
    const keys: string[] = (meta.keys ?? []).map(String);
    const store = new SectionsStore(ctx.database);
    const actor = actorFrom(ctx.accountability);
    const befores = await store.getMany(keys);
    // A resent value changes nothing; dropped, so neither the rules nor Directus's field
    // permissions refuse a save that only repeats the section's place or owner.
    if (befores.length === 1 && keys.length === 1) for (const field of unchangedFields(befores[0]!, payload)) delete payload[field];
    for (const before of befores) {
      // The owner's name only appears in a refusal, which the CTO and admins never get.
      const ownerName = isEditorInChief(actor) ? null : await store.userName(before.owner);
      const verdict = checkUpdate(actor, { before, ownerName, changes: payload });
      if (verdict.kind === 'refuse') throw refusalError(verdict.refusal);
      // Inside a transaction (a batch, a nested write) the refusal below would roll the version back.
      if (verdict.kind === 'divert-to-version' && (keys.length !== 1 || ctx.database.isTransaction)) {
        throw refusalError(divertImpossibleRefusal(before));
      }
      if (verdict.kind === 'divert-to-version' && ctx.accountability && ctx.schema) {
        const version = await divertToVersion({
          versions: (options) => new VersionsService(options),
          schema: ctx.schema,
          database: ctx.database,
          accountability: ctx.accountability,
          sectionId: before.id,
          authorName: (await store.userName(actor.userId)) ?? 'студент',
          changes: payload,
        });
        throw changeInReview(divertedMessage(before, version), version);
      }
    }
    const structural = 'parent' in payload || 'code' in payload;
    // Batch and nested updates reach this filter inside their transaction: lock before reading the tree.
    if (structural && ctx.database.isTransaction) await lockTree(ctx.database);
    const plan = await prepareUpdate(store, keys, payload);
    if (plan.recodedSection) recodedAfterUpdate.add(plan.recodedSection);
    if (structural) for (const key of keys) movingSections.set(key, (movingSections.get(key) ?? 0) + 1);
    return plan.payload;
  });

  // The last step inside every tracked write's transaction (tree-guard.ts says why here): under the
  // tree lock, the written section must still be placed soundly, and its subtree follows its code.
  filter<Payload>('activity.create', async (payload, _meta, ctx: Context) => {
    if (payload.collection !== 'sections' || typeof payload.item !== 'string' || !ctx.database.isTransaction) return payload;
    const id = payload.item;
    if (payload.action !== 'create' && !(payload.action === 'update' && movingSections.has(id))) return payload;
    const schema = ctx.schema ?? (await getSchema());
    const count = await verifyWrittenSection(ctx.database, new SectionsStore(ctx.database), id, payload.action === 'create' ? 'create' : 'move', async (updates) => {
      await new ItemsService('sections', { schema, knex: ctx.database }).updateBatch(updates as unknown as Payload[], { emitEvents: false });
    });
    if (count > 0) logger.info(`[sections-workflow] re-coded ${count} descendants of ${id}`);
    return payload;
  });

  // After the filters above (they run in registration order): the paths a move or rename takes away.
  registerOldPaths({ filter: filter as never, action: action as never }, (message) => logger.warn(message));

  action('sections.items.update', async (meta, ctx: Context) => {
    const keys: string[] = (meta.keys ?? []).map(String);
    if ('parent' in (meta.payload ?? {}) || 'code' in (meta.payload ?? {})) keys.forEach(releaseMoving);
    for (const key of keys.filter((k) => recodedAfterUpdate.delete(k))) {
      const store = new SectionsStore(database);
      const updates = planSubtreeRecode(await store.all(), key);
      if (updates.length === 0) continue;
      const schema = ctx.schema ?? (await getSchema());
      const service = new ItemsService('sections', { schema, knex: database });
      await service.updateBatch(updates as unknown as Payload[], { emitEvents: false });
      logger.info(`[sections-workflow] re-coded ${updates.length} descendants of ${key}`);
    }
    progress.schedule();
    publisher.notify('sections.items.update', keys);
  });

  filter<string[]>('sections.items.delete', async (keys, _meta, ctx: Context) => {
    const store = new SectionsStore(ctx.database);
    const actor = actorFrom(ctx.accountability);
    const deleting = new Set(keys.map(String));
    for (const before of await store.getMany([...deleting])) {
      const remainingChildren = (await store.children(before.id)).filter((child) => !deleting.has(child.id)).length;
      const refusal = checkDelete(actor, before, remainingChildren);
      if (refusal) throw refusalError(refusal);
    }
    return keys;
  });

  filter<Payload>('versions.create', async (payload, _meta, ctx: Context) => {
    if (payload.collection !== 'sections' || typeof payload.item !== 'string') return payload;
    checkVersionDelta(ctx.accountability, payload.delta);
    const store = new SectionsStore(ctx.database);
    const target = await store.get(payload.item);
    if (!target) return payload;
    const refusal = checkProposal(actorFrom(ctx.accountability), target, await store.userName(target.owner));
    if (refusal) throw refusalError(refusal);
    return payload;
  });

  // A version's text reaches the section when it is promoted, by the CTO for a published one: what a
  // student may not change directly (the parent, the code) may not wait in their version either.
  // Directus saves a delta as the admin on the caller's behalf (VersionsService.save).
  filter<Payload>('versions.update', async (payload, meta, ctx: Context) => {
    if (!('delta' in payload)) return payload;
    const keys: string[] = (meta.keys ?? []).map(String);
    const versions = await ctx.database('directus_versions').select('collection').whereIn('id', keys);
    if (versions.some((v: { collection: string }) => v.collection === 'sections')) checkVersionDelta(ctx.accountability, payload.delta);
    return payload;
  });

  filter<Payload>('sections.items.promote', async (payload, meta, ctx: Context) => {
    const store = new SectionsStore(ctx.database);
    const target = await store.get(String(meta.item));
    if (!target) return payload;
    const refusal = checkPromote(actorFrom(ctx.accountability), target);
    if (refusal) throw refusalError(refusal);
    return payload;
  });

  action('sections.items.create', (meta) => {
    progress.schedule();
    publisher.notify('sections.items.create', [String(meta.key)]);
  });
  action('sections.items.delete', (meta) => {
    progress.schedule();
    publisher.notify('sections.items.delete', (meta.keys ?? []).map(String));
  });
  action('server.start', () => progress.schedule());
  // Overdue and stale change with the clock, not only with writes: the dashboard's figures follow hourly.
  schedule('7 * * * *', () => progress.schedule());

  // The review queue's pending edits (core/review-queue.ts): the count on each section follows its versions.
  registerPendingEdits({
    action: action as never,
    database,
    purgeCache: async () => {
      const service = new ItemsService('sections', { schema: await getSchema(), knex: database }) as unknown as { cache?: { clear(): Promise<void> } | null };
      await service.cache?.clear();
    },
    mainHash: async (id) => String((await new VersionsService({ schema: await getSchema(), knex: database }).verifyHash('sections', id, '')).mainHash),
    changed: () => progress.schedule(),
    warn: (message) => logger.warn(message),
  });

  // Case-insensitive Russian search on SQLite too (core/case-folding.ts); last, so that it sees each
  // payload as the workflow's filters left it.
  registerSearchFolding({ filter: filter as never, action: action as never, database, warn: (message) => logger.warn(message) });
};

// Directus loads a hook from its default export.
export default hook;
