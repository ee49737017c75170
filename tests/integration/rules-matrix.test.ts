import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestCms, type ApiResponse, type TestCms, type TestUser } from '../support/test-cms.js';
import { ROLE, SITE_READER_USER } from '../../core/fixed-ids.js';
import { createCmsClient } from '../../platform/cms-client.js';
import { fetchAllSections } from '../../platform/fetch-sections.js';
import type { SectionStatus } from '../../core/status.js';
import type { StoredSection } from '../support/stored-section.js';

/**
 * The rule matrix of DESIGN.md "Roles and rules", over HTTP against a real Directus: every role ×
 * create/read/update/delete × status transitions × own/other's/unowned section. Every case gets
 * its own fixture, made as admin, so the cases do not depend on each other's order.
 */

type Who = 'admin' | 'cto' | 'alice' | 'bob' | 'siteReader' | 'anonymous' | 'badToken';
type Owner = 'alice' | 'bob' | 'cto' | null;
type Group = 'read' | 'create' | 'update' | 'delete';

type Section = StoredSection;

interface World {
  users: Record<'alice' | 'bob' | 'cto', TestUser>;
  /** The section the request is about (for creates: undefined). */
  section: Section | undefined;
  /** Another chapter, to move a section into. */
  elsewhere: string;
}

type Body = Record<string, unknown> | ((world: World) => Record<string, unknown>);

interface Allowed {
  status: number;
  /** Fields the stored section must have afterwards (for creates: the new one). */
  stored?: (world: World) => Partial<Section>;
  /** The section no longer exists. */
  gone?: true;
}

interface Refused {
  status: number;
  /** Directus's error code (the hook reuses Directus's codes so the admin app can title them). */
  code: string;
  /** Which project rule refused (`extensions.rule`); undefined when Directus itself refused. */
  rule?: string;
  message: string | RegExp | ((world: World) => string);
}

interface Case {
  name: string;
  as: Who;
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Without `fixture`, a create (POST /items/sections) or a list (GET /items/sections). */
  fixture?: { status: SectionStatus; owner: Owner; withChild?: true };
  body?: Body;
  allow?: Allowed;
  refuse?: Refused;
}

// Display names: the owner's name is part of the refusal message.
const NAMES = { alice: 'Алиса Иванова', bob: 'Борис Петров', cto: 'Карина Сергеева' } as const;
// Fields compared before/after a refused request.
const WATCHED = ['title', 'status', 'owner', 'body', 'summary', 'code', 'parent', 'slug', 'due_date', 'previous_codes'] as const;

const STUDENT_CHOICES = '«⏳ Запланировано», «📝 В разработке», «👀 На проверке»';
// The site's token may make only the site's own queries (core/site-reader-queries.ts).
const SITE_ONLY = 'Токен сайта может делать только те запросы, которые делают сборка сайта и предпросмотр (core/site-reader-queries.ts): ';
const SITE_PATHS = 'разрешены только GET /items/sections, /users, /users/me, /items/kb_publish_holds, /permissions/me';
const siteOnlyPath = (w: World) => `${SITE_ONLY}путь /items/sections/${w.section?.id} ему недоступен; ${SITE_PATHS}`;
const ANONYMOUS_REFUSAL = 'Без входа в систему разделы нельзя ни читать, ни менять: войдите как студент или CTO';
const DIRECTUS_NO_ACCESS = 'You don\'t have permission to access collection "sections" or it does not exist. Queried in root.';
const BAD_TOKEN = 'Invalid user credentials.';

const statusRefusal = (badge: string) => `Статус «${badge}» ставит только CTO; студент может перевести раздел в ${STUDENT_CHOICES}`;
const ownedBy = (name: string) => (w: World) => `Раздел ${w.section?.code} закреплён за ${name}; изменить его может владелец или CTO`;
const studentDelete = (w: World) => `Удалять разделы может только CTO; раздел ${w.section?.code} можно перевести в архив через CTO`;
const forbidden = (message: Refused['message']): Refused => ({ status: 403, code: 'FORBIDDEN', rule: 'section-forbidden', message });
// The structure is the CTO's and the old codes are the system's: refused in Russian by the hook,
// before Directus's own field permissions would answer in English.
const STRUCTURE = 'студент не меняет: структуру дерева — где лежит раздел и какой у него код — определяет CTO. Попросите CTO перенести раздел; код новому разделу система даёт сама';
const structureRefusal = (label: string) => forbidden(`Поле «${label}» ${STRUCTURE}`);
const systemRefusal = forbidden('Поле «Прежние коды» ведёт система: при переносе раздела она сама запоминает его прежний код, чтобы старые ссылки вели на новое место. Вручную его не задают');

const id = (who: 'alice' | 'bob' | 'cto') => (w: World) => w.users[who].id;

const cases: Case[] = [
  // ── read ──────────────────────────────────────────────────────────────────────────────────────
  { name: 'admin reads a section', as: 'admin', method: 'GET', fixture: { status: 'in_progress', owner: 'bob' }, allow: { status: 200 } },
  { name: 'CTO reads a student’s section', as: 'cto', method: 'GET', fixture: { status: 'review', owner: 'bob' }, allow: { status: 200 } },
  { name: 'student reads own section', as: 'alice', method: 'GET', fixture: { status: 'in_progress', owner: 'alice' }, allow: { status: 200 } },
  { name: 'student reads another student’s section', as: 'alice', method: 'GET', fixture: { status: 'planned', owner: 'bob' }, allow: { status: 200 } },
  { name: 'student reads an unowned section', as: 'alice', method: 'GET', fixture: { status: 'planned', owner: null }, allow: { status: 200 } },
  {
    name: 'site reader cannot read one section by id (the site reads pages of all)', as: 'siteReader', method: 'GET',
    fixture: { status: 'published', owner: 'bob' }, refuse: forbidden(siteOnlyPath),
  },
  {
    name: 'site reader cannot list sections without naming the site’s fields', as: 'siteReader', method: 'GET',
    refuse: forbidden(`${SITE_ONLY}добавьте aggregate[count]=* (GET /items/sections)`),
  },
  {
    name: 'anonymous cannot read a section (Directus: no public access)', as: 'anonymous', method: 'GET',
    fixture: { status: 'published', owner: 'alice' }, refuse: { status: 403, code: 'FORBIDDEN', message: DIRECTUS_NO_ACCESS },
  },
  { name: 'anonymous cannot list sections', as: 'anonymous', method: 'GET', refuse: { status: 403, code: 'FORBIDDEN', message: DIRECTUS_NO_ACCESS } },
  {
    name: 'an invalid token cannot read a section', as: 'badToken', method: 'GET',
    fixture: { status: 'published', owner: 'alice' }, refuse: { status: 401, code: 'INVALID_CREDENTIALS', message: BAD_TOKEN },
  },

  // ── create ────────────────────────────────────────────────────────────────────────────────────
  {
    name: 'admin creates a published section for a student', as: 'admin', method: 'POST',
    body: (w) => ({ status: 'published', owner: w.users.bob.id }), allow: { status: 200, stored: (w) => ({ status: 'published', owner: w.users.bob.id }) },
  },
  {
    name: 'CTO creates a published section for a student', as: 'cto', method: 'POST',
    body: (w) => ({ status: 'published', owner: w.users.alice.id }), allow: { status: 200, stored: (w) => ({ status: 'published', owner: w.users.alice.id }) },
  },
  {
    name: 'CTO creates an unowned archived section', as: 'cto', method: 'POST',
    body: { status: 'archived', owner: null }, allow: { status: 200, stored: () => ({ status: 'archived', owner: null }) },
  },
  {
    name: 'CTO creates without an owner: the CTO owns it', as: 'cto', method: 'POST',
    body: {}, allow: { status: 200, stored: (w) => ({ owner: w.users.cto.id, status: 'planned' }) },
  },
  {
    name: 'student creates without owner or status: owner is the student, status planned', as: 'alice', method: 'POST',
    body: {}, allow: { status: 200, stored: (w) => ({ owner: w.users.alice.id, status: 'planned' }) },
  },
  {
    name: 'student creates on self in review', as: 'alice', method: 'POST',
    body: (w) => ({ owner: w.users.alice.id, status: 'review' }), allow: { status: 200, stored: (w) => ({ owner: w.users.alice.id, status: 'review' }) },
  },
  {
    name: 'student creates in_progress without owner', as: 'bob', method: 'POST',
    body: { status: 'in_progress' }, allow: { status: 200, stored: (w) => ({ owner: w.users.bob.id, status: 'in_progress' }) },
  },
  { name: 'student cannot create a published section', as: 'alice', method: 'POST', body: { status: 'published' }, refuse: forbidden(statusRefusal('✅ Готово')) },
  { name: 'student cannot create an archived section', as: 'alice', method: 'POST', body: { status: 'archived' }, refuse: forbidden(statusRefusal('🗄 В архиве')) },
  {
    name: 'student cannot create a section owned by another student', as: 'alice', method: 'POST', body: (w) => ({ owner: w.users.bob.id }),
    refuse: forbidden('Студент создаёт разделы только на себя; назначить другого ответственного может CTO'),
  },
  { name: 'student cannot choose the code of a new section', as: 'alice', method: 'POST', body: { code: '77' }, refuse: structureRefusal('Код') },
  {
    name: 'student cannot give a new section old codes (it would take over their redirects)', as: 'alice', method: 'POST',
    body: { previous_codes: ['02.03'] }, refuse: systemRefusal,
  },
  { name: 'student cannot set the due date of a new section', as: 'bob', method: 'POST', body: { due_date: '2027-01-31' }, refuse: forbidden('Поле «Срок» — план CTO: студент видит срок, но не меняет его') },
  { name: 'CTO cannot give a new section old codes either', as: 'cto', method: 'POST', body: { previous_codes: ['02.03'] }, refuse: systemRefusal },
  {
    name: 'admin (import, restore) creates a section with its old codes', as: 'admin', method: 'POST',
    body: { previous_codes: ['07.42'] }, allow: { status: 200, stored: () => ({ previous_codes: ['07.42'] }) },
  },
  { name: 'site reader cannot create', as: 'siteReader', method: 'POST', body: {}, refuse: forbidden(`${SITE_ONLY}POST /items/sections ему недоступен: только чтение (GET)`) },
  { name: 'anonymous cannot create', as: 'anonymous', method: 'POST', body: {}, refuse: forbidden(ANONYMOUS_REFUSAL) },
  { name: 'an invalid token cannot create', as: 'badToken', method: 'POST', body: {}, refuse: { status: 401, code: 'INVALID_CREDENTIALS', message: BAD_TOKEN } },

  // ── update and status transitions ────────────────────────────────────────────────────────────
  {
    name: 'student edits own in_progress section', as: 'alice', method: 'PATCH', fixture: { status: 'in_progress', owner: 'alice' },
    body: { title: 'Новый заголовок', body: 'Новый текст', summary: 'Кратко' },
    allow: { status: 200, stored: () => ({ title: 'Новый заголовок', body: 'Новый текст', summary: 'Кратко', status: 'in_progress' }) },
  },
  {
    name: 'student moves own section planned → in_progress', as: 'alice', method: 'PATCH', fixture: { status: 'planned', owner: 'alice' },
    body: { status: 'in_progress' }, allow: { status: 200, stored: () => ({ status: 'in_progress' }) },
  },
  {
    name: 'student moves own section in_progress → review', as: 'alice', method: 'PATCH', fixture: { status: 'in_progress', owner: 'alice' },
    body: { status: 'review' }, allow: { status: 200, stored: () => ({ status: 'review' }) },
  },
  {
    name: 'student takes own section back review → in_progress', as: 'alice', method: 'PATCH', fixture: { status: 'review', owner: 'alice' },
    body: { status: 'in_progress' }, allow: { status: 200, stored: () => ({ status: 'in_progress' }) },
  },
  {
    name: 'student cannot publish own section (review → published)', as: 'alice', method: 'PATCH', fixture: { status: 'review', owner: 'alice' },
    body: { status: 'published' }, refuse: forbidden(statusRefusal('✅ Готово')),
  },
  {
    name: 'student cannot archive own section', as: 'alice', method: 'PATCH', fixture: { status: 'in_progress', owner: 'alice' },
    body: { status: 'archived' }, refuse: forbidden(statusRefusal('🗄 В архиве')),
  },
  {
    name: 'student cannot hand own section to another student', as: 'alice', method: 'PATCH', fixture: { status: 'in_progress', owner: 'alice' },
    body: (w) => ({ owner: w.users.bob.id }), refuse: forbidden('Ответственного за раздел назначает CTO'),
  },
  {
    name: 'student cannot drop ownership of own section', as: 'alice', method: 'PATCH', fixture: { status: 'in_progress', owner: 'alice' },
    body: { owner: null }, refuse: forbidden('Ответственного за раздел назначает CTO'),
  },
  {
    name: 'student cannot move own section to another parent', as: 'alice', method: 'PATCH', fixture: { status: 'in_progress', owner: 'alice' },
    body: (w) => ({ parent: w.elsewhere }), refuse: structureRefusal('Родительский раздел'),
  },
  {
    name: 'student cannot make own section a chapter', as: 'alice', method: 'PATCH', fixture: { status: 'planned', owner: 'alice' },
    body: { parent: null }, refuse: structureRefusal('Родительский раздел'),
  },
  {
    name: 'student cannot re-code own section', as: 'alice', method: 'PATCH', fixture: { status: 'in_progress', owner: 'alice' },
    body: (w) => ({ code: `${w.section?.code?.split('.')[0]}.98` }), refuse: structureRefusal('Код'),
  },
  {
    name: 'student cannot empty the code of own section (the hook would give a new one)', as: 'alice', method: 'PATCH', fixture: { status: 'in_progress', owner: 'alice' },
    body: { code: null }, refuse: structureRefusal('Код'),
  },
  {
    name: 'student cannot change the due date of own section', as: 'bob', method: 'PATCH', fixture: { status: 'in_progress', owner: 'bob' },
    body: { due_date: '2030-01-01' }, refuse: forbidden('Поле «Срок» — план CTO: студент видит срок, но не меняет его'),
  },
  {
    name: 'student cannot set old codes on own section', as: 'alice', method: 'PATCH', fixture: { status: 'in_progress', owner: 'alice' },
    body: { previous_codes: ['02.03'] }, refuse: systemRefusal,
  },
  {
    name: 'student resends own section’s parent, code and owner unchanged with a text edit', as: 'alice', method: 'PATCH', fixture: { status: 'in_progress', owner: 'alice' },
    body: (w) => ({ parent: w.section?.parent, code: w.section?.code, owner: w.users.alice.id, body: 'Текст с тем же местом' }),
    allow: { status: 200, stored: () => ({ body: 'Текст с тем же местом', status: 'in_progress' }) },
  },
  {
    name: 'CTO cannot set old codes (the hook keeps them on moves)', as: 'cto', method: 'PATCH', fixture: { status: 'in_progress', owner: 'bob' },
    body: { previous_codes: ['02.03'] }, refuse: systemRefusal,
  },
  {
    name: 'CTO moves a student’s section to another chapter', as: 'cto', method: 'PATCH', fixture: { status: 'in_progress', owner: 'alice' },
    body: (w) => ({ parent: w.elsewhere }), allow: { status: 200, stored: (w) => ({ parent: w.elsewhere }) },
  },
  {
    name: 'student cannot edit own archived section', as: 'alice', method: 'PATCH', fixture: { status: 'archived', owner: 'alice' },
    body: { status: 'in_progress' }, refuse: forbidden((w) => `Раздел ${w.section?.code} в архиве; вернуть его в работу может CTO`),
  },
  {
    name: 'student edit of own published section waits in a version (409)', as: 'alice', method: 'PATCH', fixture: { status: 'published', owner: 'alice' },
    body: { body: 'Правка опубликованного' },
    refuse: {
      status: 409, code: 'FORBIDDEN', rule: 'section-change-in-review',
      message: (w) => `Раздел ${w.section?.code} опубликован, поэтому правка не меняет сайт сразу: она сохранена в версии «Правка: ${NAMES.alice}» и ждёт проверки CTO`,
    },
  },
  {
    name: 'student cannot edit another student’s section (message names the owner)', as: 'alice', method: 'PATCH', fixture: { status: 'in_progress', owner: 'bob' },
    body: { body: 'Чужая правка' }, refuse: forbidden(ownedBy(NAMES.bob)),
  },
  {
    name: 'student cannot move another student’s section to review', as: 'alice', method: 'PATCH', fixture: { status: 'in_progress', owner: 'bob' },
    body: { status: 'review' }, refuse: forbidden(ownedBy(NAMES.bob)),
  },
  {
    name: 'student cannot take over another student’s section', as: 'bob', method: 'PATCH', fixture: { status: 'planned', owner: 'alice' },
    body: (w) => ({ owner: w.users.bob.id }), refuse: forbidden(ownedBy(NAMES.alice)),
  },
  {
    name: 'student cannot edit a section owned by the CTO', as: 'bob', method: 'PATCH', fixture: { status: 'review', owner: 'cto' },
    body: { title: 'Чужое' }, refuse: forbidden(ownedBy(NAMES.cto)),
  },
  {
    name: 'student cannot edit an unowned section', as: 'alice', method: 'PATCH', fixture: { status: 'planned', owner: null },
    body: { title: 'Беру себе' }, refuse: forbidden((w) => `Раздел ${w.section?.code} ещё ни за кем не закреплён; попросите CTO назначить его вам`),
  },
  {
    name: 'student cannot claim an unowned section', as: 'alice', method: 'PATCH', fixture: { status: 'planned', owner: null },
    body: (w) => ({ owner: w.users.alice.id }), refuse: forbidden((w) => `Раздел ${w.section?.code} ещё ни за кем не закреплён; попросите CTO назначить его вам`),
  },
  {
    name: 'CTO edits a student’s section', as: 'cto', method: 'PATCH', fixture: { status: 'in_progress', owner: 'bob' },
    body: { body: 'Правка CTO', title: 'Заголовок CTO' }, allow: { status: 200, stored: () => ({ body: 'Правка CTO', title: 'Заголовок CTO' }) },
  },
  {
    name: 'CTO publishes a section in review', as: 'cto', method: 'PATCH', fixture: { status: 'review', owner: 'alice' },
    body: { status: 'published' }, allow: { status: 200, stored: (w) => ({ status: 'published', owner: w.users.alice.id }) },
  },
  {
    name: 'CTO edits a published section directly', as: 'cto', method: 'PATCH', fixture: { status: 'published', owner: 'alice' },
    body: { body: 'Сразу на сайт' }, allow: { status: 200, stored: () => ({ body: 'Сразу на сайт', status: 'published' }) },
  },
  {
    name: 'CTO archives a published section', as: 'cto', method: 'PATCH', fixture: { status: 'published', owner: 'bob' },
    body: { status: 'archived' }, allow: { status: 200, stored: () => ({ status: 'archived' }) },
  },
  {
    name: 'CTO returns an archived section to work', as: 'cto', method: 'PATCH', fixture: { status: 'archived', owner: 'bob' },
    body: { status: 'in_progress' }, allow: { status: 200, stored: () => ({ status: 'in_progress' }) },
  },
  {
    name: 'CTO reassigns a section from one student to another', as: 'cto', method: 'PATCH', fixture: { status: 'in_progress', owner: 'alice' },
    body: (w) => ({ owner: w.users.bob.id }), allow: { status: 200, stored: (w) => ({ owner: w.users.bob.id }) },
  },
  {
    name: 'CTO assigns an unowned section', as: 'cto', method: 'PATCH', fixture: { status: 'planned', owner: null },
    body: (w) => ({ owner: w.users.alice.id }), allow: { status: 200, stored: (w) => ({ owner: w.users.alice.id }) },
  },
  {
    name: 'admin publishes and unassigns a section', as: 'admin', method: 'PATCH', fixture: { status: 'review', owner: 'bob' },
    body: { status: 'published', owner: null }, allow: { status: 200, stored: () => ({ status: 'published', owner: null }) },
  },
  {
    name: 'site reader cannot update', as: 'siteReader', method: 'PATCH', fixture: { status: 'published', owner: 'alice' },
    body: { title: 'Читатель' }, refuse: forbidden(siteOnlyPath),
  },
  {
    name: 'anonymous cannot update', as: 'anonymous', method: 'PATCH', fixture: { status: 'in_progress', owner: 'alice' },
    body: { title: 'Аноним' }, refuse: forbidden(ANONYMOUS_REFUSAL),
  },
  {
    name: 'an invalid token cannot update', as: 'badToken', method: 'PATCH', fixture: { status: 'in_progress', owner: 'alice' },
    body: { title: 'Чужой токен' }, refuse: { status: 401, code: 'INVALID_CREDENTIALS', message: BAD_TOKEN },
  },

  // ── delete ────────────────────────────────────────────────────────────────────────────────────
  { name: 'student cannot delete own section', as: 'alice', method: 'DELETE', fixture: { status: 'in_progress', owner: 'alice' }, refuse: forbidden(studentDelete) },
  { name: 'student cannot delete another student’s section', as: 'alice', method: 'DELETE', fixture: { status: 'planned', owner: 'bob' }, refuse: forbidden(studentDelete) },
  { name: 'student cannot delete an unowned section', as: 'bob', method: 'DELETE', fixture: { status: 'planned', owner: null }, refuse: forbidden(studentDelete) },
  { name: 'CTO deletes a student’s section', as: 'cto', method: 'DELETE', fixture: { status: 'in_progress', owner: 'alice' }, allow: { status: 204, gone: true } },
  { name: 'CTO deletes an unowned published section', as: 'cto', method: 'DELETE', fixture: { status: 'published', owner: null }, allow: { status: 204, gone: true } },
  { name: 'admin deletes a section', as: 'admin', method: 'DELETE', fixture: { status: 'archived', owner: 'bob' }, allow: { status: 204, gone: true } },
  {
    name: 'CTO cannot delete a section that still has children', as: 'cto', method: 'DELETE', fixture: { status: 'in_progress', owner: 'bob', withChild: true },
    refuse: { status: 409, code: 'INVALID_PAYLOAD', rule: 'section-conflict', message: (w) => `Раздел ${w.section?.code} содержит подразделы (1); сначала перенесите или удалите их` },
  },
  { name: 'site reader cannot delete', as: 'siteReader', method: 'DELETE', fixture: { status: 'published', owner: 'bob' }, refuse: forbidden(siteOnlyPath) },
  { name: 'anonymous cannot delete', as: 'anonymous', method: 'DELETE', fixture: { status: 'published', owner: 'bob' }, refuse: forbidden(ANONYMOUS_REFUSAL) },
  {
    name: 'an invalid token cannot delete', as: 'badToken', method: 'DELETE', fixture: { status: 'planned', owner: 'bob' },
    refuse: { status: 401, code: 'INVALID_CREDENTIALS', message: BAD_TOKEN },
  },
];

/** The site reader's account: an API token for the site build, not a person in the app. */
interface AccountCase {
  name: string;
  as: Who;
  path: string;
  check: (response: ApiResponse, world: World) => void;
}

const SITE_TOKEN_ONLY = /^Токен сайта может делать только те запросы, которые делают сборка сайта и предпросмотр/;

const accountCases: AccountCase[] = [
  {
    name: 'site reader token identifies its own user via /users/me (provisioning’s check)', as: 'siteReader', path: '/users/me?fields=id',
    check: (r) => {
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(r.body.data.id, SITE_READER_USER);
    },
  },
  {
    name: 'a student, for comparison, has app access', as: 'alice', path: '/policies/me/globals',
    check: (r) => {
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(r.body.data.app_access, true);
    },
  },
  {
    name: 'site reader may read people’s names (for page authors)', as: 'siteReader', path: '/users?fields=id,first_name,last_name&limit=-1',
    check: (r, w) => {
      assert.equal(r.status, 200, JSON.stringify(r.body));
      const alice = r.body.data.find((u: { id: string }) => u.id === w.users.alice.id);
      assert.deepEqual(alice, { id: w.users.alice.id, first_name: 'Алиса', last_name: 'Иванова' });
    },
  },
  ...(['/users?fields=id,email', '/collections', '/revisions', '/policies/me/globals'] as const).map((path) => ({
    name: `site reader cannot reach ${path}: not one of the site’s queries`, as: 'siteReader' as const, path,
    check: (r: ApiResponse) => {
      assert.equal(r.status, 403, JSON.stringify(r.body));
      assert.equal(r.body.errors[0].extensions.code, 'FORBIDDEN');
      assert.match(r.body.errors[0].message, SITE_TOKEN_ONLY);
    },
  })),
];

let cms: TestCms;
let users: World['users'];
let chapters: Record<Group, string>;
let counter = 0;

before(async () => {
  cms = await startTestCms();
  users = {
    alice: await cms.createUser('student', NAMES.alice),
    bob: await cms.createUser('student', NAMES.bob),
    cto: await cms.createUser('cto', NAMES.cto),
  };
  // One chapter per group keeps every fixture's code within the 99 numbers a level has.
  chapters = { read: '', create: '', update: '', delete: '' };
  // One after another: concurrent creates would race for the same next free code.
  for (const group of Object.keys(chapters) as Group[]) chapters[group] = (await createAsAdmin({ title: `Матрица: ${group}` })).id;
});

after(async () => {
  await cms?.destroy();
});

function tokenOf(who: Who): string | null {
  switch (who) {
    case 'admin':
      return cms.adminToken;
    case 'siteReader':
      return cms.siteReaderToken;
    case 'anonymous':
      return null;
    case 'badToken':
      return 'not-a-valid-token-0000000000000000';
    default:
      return users[who].token;
  }
}

async function createAsAdmin(body: Record<string, unknown>): Promise<Section> {
  const response = await cms.api('POST', '/items/sections', { body });
  assert.equal(response.status, 200, JSON.stringify(response.body));
  return response.body.data;
}

async function readAsAdmin(sectionId: string): Promise<Section | null> {
  const response = await cms.api('GET', `/items/sections?filter[id][_eq]=${sectionId}&fields=*`);
  assert.equal(response.status, 200, JSON.stringify(response.body));
  return response.body.data[0] ?? null;
}

async function findByTitle(title: string): Promise<Section[]> {
  const response = await cms.api('GET', `/items/sections?filter[title][_eq]=${encodeURIComponent(title)}&fields=*`);
  assert.equal(response.status, 200, JSON.stringify(response.body));
  return response.body.data;
}

const watched = (section: Section | null) => (section ? Object.fromEntries(WATCHED.map((f) => [f, section[f]])) : null);

function groupOf(c: Case): Group {
  if (c.method === 'GET') return 'read';
  if (c.method === 'POST') return 'create';
  if (c.method === 'PATCH') return 'update';
  return 'delete';
}

function assertRefusal(response: ApiResponse, refuse: Refused, world: World): void {
  assert.equal(response.status, refuse.status, JSON.stringify(response.body));
  const [error] = response.body?.errors ?? [];
  assert.ok(error, `an error body: ${JSON.stringify(response.body)}`);
  assert.equal(error.extensions?.code, refuse.code);
  assert.equal(error.extensions?.rule, refuse.rule, refuse.rule ? 'refused by the project rule' : 'refused by Directus itself');
  const expected = typeof refuse.message === 'function' ? refuse.message(world) : refuse.message;
  if (expected instanceof RegExp) assert.match(error.message, expected);
  else assert.equal(error.message, expected);
}

async function runCase(c: Case): Promise<void> {
  counter += 1;
  const group = groupOf(c);
  const title = `Случай ${counter}: ${c.name}`;
  let section: Section | undefined;
  if (c.fixture) {
    section = await createAsAdmin({
      title,
      parent: chapters[group],
      status: c.fixture.status,
      owner: c.fixture.owner ? users[c.fixture.owner].id : null,
      body: `Исходный текст ${counter}`,
      summary: `Исходное кратко ${counter}`,
    });
    assert.equal(section.status, c.fixture.status);
    if (c.fixture.withChild) await createAsAdmin({ title: `${title} — подраздел`, parent: section.id });
  }
  const world: World = { users, section, elsewhere: chapters.read };
  const payload = typeof c.body === 'function' ? c.body(world) : c.body;
  const createTitle = `${title} — новый`;
  const body = c.method === 'POST' ? { title: createTitle, parent: chapters.create, ...payload } : payload;
  const path = section ? `/items/sections/${section.id}` : '/items/sections';
  const beforeStored = section ? watched(await readAsAdmin(section.id)) : null;

  const response = await cms.api(c.method, path, { token: tokenOf(c.as), ...(body === undefined ? {} : { body }) });

  if (c.refuse) {
    assertRefusal(response, c.refuse, world);
    if (section) {
      assert.deepEqual(watched(await readAsAdmin(section.id)), beforeStored, 'a refused request leaves the stored section as it was');
    } else if (c.method === 'POST') {
      assert.deepEqual(await findByTitle(createTitle), [], 'a refused create stores nothing');
    }
    return;
  }

  assert.ok(c.allow, `case "${c.name}" must allow or refuse`);
  assert.equal(response.status, c.allow.status, JSON.stringify(response.body));
  if (c.method === 'GET') {
    if (section) {
      assert.equal(response.body.data.id, section.id);
      assert.equal(response.body.data.title, section.title);
    } else {
      assert.ok(Array.isArray(response.body.data) && response.body.data.length > 0, 'the list is not empty');
    }
    return;
  }
  if (c.allow.gone) {
    assert.ok(section);
    assert.equal(await readAsAdmin(section.id), null, 'the section is deleted');
    return;
  }
  const storedId = c.method === 'POST' ? response.body.data.id : section?.id;
  assert.ok(storedId, JSON.stringify(response.body));
  const stored = await readAsAdmin(storedId);
  assert.ok(stored, 'the section is stored');
  if (c.method === 'POST') assert.equal(stored.title, createTitle);
  const expected = c.allow.stored?.(world) ?? {};
  assert.deepEqual(Object.fromEntries(Object.keys(expected).map((f) => [f, stored[f]])), expected);
}

describe('rule matrix: sections over HTTP', () => {
  test('the matrix is big enough and every case says what it expects', () => {
    assert.ok(cases.length + accountCases.length >= 40, `${cases.length + accountCases.length} cases`);
    assert.equal(new Set([...cases, ...accountCases].map((c) => c.name)).size, cases.length + accountCases.length, 'case names are unique');
    for (const c of cases) assert.ok(Boolean(c.allow) !== Boolean(c.refuse), c.name);
  });

  for (const c of cases) {
    test(`${c.method} as ${c.as}: ${c.name}`, () => runCase(c));
  }
});

describe('rule matrix: the site reader account', () => {
  for (const c of accountCases) {
    test(`GET ${c.path} as ${c.as}: ${c.name}`, async () => {
      c.check(await cms.api('GET', c.path, { token: tokenOf(c.as) }), { users, section: undefined, elsewhere: chapters.read });
    });
  }

  test('the site reader has no app access and no admin access', async () => {
    const { body } = await cms.api('GET', `/policies?filter[roles][role][_eq]=${ROLE.siteReader}&fields=app_access,admin_access`);
    assert.ok(body.data.length >= 1, JSON.stringify(body));
    for (const policy of body.data) assert.deepEqual(policy, { app_access: false, admin_access: false });
  });

  test('the site reader reads the text of published sections only, also through filters', async () => {
    const parent = (await createAsAdmin({ title: 'Тексты для сайта', parent: chapters.read })).id;
    const made = new Map<SectionStatus, Section>();
    for (const status of ['planned', 'in_progress', 'review', 'published', 'archived'] as const) {
      made.set(status, await createAsAdmin({ title: `Раздел (${status})`, parent, status, body: `Черновой текст ${status} секрет`, summary: `Кратко ${status}` }));
    }
    const asReader = (path: string) => cms.api('GET', path, { token: cms.siteReaderToken });

    // What the site build reads (core/site-reader-queries.ts): drafts come back without their text.
    const all = await fetchAllSections({ client: createCmsClient({ url: cms.url, token: cms.siteReaderToken }) });
    const seen = Object.fromEntries(all.filter((s) => s.parent === parent).map((s) => [s.status, { title: s.title, body: s.body, summary: s.summary }]));
    assert.deepEqual(seen, {
      planned: { title: 'Раздел (planned)', body: null, summary: null },
      in_progress: { title: 'Раздел (in_progress)', body: null, summary: null },
      review: { title: 'Раздел (review)', body: null, summary: null },
      published: { title: 'Раздел (published)', body: 'Черновой текст published секрет', summary: 'Кратко published' },
      archived: { title: 'Раздел (archived)', body: null, summary: null },
    });

    // Directus evaluates filters, search, sorting, grouping and nested reads on the stored text,
    // and none of them is one of the site's queries: the gate refuses them, naming what to remove.
    const secret = encodeURIComponent('секрет');
    for (const [probe, hint] of [
      [`filter[body][_contains]=${secret}`, 'уберите filter'],
      ['filter[children][summary][_nnull]=true', 'уберите filter'],
      [`search=${secret}`, 'уберите search'],
      ['sort=-body', 'сортировка только sort=id'],
      ['aggregate[countDistinct]=summary', 'уберите aggregate[countDistinct]'],
      ['groupBy[]=body', 'уберите groupBy'],
      ['fields=children.body', 'уберите из fields children.body'],
      [`fields=id,title,status,body,summary&filter[parent][_eq]=${parent}`, 'уберите filter'],
    ]) {
      const probed = await asReader(`/items/sections?${probe}`);
      assert.equal(probed.status, 403, `${probe}: ${JSON.stringify(probed.body)}`);
      assert.equal(probed.body.errors[0].extensions.rule, 'section-forbidden', probe);
      assert.match(probed.body.errors[0].message, SITE_TOKEN_ONLY, probe);
      assert.ok(probed.body.errors[0].message.includes(hint), `${probe}: ${probed.body.errors[0].message}`);
    }
    const counted = await asReader('/items/sections?aggregate[count]=*');
    assert.equal(counted.status, 200, JSON.stringify(counted.body));
    assert.equal(Number(counted.body.data[0].count), all.length, 'counting, as the site does, still works');

    // The CTO, for comparison, reads every draft's text.
    const asCto = await cms.api('GET', `/items/sections/${made.get('in_progress')?.id}?fields=body`, { token: users.cto.token });
    assert.equal(asCto.body.data.body, 'Черновой текст in_progress секрет');
  });
});
