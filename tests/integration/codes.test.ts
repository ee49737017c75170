import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestCms, type TestCms } from '../support/test-cms.js';

let cms: TestCms;
before(async () => {
  cms = await startTestCms();
});
after(async () => {
  await cms?.destroy();
});

async function create(body: Record<string, unknown>) {
  const response = await cms.api('POST', '/items/sections', { body });
  assert.equal(response.status, 200, JSON.stringify(response.body));
  return response.body.data as { id: string; code: string; slug: string; owner: string | null; previous_codes: string[] };
}

async function read(id: string) {
  const response = await cms.api('GET', `/items/sections/${id}`);
  return response.body.data;
}

describe('section codes', () => {
  test('an empty code gets the next free number under its parent', async () => {
    const chapter = await create({ title: 'Глава для кодов', code: '11' });
    const first = await create({ title: 'Первый', parent: chapter.id });
    const second = await create({ title: 'Второй', parent: chapter.id });
    assert.equal(first.code, '11.01');
    assert.equal(second.code, '11.02');
    const third = await create({ title: 'Третий', parent: chapter.id, code: '11.07' });
    assert.equal(third.code, '11.07');
    const fourth = await create({ title: 'Четвёртый', parent: chapter.id });
    assert.equal(fourth.code, '11.08', 'numbering continues after the highest code, never reusing a gap');
    const nextChapter = await create({ title: 'Следующая глава' });
    assert.equal(nextChapter.code, '12');
  });

  test('the slug defaults to the transliterated title and the owner to the creator', async () => {
    const section = await create({ title: 'Сетевая топология' });
    assert.equal(section.slug, 'setevaya-topologiya');
    const me = (await cms.api('GET', '/users/me')).body.data;
    assert.equal(section.owner, me.id);
  });

  test('a given code is validated: format, parent prefix, uniqueness, depth', async () => {
    const chapter = await create({ title: 'Проверка кодов', code: '21' });
    const count = async () => Number((await cms.api('GET', '/items/sections?aggregate[count]=*')).body.data[0].count);
    const countBefore = await count();

    const badFormat = await cms.api('POST', '/items/sections', { body: { title: 'x', code: '2.1', parent: chapter.id } });
    assert.equal(badFormat.status, 400);
    assert.match(badFormat.body.errors[0].message, /Код «2\.1» неверен: нужен формат NN\.NN/);

    const wrongPrefix = await cms.api('POST', '/items/sections', { body: { title: 'x', code: '22.01', parent: chapter.id } });
    assert.equal(wrongPrefix.status, 400);
    assert.match(wrongPrefix.body.errors[0].message, /должен начинаться с «21\.»/);

    await create({ title: 'Занятый', code: '21.01', parent: chapter.id });
    const taken = await cms.api('POST', '/items/sections', { body: { title: 'x', code: '21.01', parent: chapter.id } });
    assert.equal(taken.status, 409);
    assert.match(taken.body.errors[0].message, /Код 21\.01 уже занят/);

    const l2 = await create({ title: 'L2', parent: chapter.id });
    const l3 = await create({ title: 'L3', parent: l2.id });
    const l4 = await create({ title: 'L4', parent: l3.id });
    assert.equal(l4.code.split('.').length, 4);
    const tooDeep = await cms.api('POST', '/items/sections', { body: { title: 'L5', parent: l4.id } });
    assert.equal(tooDeep.status, 400);
    assert.match(tooDeep.body.errors[0].message, /не больше 4|глубже 4/);

    const chapterWithDeepCode = await cms.api('POST', '/items/sections', { body: { title: 'x', code: '23.01' } });
    assert.equal(chapterWithDeepCode.status, 400);
    assert.match(chapterWithDeepCode.body.errors[0].message, /главе/);

    assert.equal(await count(), countBefore + 4, 'refused creates stored nothing');
  });

  test('moving a section re-codes its subtree and keeps the old codes', async () => {
    const from = await create({ title: 'Откуда', code: '31' });
    const to = await create({ title: 'Куда', code: '32' });
    await create({ title: 'Уже там', parent: to.id });
    const moved = await create({ title: 'Переезжает', parent: from.id });
    const child = await create({ title: 'Ребёнок', parent: moved.id });
    const grandchild = await create({ title: 'Внук', parent: child.id });
    assert.deepEqual([moved.code, child.code, grandchild.code], ['31.01', '31.01.01', '31.01.01.01']);

    const response = await cms.api('PATCH', `/items/sections/${moved.id}`, { body: { parent: to.id } });
    assert.equal(response.status, 200, JSON.stringify(response.body));
    assert.equal(response.body.data.code, '32.02');
    assert.deepEqual(response.body.data.previous_codes, ['31.01']);

    // Descendants follow right after the update commits.
    let childNow = await read(child.id);
    for (let i = 0; i < 20 && childNow.code !== '32.02.01'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      childNow = await read(child.id);
    }
    assert.equal(childNow.code, '32.02.01');
    assert.deepEqual(childNow.previous_codes, ['31.01.01']);
    const grandNow = await read(grandchild.id);
    assert.equal(grandNow.code, '32.02.01.01');
    assert.deepEqual(grandNow.previous_codes, ['31.01.01.01']);
  });

  test('renumbering with an explicit code re-codes the subtree too', async () => {
    const chapter = await create({ title: 'Перенумерация', code: '33' });
    const section = await create({ title: 'Раздел', parent: chapter.id });
    const child = await create({ title: 'Подраздел', parent: section.id });
    const response = await cms.api('PATCH', `/items/sections/${section.id}`, { body: { code: '33.05' } });
    assert.equal(response.status, 200, JSON.stringify(response.body));
    let childNow = await read(child.id);
    for (let i = 0; i < 20 && childNow.code !== '33.05.01'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      childNow = await read(child.id);
    }
    assert.equal(childNow.code, '33.05.01');
  });

  test('a move that would make a section its own descendant is refused and changes nothing', async () => {
    const root = await create({ title: 'Корень цикла', code: '41' });
    const child = await create({ title: 'Ребёнок цикла', parent: root.id });
    const grandchild = await create({ title: 'Внук цикла', parent: child.id });

    const intoGrandchild = await cms.api('PATCH', `/items/sections/${root.id}`, { body: { parent: grandchild.id } });
    assert.equal(intoGrandchild.status, 400);
    assert.match(intoGrandchild.body.errors[0].message, /Нельзя вложить раздел 41 в его собственный подраздел 41\.01\.01/);

    const intoItself = await cms.api('PATCH', `/items/sections/${child.id}`, { body: { parent: child.id } });
    assert.equal(intoItself.status, 400);
    assert.match(intoItself.body.errors[0].message, /родителем самому себе/);

    const rootNow = await read(root.id);
    assert.equal(rootNow.parent, null);
    assert.equal(rootNow.code, '41');
    assert.equal((await read(child.id)).parent, root.id);
  });

  test('a move deeper than four levels is refused', async () => {
    const a = await create({ title: 'A', code: '51' });
    const b = await create({ title: 'B', parent: a.id });
    const c = await create({ title: 'C', parent: b.id });
    const other = await create({ title: 'Other', code: '52' });
    const x = await create({ title: 'X', parent: other.id });
    await create({ title: 'Y', parent: x.id });
    const response = await cms.api('PATCH', `/items/sections/${x.id}`, { body: { parent: c.id } });
    assert.equal(response.status, 400);
    assert.match(response.body.errors[0].message, /глубже 4 уровней/);
    assert.equal((await read(x.id)).code, '52.01');
  });

  test('a section with children cannot be deleted until they are moved', async () => {
    const parent = await create({ title: 'Родитель', code: '61' });
    const child = await create({ title: 'Ребёнок', parent: parent.id });
    const refused = await cms.api('DELETE', `/items/sections/${parent.id}`);
    assert.equal(refused.status, 409);
    assert.match(refused.body.errors[0].message, /содержит подразделы \(1\)/);
    assert.equal((await read(parent.id)).id, parent.id);
    const both = await cms.api('DELETE', '/items/sections', { body: [parent.id, child.id] });
    assert.equal(both.status, 204, 'deleting a whole subtree at once is fine');
  });
});
