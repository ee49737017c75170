import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  checkReaderItemsQuery,
  checkReaderRequest,
  peopleQuery,
  sectionCountQuery,
  sectionPageQuery,
  SITE_PUBLISHED_ONLY_FIELDS,
  SITE_READER_QUERIES,
  siteReaderFieldsOf,
} from './site-reader-queries.js';
import { SECTION_RECORD_FIELDS } from './section-record.js';

const get = (path: string, query: Record<string, unknown> = {}) => checkReaderRequest({ method: 'GET', path, query });
const SELF = '818d4d6d-fd2b-4b3a-b29a-d25e7c86fa4b';

describe('the declarations', () => {
  test('the builders make exactly the declared shapes', () => {
    assert.deepEqual(sectionPageQuery(2), { fields: [...SECTION_RECORD_FIELDS], sort: ['id'], limit: 500, offset: 1000 });
    assert.deepEqual(sectionCountQuery(), { aggregate: { count: '*' } });
    assert.deepEqual(peopleQuery(), { fields: ['id', 'first_name', 'last_name'], limit: -1 });
  });

  test('the reader’s fields per collection are what the shapes read, text included for sections', () => {
    assert.deepEqual(siteReaderFieldsOf('directus_users'), ['id', 'first_name', 'last_name']);
    assert.deepEqual(siteReaderFieldsOf('sections'), [...SECTION_RECORD_FIELDS]);
    for (const field of SITE_PUBLISHED_ONLY_FIELDS) assert.ok(siteReaderFieldsOf('sections').includes(field), field);
    assert.deepEqual(siteReaderFieldsOf('directus_revisions'), []);
  });

  test('every shape says who needs it, and only GET paths are declared', () => {
    for (const shape of SITE_READER_QUERIES) {
      assert.ok(shape.purpose.length > 20, shape.id);
      assert.match(shape.path, /^\/[a-z/_]+$/, shape.id);
    }
  });
});

describe('checkReaderRequest', () => {
  test('passes the requests as @directus/sdk sends them', () => {
    assert.equal(get('/items/sections', { aggregate: '{"count":"*"}' }), null);
    assert.equal(get('/items/sections', { aggregate: { count: '*' } }), null, 'the bracket form too');
    assert.equal(get('/items/sections', { fields: SECTION_RECORD_FIELDS.join(','), sort: 'id', limit: '500', offset: '9500' }), null);
    assert.equal(get('/items/sections/', { fields: 'id,code', sort: 'id', limit: '10' }), null, 'fewer fields, a trailing slash');
    assert.equal(get('/users', { fields: 'id,first_name,last_name', limit: '-1' }), null);
    assert.equal(get('/users/me', { fields: 'id' }), null);
    assert.equal(get('/permissions/me'), null);
  });

  test('refuses everything else, naming what to remove', () => {
    const cases: [string, Record<string, unknown>, string][] = [
      ['/users', { fields: 'id', filter: '{"$FOLLOW(sections,owner)":{"body":{"_starts_with":"C"}}}' }, 'уберите filter'],
      ['/users', { fields: 'id,email' }, 'уберите из fields email'],
      ['/items/sections', { fields: 'id', sort: 'id', search: 'x' }, 'уберите search'],
      ['/items/sections', { fields: 'id', sort: '-body' }, 'сортировка только sort=id'],
      ['/items/sections', { fields: 'id', sort: 'id', limit: '501' }, 'limit должен быть от 1 до 500'],
      ['/items/sections', { fields: 'id', sort: 'id', offset: '-5' }, 'offset должен быть неотрицательным числом'],
      ['/items/sections', { fields: 'id', sort: 'id', deep: '{"children":{"_filter":{}}}' }, 'уберите deep'],
      ['/items/sections', { aggregate: '{"max":"code"}' }, 'уберите aggregate[max]'],
      ['/items/sections', { aggregate: '{"count":"*"}', groupBy: 'status' }, 'уберите groupBy'],
      ['/items/sections', { fields: ['id', 'owner.email'], sort: 'id' }, 'уберите из fields owner.email'],
      ['/items/sections', {}, 'добавьте aggregate[count]=*'],
      ['/users/me', {}, 'добавьте fields=id'],
      ['/graphql', {}, 'GraphQL ему недоступен'],
      ['/graphql/system', {}, 'GraphQL ему недоступен'],
      ['/server/info', {}, 'путь /server/info ему недоступен'],
      ['/items/sections/1f0c', { fields: 'id' }, 'путь /items/sections/1f0c ему недоступен'],
    ];
    for (const [path, query, hint] of cases) {
      const refusal = get(path, query);
      assert.equal(refusal?.status, 403, `${path} ${JSON.stringify(query)}`);
      assert.ok(refusal?.message.includes(hint), `${path} ${JSON.stringify(query)}: ${refusal?.message}`);
      assert.match(refusal?.message ?? '', /^Токен сайта может делать только те запросы/);
    }
  });

  test('refuses every method but GET, also on the declared paths', () => {
    for (const method of ['POST', 'PATCH', 'DELETE', 'SEARCH', 'PUT']) {
      assert.match(checkReaderRequest({ method, path: '/items/sections', query: {} })?.message ?? '', new RegExp(`${method} /items/sections ему недоступен`));
    }
  });
});

describe('checkReaderItemsQuery', () => {
  test('passes the queries the item services see for the declared requests', () => {
    assert.equal(checkReaderItemsQuery('sections', { fields: ['*'], aggregate: { count: ['*'] } }, SELF), null);
    assert.equal(checkReaderItemsQuery('sections', { limit: 500, fields: ['id', 'code'], sort: ['id'], offset: 0 }, SELF), null);
    assert.equal(checkReaderItemsQuery('directus_users', { limit: -1, fields: ['id', 'first_name', 'last_name'] }, SELF), null);
    assert.equal(checkReaderItemsQuery('directus_users', { fields: ['id'], filter: { id: { _eq: SELF } } }, SELF), null);
  });

  test('refuses any other read, whatever door it came through', () => {
    const cases: [string, Record<string, unknown>][] = [
      ['directus_users', { fields: ['id'], filter: { '$FOLLOW(sections,owner)': { body: { _nnull: true } } } }],
      ['directus_users', { fields: ['id'], filter: { id: { _eq: 'someone-else' } } }],
      ['directus_users', { fields: ['*'] }],
      ['directus_users', {}],
      ['sections', {}],
      ['sections', { fields: ['id'], sort: ['id'], search: 'x' }],
      ['sections', { fields: ['id'], sort: ['id'], deep: { children: { _filter: { body: { _nnull: true } } } } }],
      ['sections', { fields: ['id'], sort: ['id'], group: ['status'] }],
      ['sections', { fields: ['id'], sort: ['id'], alias: { x: 'body' } }],
      ['sections', { fields: ['*'], aggregate: { countDistinct: ['body'] } }],
      ['directus_revisions', { fields: ['data'] }],
      ['directus_activity', { fields: ['id'] }],
      ['section_progress', { fields: ['id'] }],
    ];
    for (const [collection, query] of cases) {
      assert.equal(checkReaderItemsQuery(collection, query, SELF)?.status, 403, `${collection} ${JSON.stringify(query)}`);
    }
  });
});
