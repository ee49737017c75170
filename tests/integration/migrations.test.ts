import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestCms, type TestCms } from '../support/test-cms.js';
import { migrations } from '../../migrations/index.js';
import { sectionFields } from '../../migrations/0001-sections.js';
import { bookmarks } from '../../migrations/0003-bookmarks.js';
import { panels } from '../../migrations/0004-progress-dashboard.js';
import { brokenLinkPanels } from '../../migrations/0015-broken-links-dashboard.js';
import { BOARD_INDEXED_FIELDS } from '../../migrations/0006-board-indexes.js';
import { DASHBOARD, POLICY, ROLE } from '../../core/fixed-ids.js';

const instances: TestCms[] = [];
after(async () => {
  await Promise.all(instances.map((cms) => cms.destroy()));
});

async function start(options?: Parameters<typeof startTestCms>[0]): Promise<TestCms> {
  const cms = await startTestCms(options);
  instances.push(cms);
  return cms;
}

async function data(cms: TestCms, path: string) {
  const response = await cms.api('GET', path);
  assert.equal(response.status, 200, `${path}: ${JSON.stringify(response.body)}`);
  return response.body.data;
}

const withoutVolatile = (rows: Record<string, unknown>[], drop: string[]) =>
  rows.map((row) => Object.fromEntries(Object.entries(row).filter(([key]) => !drop.includes(key))));

/** Everything the migrations own, as the API reports it: schema, access, bookmarks, dashboard, settings. */
async function snapshot(cms: TestCms) {
  const settings = await data(cms, '/settings');
  return {
    schema: await data(cms, '/schema/snapshot'),
    roles: await data(cms, '/roles?sort=id&fields=id,name,icon,description'),
    policies: await data(cms, '/policies?sort=id&fields=id,name,icon,description,app_access,admin_access'),
    access: withoutVolatile(await data(cms, '/access?sort=role,policy&limit=-1'), ['id']),
    permissions: withoutVolatile(await data(cms, '/permissions?sort=policy,collection,action&limit=-1'), ['id']),
    presets: withoutVolatile(await data(cms, '/presets?sort=role,bookmark&limit=-1&filter[user][_null]=true'), ['id']),
    dashboards: withoutVolatile(await data(cms, '/dashboards?sort=id'), ['date_created']),
    panels: withoutVolatile(await data(cms, '/panels?sort=id&limit=-1'), ['date_created']),
    settings: { project_name: settings.project_name, default_language: settings.default_language },
  };
}

describe('migrations', () => {
  test('applied to an empty database they build the whole schema, roles, bookmarks and dashboard', async () => {
    const cms = await start();
    const collection = await data(cms, '/collections/sections');
    assert.equal(collection.meta.display_template, '{{code}} {{title}}');
    assert.equal(collection.meta.versioning, true);

    const fields = await data(cms, '/fields/sections');
    const byName = new Map(fields.map((f: { field: string }) => [f.field, f]));
    for (const expected of ['id', ...sectionFields.map((f) => f.field)]) assert.ok(byName.has(expected), `field ${expected} exists`);
    const field = (name: string) => byName.get(name) as { type: string; meta: any; schema: any };
    assert.equal(field('children').meta.interface, 'list-o2m-tree-view');
    assert.equal(field('body').meta.interface, 'input-rich-text-md');
    assert.equal(field('code').schema.is_unique, true);
    assert.equal(field('title').schema.is_nullable, false);
    for (const indexed of BOARD_INDEXED_FIELDS) assert.equal(field(indexed).schema.is_indexed, true, `${indexed} has an index for the status board`);
    assert.deepEqual(
      field('status').meta.options.choices.map((c: { value: string; text: string }) => `${c.value}=${c.text}`),
      ['planned=⏳ Запланировано', 'in_progress=📝 В разработке', 'review=👀 На проверке', 'published=✅ Готово', 'archived=🗄 В архиве'],
    );
    assert.equal(field('due_date').type, 'date');
    const parentRelation = await data(cms, '/relations/sections/parent');
    assert.equal(parentRelation.related_collection, 'sections');
    assert.equal(parentRelation.meta.one_field, 'children');

    const defaultView = await data(cms, '/presets?filter[collection][_eq]=sections&filter[bookmark][_null]=true&filter[role][_null]=true&filter[user][_null]=true');
    assert.deepEqual(defaultView[0].layout_query.tabular.sort, ['code'], 'sections are listed by code');

    const roles = await data(cms, '/roles?fields=name&sort=name');
    assert.deepEqual(roles.map((r: { name: string }) => r.name).filter((n: string) => n !== 'Administrator'), ['CTO', 'Site reader', 'Student']);
    const studentUpdate = await data(cms, `/permissions?filter[policy][_eq]=${POLICY.student}&filter[collection][_eq]=sections&filter[action][_eq]=update`);
    assert.deepEqual(studentUpdate[0].permissions, { owner: { _eq: '$CURRENT_USER' } }, 'students update only their own sections');
    assert.ok(!studentUpdate[0].fields.includes('owner'), 'students cannot change the owner');
    const reader = await data(cms, `/policies/${POLICY.siteReader}`);
    assert.equal(reader.app_access, false);

    const presetNames = (await data(cms, '/presets?filter[bookmark][_nnull]=true&fields=bookmark,role&limit=-1')).map(
      (p: { bookmark: string; role: string }) => `${p.role === ROLE.cto ? 'CTO' : 'Student'}: ${p.bookmark}`,
    );
    assert.deepEqual(presetNames.sort(), bookmarks.map((b) => `${b.role === ROLE.cto ? 'CTO' : 'Student'}: ${b.bookmark}`).sort());

    const dashboard = await data(cms, `/dashboards/${DASHBOARD.progress}`);
    assert.equal(dashboard.name, 'Прогресс документации');
    const dashboardPanels = await data(cms, `/panels?filter[dashboard][_eq]=${DASHBOARD.progress}&limit=-1`);
    assert.equal(dashboardPanels.length, panels.length + brokenLinkPanels.length);

    const ledger = await data(cms, '/items/kb_migrations?sort=id');
    assert.deepEqual(ledger.map((row: { id: string }) => row.id), migrations.map((m) => m.id));
  });

  test('applying again changes nothing, with the ledger and without it', async () => {
    const cms = await start();
    const before = await snapshot(cms);

    const rerun = await cms.migrate();
    assert.deepEqual(rerun.plan.pending, [], 'nothing is pending');
    assert.deepEqual(rerun.log, [], 'nothing was created or changed');
    assert.deepEqual(await snapshot(cms), before);

    // A run killed before it recorded anything: every step must find its work already done.
    const ledger = await data(cms, '/items/kb_migrations?fields=id');
    const cleared = await cms.api('DELETE', '/items/kb_migrations', { body: ledger.map((row: { id: string }) => row.id) });
    assert.equal(cleared.status, 204);
    const replay = await cms.migrate();
    assert.equal(replay.plan.pending.length, migrations.length);
    assert.deepEqual(replay.log.filter((line) => /^\s+[+~]/.test(line)), [], 'every ensure found its object in place');
    assert.deepEqual(await snapshot(cms), before);
  });

  test('a later migration applies on top of an existing database without losing content', async () => {
    const cms = await start({ migrate: '0001-sections' });
    assert.equal((await cms.api('GET', '/roles?filter[name][_eq]=CTO')).body.data.length, 0, 'only the first migration ran');

    const chapter = (await cms.api('POST', '/items/sections', { body: { title: 'Инфраструктура', status: 'in_progress' } })).body.data;
    const leaf = (await cms.api('POST', '/items/sections', { body: { title: 'Серверы', parent: chapter.id, status: 'published', body: '# Серверы\n\nДва сервера.' } })).body.data;
    const contentBefore = await data(cms, '/items/sections?sort=code&fields=id,code,title,status,body,parent,owner,slug');

    const upgrade = await cms.migrate();
    assert.deepEqual(upgrade.plan.pending.map((m) => m.id), migrations.slice(1).map((m) => m.id));
    assert.deepEqual(await data(cms, '/items/sections?sort=code&fields=id,code,title,status,body,parent,owner,slug'), contentBefore);
    assert.equal((await cms.api('GET', '/roles?filter[name][_eq]=CTO')).body.data.length, 1);

    // The progress roll-up of migration 0004 covers content written before it existed.
    await cms.api('PATCH', `/items/sections/${leaf.id}`, { body: { summary: 'Обзор серверов' } });
    let chapterProgress: { published: number; total: number; percent: number } | undefined;
    for (let i = 0; i < 50 && chapterProgress?.total !== 1; i++) {
      await new Promise((r) => setTimeout(r, 100));
      chapterProgress = (await cms.api('GET', `/items/section_progress/${chapter.id}`)).body.data;
    }
    assert.deepEqual({ ...chapterProgress, id: undefined, section: undefined }, {
      id: undefined, section: undefined, kind: 'section', code: chapter.code, title: 'Инфраструктура', level: 1, published: 1, total: 1, percent: 100,
      // An owner's figures (0019); a section's row has none.
      open: 0, review: 0, overdue: 0, stale: 0,
    });
  });

  test('a restarted Directus keeps its data and finds nothing to migrate', async () => {
    const cms = await start();
    const created = (await cms.api('POST', '/items/sections', { body: { title: 'Переживёт рестарт' } })).body.data;
    await cms.restart();
    assert.equal((await data(cms, `/items/sections/${created.id}`)).title, 'Переживёт рестарт');
    assert.deepEqual((await cms.migrate()).plan.pending, []);
  });
});
