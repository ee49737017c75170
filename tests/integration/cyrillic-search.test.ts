import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestCms, type TestCms, type TestUser } from '../support/test-cms.js';

/**
 * Search finds Russian words whatever their case, in the sections list, the parent picker (which
 * searches sections) and the owner picker (which searches users), on SQLite as on PostgreSQL
 * (core/case-folding.ts). The sections before migration 0017 were written without the lower-cased
 * copies: the migration's fields get filled in for them.
 */

let cms: TestCms;
let cto: TestUser;
let student: TestUser;
let aliya: TestUser;
const ids: Record<'server' | 'launch' | 'guide' | 'other', string> = { server: '', launch: '', guide: '', other: '' };

async function createSection(body: Record<string, unknown>): Promise<string> {
  const response = await cms.api('POST', '/items/sections', { body });
  assert.equal(response.status, 200, JSON.stringify(response.body));
  return response.body.data.id as string;
}

async function found(path: string, token: string): Promise<string[]> {
  const response = await cms.api('GET', path, { token });
  assert.equal(response.status, 200, `${path}: ${JSON.stringify(response.body)}`);
  return (response.body.data as { id: string }[]).map((row) => row.id).sort();
}

const q = encodeURIComponent;

before(async () => {
  // The database as it was before 0017: sections and people without their lower-cased copies.
  cms = await startTestCms({ migrate: '0012-publish-holds' });
  ids.server = await createSection({ title: 'Первый сервер', status: 'in_progress', summary: 'Как поднять СЕРВЕР бота', body: '# Первый сервер\n\nСтавим Ubuntu.' });
  cto = await cms.createUser('cto', 'Карина Сергеева');
  await cms.migrate();
  student = await cms.createUser('student', 'Борис Петров');
  aliya = await cms.createUser('student', 'Алия Нурланова');
  ids.launch = await createSection({ title: 'ПЕРВЫЙ запуск', parent: ids.server, status: 'review', body: 'Запускаем бота и смотрим журнал.' });
  ids.guide = await createSection({ title: 'Справочник команд', status: 'published', body: 'Это первый список команд; остальные позже.' });
  ids.other = await createSection({ title: 'Второй сервер', status: 'planned', body: 'Резервная машина.' });
});

after(async () => {
  await cms?.destroy();
});

describe('the sections list and the parent picker (?search=)', () => {
  test('первый, ПЕРВЫЙ and Первый find the same sections, a capital in the title or a word in the text', async () => {
    const expected = [ids.server, ids.launch, ids.guide].sort();
    for (const word of ['первый', 'ПЕРВЫЙ', 'Первый', 'пЕрВыЙ']) {
      assert.deepEqual(await found(`/items/sections?fields=id&search=${q(word)}`, cto.token), expected, `search=${word} as the CTO`);
      assert.deepEqual(await found(`/items/sections?fields=id&search=${q(word)}`, student.token), expected, `search=${word} as a student`);
    }
    assert.deepEqual(await found(`/items/sections?fields=id&search=${q('сервер')}`, cto.token), [ids.server, ids.other].sort(), 'the summary СЕРВЕР is the same word');
  });

  test('a section written before migration 0017 is found too (its copies were filled in)', async () => {
    const response = await cms.api('GET', `/items/sections/${ids.server}?fields=search_title,search_summary,search_body`);
    assert.deepEqual(response.body.data, { search_title: 'первый сервер', search_summary: 'как поднять сервер бота', search_body: '# первый сервер\n\nставим ubuntu.' });
  });

  test('_icontains on the title matches the title only, whatever the case', async () => {
    for (const word of ['первый', 'ПЕРВЫЙ', 'Первый']) {
      assert.deepEqual(await found(`/items/sections?fields=id&filter[title][_icontains]=${q(word)}`, cto.token), [ids.server, ids.launch].sort(), word);
    }
    assert.deepEqual(await found(`/items/sections?fields=id&filter[parent][title][_istarts_with]=${q('первый')}`, cto.token), [ids.launch]);
    assert.deepEqual(await found(`/items/sections?fields=id&filter[body][_icontains]=${q('ПЕРВЫЙ')}`, cto.token), [ids.server, ids.guide].sort());
  });

  test('an edit changes what search finds', async () => {
    const edited = await cms.api('PATCH', `/items/sections/${ids.launch}`, { token: cto.token, body: { title: 'Пробный Запуск' } });
    assert.equal(edited.status, 200, JSON.stringify(edited.body));
    assert.deepEqual(await found(`/items/sections?fields=id&search=${q('первый')}`, cto.token), [ids.server, ids.guide].sort());
    assert.deepEqual(await found(`/items/sections?fields=id&search=${q('пробный')}`, student.token), [ids.launch]);
    await cms.api('PATCH', `/items/sections/${ids.launch}`, { token: cto.token, body: { title: 'ПЕРВЫЙ запуск' } });
  });

  test('a student\'s edit of their own text is saved and found by its words in any case', async () => {
    const own = await cms.api('POST', '/items/sections', { token: student.token, body: { title: 'Заметки Бориса', status: 'in_progress' } });
    assert.equal(own.status, 200, JSON.stringify(own.body));
    const edited = await cms.api('PATCH', `/items/sections/${own.body.data.id}`, { token: student.token, body: { body: 'Журнал ДЕПЛОЯ за неделю', title: 'Заметки' } });
    assert.equal(edited.status, 200, JSON.stringify(edited.body));
    assert.deepEqual(await found(`/items/sections?fields=id&search=${q('деплоя')}`, student.token), [own.body.data.id]);
    const forged = await cms.api('PATCH', `/items/sections/${own.body.data.id}`, { token: student.token, body: { search_summary: 'подброшенное слово' } });
    assert.equal(forged.status, 403, JSON.stringify(forged.body));
    assert.match(String(forged.body.errors?.[0]?.message), /^Поле «Поиск: Кратко» ведёт система/);
    assert.deepEqual(await found(`/items/sections?fields=id&search=${q('подброшенное')}`, cto.token), []);
  });

  test('nobody makes a section findable by words it does not contain', async () => {
    // The copies are the system's: a planted one is refused, the student's and the CTO's alike.
    for (const token of [student.token, cto.token]) {
      const own = await cms.api('POST', '/items/sections', { token, body: { title: 'Черновик Бориса', search_body: 'подброшенное слово' } });
      assert.equal(own.status, 403, JSON.stringify(own.body));
      assert.match(String(own.body.errors?.[0]?.message), /^Поле «Поиск: Текст» ведёт система/);
    }
    assert.deepEqual(await found(`/items/sections?fields=id&search=${q('подброшенное')}`, cto.token), []);
  });
});

describe('the owner picker (/users?search=)', () => {
  test('алия, Алия and АЛИЯ find Алия, for the CTO and a student', async () => {
    for (const word of ['алия', 'Алия', 'АЛИЯ']) {
      assert.deepEqual(await found(`/users?fields=id&search=${q(word)}`, cto.token), [aliya.id], word);
      assert.deepEqual(await found(`/users?fields=id&search=${q(word)}`, student.token), [aliya.id], `${word} as a student`);
    }
    assert.deepEqual(await found(`/users?fields=id&filter[last_name][_icontains]=${q('НУРЛАН')}`, cto.token), [aliya.id]);
    // A person who existed before 0017 (the CTO) is found by a lower-case name as well.
    assert.deepEqual(await found(`/users?fields=id&search=${q('карина')}`, student.token), [cto.id]);
  });

  test('a renamed person is found by the new name', async () => {
    const renamed = await cms.api('PATCH', `/users/${aliya.id}`, { body: { last_name: 'Сапарова' } });
    assert.equal(renamed.status, 200, JSON.stringify(renamed.body));
    assert.deepEqual(await found(`/users?fields=id&search=${q('САПАРОВА')}`, cto.token), [aliya.id]);
    assert.deepEqual(await found(`/users?fields=id&search=${q('нурланова')}`, cto.token), []);
  });
});

describe('what the copies give away', () => {
  test('a student reads of other people only what they read before, plus the same names lower-cased', async () => {
    const response = await cms.api('GET', `/users/${aliya.id}?fields=*`, { token: student.token });
    assert.equal(response.status, 200, JSON.stringify(response.body));
    // Directus lists every field the account may read of some user (its own record: all of them) and
    // nulls what it may not read of this one.
    const readable = Object.entries(response.body.data as Record<string, unknown>).filter(([, value]) => value !== null).map(([key]) => key).sort();
    assert.deepEqual(readable, ['email', 'first_name', 'id', 'last_name', 'search_first_name', 'search_last_name']);
    assert.equal(response.body.data.search_first_name, 'алия');
  });

  test('the site token reads no copy and may not search', async () => {
    const copy = await cms.api('GET', '/items/sections?fields=id,search_title&limit=1', { token: cms.siteReaderToken });
    assert.equal(copy.status, 403, JSON.stringify(copy.body));
    const search = await cms.api('GET', `/items/sections?fields=id&search=${q('первый')}`, { token: cms.siteReaderToken });
    assert.equal(search.status, 403, JSON.stringify(search.body));
    const users = await cms.api('GET', '/users?fields=id,search_first_name&limit=1', { token: cms.siteReaderToken });
    assert.equal(users.status, 403, JSON.stringify(users.body));
  });

  test('the copies are hidden and read-only in the admin form', async () => {
    for (const [collection, field] of [['sections', 'search_title'], ['sections', 'search_summary'], ['sections', 'search_body'], ['directus_users', 'search_first_name'], ['directus_users', 'search_last_name']] as const) {
      const response = await cms.api('GET', `/fields/${collection}/${field}`);
      assert.equal(response.status, 200, JSON.stringify(response.body));
      assert.equal(response.body.data.meta.hidden, true, `${collection}.${field} hidden`);
      assert.equal(response.body.data.meta.readonly, true, `${collection}.${field} read-only`);
    }
  });
});
