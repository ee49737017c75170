import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { diagnoseTree, type DoctorSection } from '../../core/tree-doctor.js';
import { startTestCms, type TestCms } from '../support/test-cms.js';

// Moves sent at the same moment used to be checked side by side before either wrote: X under Y and
// Y under X both answered 200 and left a cycle that stopped every build. Now they are serialised
// (cms/extensions/sections-workflow/src/tree-guard.ts), also across two Directus instances on one
// PostgreSQL — SQLite cannot be shared, so there the second instance is skipped.

let cms: TestCms;
/** Where each request of a pair goes: both to the one instance on SQLite, to two on PostgreSQL. */
let bases: [string, string];
let chapter: string;
const ROUNDS = 12;

async function call(base: string, method: string, path: string, body?: unknown) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${cms.adminToken}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

async function create(title: string, parent: string | null) {
  const response = await call(cms.url, 'POST', '/items/sections', { title, parent, status: 'published', body: title });
  assert.equal(response.status, 200, JSON.stringify(response.body));
  return response.body.data as { id: string; code: string };
}

async function stored(): Promise<DoctorSection[]> {
  const response = await call(cms.url, 'GET', '/items/sections?fields=id,parent,code,title,previous_codes&limit=-1');
  assert.equal(response.status, 200);
  return response.body.data;
}

/** No cycle, no code outside its parent, no code twice, nothing deeper than four levels. */
async function assertSoundTree(round: string) {
  const { problems } = diagnoseTree(await stored());
  assert.deepEqual(problems, [], `after ${round} the tree is sound`);
}

before(async () => {
  cms = await startTestCms();
  if (cms.db.kind === 'postgres') bases = [cms.url, (await cms.startPeer()).url];
  else bases = [cms.url, cms.url];
  chapter = (await create('Разработка', null)).id;
});
after(() => cms?.destroy());

test('two sections moved into each other at once: never both, never a cycle', async () => {
  for (let round = 0; round < ROUNDS; round++) {
    const x = await create(`Икс ${round}`, chapter);
    const y = await create(`Игрек ${round}`, chapter);
    // Each has a child, so a move re-codes a subtree as well.
    await create(`Дочерний икса ${round}`, x.id);
    await create(`Дочерний игрека ${round}`, y.id);
    const [first, second] = await Promise.all([
      call(bases[0], 'PATCH', `/items/sections/${x.id}`, { parent: y.id }),
      call(bases[1], 'PATCH', `/items/sections/${y.id}`, { parent: x.id }),
    ]);
    const statuses = [first.status, second.status].sort();
    assert.ok(statuses[0] === 200 && statuses[1] !== 200, `exactly one move wins (round ${round}): ${JSON.stringify([first.body, second.body])}`);
    const loser = first.status === 200 ? second : first;
    assert.ok([400, 409].includes(loser.status), `the other is refused, not failed: ${JSON.stringify(loser.body)}`);
    // Why it lost depends on the order: its target is now inside it, or under the winner it would nest too deep.
    assert.match(loser.body.errors[0].message, /цикл|внутри самого себя|собственный подраздел|изменил другой запрос|глубже \d уровней/);
    await assertSoundTree(`round ${round}`);
  }
});

test('three sections moved in a ring at once: at most two moves win, the tree stays sound', async () => {
  for (let round = 0; round < ROUNDS / 2; round++) {
    const ring = [await create(`А ${round}`, chapter), await create(`Б ${round}`, chapter), await create(`В ${round}`, chapter)];
    const answers = await Promise.all(
      ring.map((section, i) => call(bases[i % 2] as string, 'PATCH', `/items/sections/${section.id}`, { parent: (ring[(i + 1) % 3] as { id: string }).id })),
    );
    assert.ok(answers.filter((a) => a.status === 200).length <= 2, `round ${round}: ${answers.map((a) => a.status).join(',')}`);
    assert.ok(answers.every((a) => [200, 400, 409].includes(a.status)), JSON.stringify(answers.map((a) => a.body)));
    await assertSoundTree(`ring ${round}`);
  }
});

test('new sections created while their parent moves get codes under its new code', async () => {
  const target = await create('Куда переносим', chapter);
  for (let round = 0; round < ROUNDS / 2; round++) {
    const moving = await create(`Переезжает ${round}`, chapter);
    const answers = await Promise.all([
      call(bases[0], 'PATCH', `/items/sections/${moving.id}`, { parent: target.id }),
      call(bases[1], 'POST', '/items/sections', { title: `Новый ${round}`, parent: moving.id }),
      call(bases[0], 'POST', '/items/sections', { title: `Ещё новый ${round}`, parent: moving.id }),
    ]);
    assert.deepEqual(answers.map((a) => a.status), [200, 200, 200], JSON.stringify(answers.map((a) => a.body)));
    await assertSoundTree(`move with creates ${round}`);
  }
});

test('the hook still refuses an ordinary cycle with its own message', async () => {
  const parent = await create('Родитель', chapter);
  const child = await create('Ребёнок', parent.id);
  const refused = await call(cms.url, 'PATCH', `/items/sections/${parent.id}`, { parent: child.id });
  assert.equal(refused.status, 400);
  assert.match(refused.body.errors[0].message, /собственный подраздел/);
});
