import {
  createCollection,
  createDashboard,
  createField,
  createPanel,
  createPermission,
  createPolicy,
  createPreset,
  createRelation,
  createRole,
  readCollection,
  readDashboards,
  readField,
  readPanels,
  readPermissions,
  readPolicies,
  readPresets,
  readRelation,
  readRoles,
  updateCollection,
  updateDashboard,
  updateField,
  updatePanel,
  updatePermission,
  updatePolicy,
  updatePreset,
  updateRole,
  updateSettings,
  readSettings,
} from '@directus/sdk';
import { cmsErrorStatus } from '../../platform/cms-client.js';
import { containsShape } from './same-shape.js';
import type { MigrationContext } from './migration.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = Record<string, any>;

async function orNull<T>(request: Promise<T>): Promise<T | null> {
  try {
    return await request;
  } catch (error) {
    const status = cmsErrorStatus(error);
    if (status === 404 || status === 403) return null;
    throw error;
  }
}

/**
 * The step every `ensure…` takes: create the item when there is none, bring it in line when it
 * differs from what is wanted (an editor may have changed it in the app), else leave it alone.
 */
async function ensureItem(
  { log }: MigrationContext,
  what: string,
  existing: Json | null | undefined,
  wanted: Json,
  write: { create: () => Promise<unknown>; update: (existing: Json) => Promise<unknown> },
): Promise<void> {
  if (!existing) {
    await write.create();
    log(`  + ${what}`);
  } else if (!containsShape(existing, wanted)) {
    await write.update(existing);
    log(`  ~ ${what}`);
  }
}

export interface FieldSpec {
  field: string;
  type: string;
  meta?: Json;
  schema?: Json | null;
}

export interface CollectionSpec {
  collection: string;
  meta: Json;
  /** Created with the collection: its primary key. */
  primaryKey: FieldSpec;
}

export async function ensureCollection(ctx: MigrationContext, spec: CollectionSpec): Promise<void> {
  const existing = await orNull(ctx.client.request(readCollection(spec.collection)));
  await ensureItem(ctx, `collection ${spec.collection}`, existing && { meta: existing.meta ?? {} }, { meta: spec.meta }, {
    create: () => ctx.client.request(createCollection({ collection: spec.collection, meta: spec.meta, schema: {}, fields: [spec.primaryKey] } as any)),
    update: () => ctx.client.request(updateCollection(spec.collection, { meta: spec.meta } as any)),
  });
}

export async function ensureField({ client, log }: MigrationContext, collection: string, spec: FieldSpec): Promise<void> {
  const existing = await orNull(client.request(readField(collection, spec.field)));
  if (!existing) {
    await client.request(createField(collection, spec as any));
    log(`  + field ${collection}.${spec.field}`);
    return;
  }
  const wanted: Json = {};
  if (spec.meta && !containsShape(existing.meta, spec.meta)) wanted.meta = spec.meta;
  if (spec.schema && !containsShape(existing.schema, pickSchemaKeys(spec.schema))) wanted.schema = spec.schema;
  if (Object.keys(wanted).length > 0) {
    await client.request(updateField(collection, spec.field, wanted as any));
    log(`  ~ field ${collection}.${spec.field}`);
  }
}

/** Gives an existing column a database index (what list filters and sorts on large trees need). */
export async function ensureIndex({ client, log }: MigrationContext, collection: string, field: string): Promise<void> {
  const existing = await client.request(readField(collection, field));
  if ((existing as Json).schema?.is_indexed === true) return;
  await client.request(updateField(collection, field, { schema: { is_indexed: true } } as any));
  log(`  + index ${collection}.${field}`);
}

// Directus reports a column's default in its own dialect (e.g. quoted on PostgreSQL), so only
// the keys that compare reliably across databases decide whether a column needs altering.
function pickSchemaKeys(schema: Json): Json {
  const { is_nullable, is_unique, max_length } = schema;
  return Object.fromEntries(Object.entries({ is_nullable, is_unique, max_length }).filter(([, v]) => v !== undefined));
}

export interface RelationSpec {
  collection: string;
  field: string;
  related_collection: string;
  meta?: Json;
  schema?: Json;
}

export async function ensureRelation({ client, log }: MigrationContext, spec: RelationSpec): Promise<void> {
  const existing = await orNull(client.request(readRelation(spec.collection, spec.field)));
  if (!existing) {
    await client.request(createRelation(spec as any));
    log(`  + relation ${spec.collection}.${spec.field} → ${spec.related_collection}`);
  }
}

export async function ensureRole(ctx: MigrationContext, role: { id: string; name: string; icon: string; description: string }): Promise<void> {
  const [existing] = await ctx.client.request(readRoles({ filter: { id: { _eq: role.id } }, fields: ['id', 'name', 'icon', 'description'] }));
  await ensureItem(ctx, `role ${role.name}`, existing, role, {
    create: () => ctx.client.request(createRole(role as any)),
    update: () => ctx.client.request(updateRole(role.id, role as any)),
  });
}

export interface PolicySpec {
  id: string;
  name: string;
  icon: string;
  description: string;
  app_access: boolean;
  admin_access: boolean;
  /** Roles the policy is attached to (through directus_access). */
  roles: string[];
}

export async function ensurePolicy({ client, log }: MigrationContext, spec: PolicySpec): Promise<void> {
  const { roles, ...policy } = spec;
  const [existing] = await client.request(
    readPolicies({ filter: { id: { _eq: spec.id } }, fields: ['id', 'name', 'icon', 'description', 'app_access', 'admin_access', 'roles.role'] }),
  );
  if (!existing) {
    await client.request(createPolicy({ ...policy, roles: roles.map((role) => ({ role })) } as any));
    log(`  + policy ${spec.name}`);
    return;
  }
  const attached = new Set<string>((existing.roles ?? []).map((access: Json) => access.role));
  const missing = roles.filter((role) => !attached.has(role));
  const { roles: _ignored, ...existingPolicy } = existing;
  if (!containsShape(existingPolicy, policy) || missing.length > 0) {
    await client.request(updatePolicy(spec.id, { ...policy, ...(missing.length > 0 ? { roles: { create: missing.map((role) => ({ role })) } } : {}) } as any));
    log(`  ~ policy ${spec.name}`);
  }
}

export interface PermissionSpec {
  policy: string;
  collection: string;
  action: 'create' | 'read' | 'update' | 'delete' | 'share';
  permissions?: Json | null;
  validation?: Json | null;
  presets?: Json | null;
  fields: string[];
}

/** One permission per (policy, collection, action): created, or brought in line with the spec. */
export async function ensurePermission(ctx: MigrationContext, spec: PermissionSpec): Promise<void> {
  const wanted = { permissions: null, validation: null, presets: null, ...spec };
  const [existing] = await ctx.client.request(
    readPermissions({
      filter: { policy: { _eq: spec.policy }, collection: { _eq: spec.collection }, action: { _eq: spec.action } },
      fields: ['id', 'policy', 'collection', 'action', 'permissions', 'validation', 'presets', 'fields'],
    }),
  );
  await ensureItem(ctx, `permission ${spec.collection}.${spec.action}`, existing, wanted, {
    create: () => ctx.client.request(createPermission(wanted as any)),
    update: (found) => ctx.client.request(updatePermission(found.id, wanted as any)),
  });
}

export interface PresetSpec {
  bookmark: string | null;
  role: string | null;
  collection: string;
  layout: string;
  layout_query: Json;
  layout_options?: Json | null;
  filter?: Json | null;
  icon?: string;
  color?: string | null;
}

/** Bookmarks (and collection defaults when bookmark is null), keyed by role + collection + name. */
export async function ensurePreset(ctx: MigrationContext, spec: PresetSpec): Promise<void> {
  const wanted = { user: null, filter: null, layout_options: null, search: null, ...spec };
  const [existing] = await ctx.client.request(
    readPresets({
      filter: {
        collection: { _eq: spec.collection },
        user: { _null: true },
        role: spec.role ? { _eq: spec.role } : { _null: true },
        bookmark: spec.bookmark ? { _eq: spec.bookmark } : { _null: true },
      },
    }),
  );
  await ensureItem(ctx, `bookmark ${spec.bookmark ?? `(default view of ${spec.collection})`}`, existing, wanted, {
    create: () => ctx.client.request(createPreset(wanted as any)),
    update: (found) => ctx.client.request(updatePreset(found.id, wanted as any)),
  });
}

export async function ensureDashboard(ctx: MigrationContext, dashboard: { id: string; name: string; icon: string; note: string; color?: string }): Promise<void> {
  const [existing] = await ctx.client.request(readDashboards({ filter: { id: { _eq: dashboard.id } } }));
  await ensureItem(ctx, `dashboard ${dashboard.name}`, existing, dashboard, {
    create: () => ctx.client.request(createDashboard(dashboard as any)),
    update: () => ctx.client.request(updateDashboard(dashboard.id, dashboard as any)),
  });
}

export interface PanelSpec {
  id: string;
  dashboard: string;
  name: string;
  type: string;
  icon: string;
  position_x: number;
  position_y: number;
  width: number;
  height: number;
  options: Json;
  show_header?: boolean;
  note?: string | null;
}

export async function ensurePanel(ctx: MigrationContext, panel: PanelSpec): Promise<void> {
  const wanted = { show_header: true, note: null, ...panel };
  const [existing] = await ctx.client.request(readPanels({ filter: { id: { _eq: panel.id } } }));
  await ensureItem(ctx, `panel ${panel.name}`, existing, wanted, {
    create: () => ctx.client.request(createPanel(wanted as any)),
    update: () => ctx.client.request(updatePanel(panel.id, wanted as any)),
  });
}

export async function ensureSettings({ client, log }: MigrationContext, settings: Json): Promise<void> {
  const existing = await client.request(readSettings());
  if (!containsShape(existing, settings)) {
    await client.request(updateSettings(settings as any));
    log(`  ~ project settings`);
  }
}
