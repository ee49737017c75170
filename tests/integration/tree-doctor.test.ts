import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Knex } from 'knex';
import { diagnoseTree, type DoctorSection } from '../../core/tree-doctor.js';
import { createCmsClient } from '../../platform/cms-client.js';
import { openDirectusDatabase } from '../../platform/directus-db.js';
import { fetchAllSections, fetchPeople } from '../../platform/fetch-sections.js';
import { buildSiteModel } from '../../site/src/lib/site-model.js';
import { runCli } from '../support/run-cli.js';
import { startTestCms, type TestCms } from '../support/test-cms.js';

// A tree broken in the database itself — what the raced moves of an older version, a crash or legacy
// data leave — stops every build; `npm run doctor` finds it, prints the plan and repairs it as the admin.

let cms: TestCms;
let db: Knex;
const ids: Record<string, string> = {};

async function create(key: string, title: string, parent: string | null) {
  const response = await cms.api('POST', '/items/sections', { body: { title, parent: parent ? ids[parent] : null, status: 'published', body: `Текст ${title}` } });
  assert.equal(response.status, 200, JSON.stringify(response.body));
  ids[key] = response.body.data.id;
}

async function stored(): Promise<DoctorSection[]> {
  return (await cms.api('GET', '/items/sections?fields=id,parent,code,title,previous_codes&limit=-1')).body.data;
}

/** The model every build makes first: it refused the tree with a cycle ("their own ancestors"). */
async function buildModel() {
  const reader = createCmsClient({ url: cms.url, token: cms.siteReaderToken });
  return buildSiteModel(await fetchAllSections({ client: reader }), await fetchPeople(reader), { siteUrl: 'http://127.0.0.1:4321', directusPublicUrl: cms.url });
}

before(async () => {
  cms = await startTestCms();
  db = openDirectusDatabase(cms.db.env);
  await create('c01', 'Основы', null);
  await create('c02', 'Инфраструктура', null);
  await create('c03', 'Разработка', null);
  await create('s0301', 'Стек', 'c03');
  await create('s0302', 'Бэкенд', 'c03');
  await create('s030201', 'API', 's0302');
  await create('s0303', 'Фронтенд', 'c03');
  await create('s030301', 'Сайт', 's0303');
  await create('s0304', 'Тесты', 'c03');
  await buildModel();

  // What two raced moves left (PATCH 03.02 {parent: 03.03} and PATCH 03.03 {parent: 03.02}, both
  // written), a section coded under another chapter, a chapter with a section's code.
  const write = (key: string, row: Record<string, unknown>) => db('sections').where('id', ids[key]).update(row);
  await write('s0302', { parent: ids.s0303, code: '03.03.02', previous_codes: JSON.stringify(['03.02']) });
  await write('s030201', { code: '03.03.02.01', previous_codes: JSON.stringify(['03.02.01']) });
  await write('s0303', { parent: ids.s0302, code: '03.02.02', previous_codes: JSON.stringify(['03.03']) });
  await write('s030301', { code: '03.02.02.01', previous_codes: JSON.stringify(['03.03.01']) });
  await write('s0304', { code: '01.07' });
  await write('c01', { code: '05.01' });
  // Directus purges its cache after its own writes; these were made behind its back.
  assert.equal((await cms.api('POST', '/utils/cache/clear')).status, 200);
});
after(async () => {
  await db?.destroy();
  await cms?.destroy();
});

test('the broken tree stops the build, and the doctor without --fix reports the plan and changes nothing', async () => {
  await assert.rejects(buildModel(), /their own ancestors/);
  const before = await stored();
  for (const args of [[], ['--dry-run'], ['--fix', '--dry-run']]) {
    const run = await runCli(cms, 'scripts/doctor.ts', args);
    assert.equal(run.code, 1, `${args.join(' ')}: problems found is a failure: ${run.stdout}${run.stderr}`);
    assert.match(run.stdout, /цикл \(cycle\): 03\.0[23]\.02 «(Бэкенд|Фронтенд)» → 03\.0[23]\.02 «(Бэкенд|Фронтенд)» → снова/);
    assert.match(run.stdout, /код не внутри родителя \(code outside its parent\): 01\.07 «Тесты»/);
    assert.match(run.stdout, /код не внутри родителя \(code outside its parent\): 05\.01 «Основы»/);
    assert.match(run.stdout, /План исправлений \(repairs\): /);
    assert.match(run.stdout, /03\.02\.02 → 03\.03 «Фронтенд», родитель \(parent\) 03\.03\.02 → 03/);
    assert.match(run.stderr, /nothing was changed/);
  }
  assert.deepEqual(await stored(), before, 'nothing was written');
});

test('doctor --fix repairs the tree through the hook, and the site builds again', async () => {
  const run = await runCli(cms, 'scripts/doctor.ts', ['--fix']);
  assert.equal(run.code, 0, run.stdout + run.stderr);
  assert.match(run.stdout, /Готово \(done\): \d+ исправлений записано, дерево в порядке/);
  const after = await stored();
  assert.deepEqual(diagnoseTree(after).problems, []);
  const byId = new Map(after.map((s) => [s.id, s]));
  // 03.03 (cut from the cycle) goes back to its place and code; 03.02 stays under it as the move that won.
  assert.deepEqual([byId.get(ids.s0303 as string)?.parent, byId.get(ids.s0303 as string)?.code], [ids.c03, '03.03']);
  assert.equal(byId.get(ids.s030301 as string)?.code, '03.03.01');
  assert.deepEqual([byId.get(ids.s0302 as string)?.parent, byId.get(ids.s0302 as string)?.code], [ids.s0303, '03.03.02']);
  assert.equal(byId.get(ids.s030201 as string)?.code, '03.03.02.01');
  assert.equal(byId.get(ids.s0304 as string)?.code, '03.07', 'the misplaced code keeps its number under its real parent');
  assert.equal(byId.get(ids.c01 as string)?.code, '01', 'the chapter gets its chapter number back');
  assert.ok(byId.get(ids.s0304 as string)?.previous_codes.includes('01.07'), 'old codes keep redirecting');

  const model = await buildModel();
  assert.equal(model.sections.length, after.length, 'every section is placed on the site');
  const again = await runCli(cms, 'scripts/doctor.ts', []);
  assert.equal(again.code, 0, again.stdout + again.stderr);
  assert.match(again.stdout, /в порядке/);
});

test('an old code claimed by two sections (planted before the hook kept old codes) goes back to the one that held it', async () => {
  const res = await cms.api('POST', '/items/sections', { body: { title: 'Ресурсы', code: '02.05', parent: ids.c02, status: 'published', body: 'Домены и ключи.' } });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.equal((await cms.api('PATCH', `/items/sections/${res.body.data.id}`, { body: { code: '02.09' } })).status, 200);
  const planted = await cms.api('POST', '/items/sections', { body: { title: 'Мои ресурсы', code: '02.10', parent: ids.c02, status: 'published', body: 'Чужой редирект.' } });
  assert.equal(planted.status, 200, JSON.stringify(planted.body));
  // What a student could do before: a new section "remembering" 02.05, taking over /c/02.05/.
  await db('sections').where('id', planted.body.data.id).update({ previous_codes: JSON.stringify(['02.05']) });
  assert.equal((await cms.api('POST', '/utils/cache/clear')).status, 200);

  const report = await runCli(cms, 'scripts/doctor.ts', []);
  assert.equal(report.code, 1, report.stdout + report.stderr);
  assert.match(report.stdout, /прежний код у двоих \(old code claimed twice\): 02\.05 помнят (02\.09 «Ресурсы», 02\.10 «Мои ресурсы»|02\.10 «Мои ресурсы», 02\.09 «Ресурсы»); по истории последним его носил 02\.09 «Ресурсы»/);
  const fixed = await runCli(cms, 'scripts/doctor.ts', ['--fix']);
  assert.equal(fixed.code, 0, fixed.stdout + fixed.stderr);
  const after = new Map((await stored()).map((s) => [s.id, s]));
  assert.deepEqual(after.get(planted.body.data.id)?.previous_codes, []);
  assert.deepEqual(after.get(res.body.data.id)?.previous_codes, ['02.05']);
  const model = await buildModel();
  assert.equal(model.redirects.get('02.05'), model.redirects.get('02.09'), '/c/02.05/ leads to the section that held it');
  const again = await runCli(cms, 'scripts/doctor.ts', []);
  assert.equal(again.code, 0, again.stdout + again.stderr);
});
