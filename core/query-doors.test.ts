import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkEditorItemsQuery, checkEditorRequest } from './query-doors.js';

const FOLLOW = { '$FOLLOW(directus_versions,item)': { user_created: { _eq: 'u' } } };
const refusedBy = (refusal: ReturnType<typeof checkEditorItemsQuery>, words: RegExp) => {
  assert.equal(refusal?.status, 403);
  assert.match(refusal?.message ?? '', words);
};

describe('queries that cross a permission boundary', () => {
  test('$FOLLOW anywhere in a filter or deep, parsed or as JSON text, is refused', () => {
    refusedBy(checkEditorItemsQuery('sections', { filter: FOLLOW }), /^Фильтр \$FOLLOW\(directus_versions,item\) в filter недоступен/);
    refusedBy(checkEditorItemsQuery('sections', { filter: { _and: [{ code: { _eq: '01' } }, { _or: [FOLLOW] }] } }), /\$FOLLOW/);
    refusedBy(checkEditorItemsQuery('sections', { deep: { children: { _filter: FOLLOW } } }), /в deep недоступен/);
    refusedBy(checkEditorItemsQuery('sections', { deep: { children: { parent: { _filter: { '$follow(x,y)': {} } } } } }), /\$follow\(x,y\)/);
    refusedBy(checkEditorRequest({ path: '/items/sections', query: { filter: JSON.stringify(FOLLOW) } }), /в filter/);
    refusedBy(checkEditorRequest({ path: '/items/sections', query: {}, body: { query: { filter: FOLLOW }, data: {} } }), /в query\.filter недоступен/);
  });

  test('filters, sorts, groups and aggregates on ip or user_agent are refused, through relations too', () => {
    refusedBy(checkEditorItemsQuery('sections', { filter: { ip: { _starts_with: '10.' } } }), /^По ip нельзя фильтровать/);
    refusedBy(checkEditorItemsQuery('sections', { filter: { activity: { user_agent: { _nnull: true } } } }), /уберите user_agent из filter/);
    refusedBy(checkEditorItemsQuery('sections', { sort: ['-ip'] }), /из sort/);
    refusedBy(checkEditorItemsQuery('sections', { group: ['user_agent'] }), /из group/);
    refusedBy(checkEditorItemsQuery('sections', { aggregate: { countDistinct: ['ip'] } }), /из aggregate/);
    refusedBy(checkEditorItemsQuery('sections', { deep: { revisions: { _sort: ['activity.ip'] } } }), /из deep/);
    refusedBy(checkEditorRequest({ path: '/items/sections', query: { sort: 'timestamp,-ip' } }), /из sort/);
    refusedBy(checkEditorRequest({ path: '/items/sections', query: { groupBy: 'ip' } }), /из groupBy/);
  });

  test('search on the activity is refused; on other collections it passes', () => {
    refusedBy(checkEditorItemsQuery('directus_activity', { search: '10.0.' }), /^Поиск по журналу действий \(activity\) недоступен/);
    refusedBy(checkEditorRequest({ path: '/activity/', query: { search: 'Mozilla' } }), /Поиск по журналу/);
    assert.equal(checkEditorItemsQuery('sections', { search: 'сервер' }), null);
    assert.equal(checkEditorItemsQuery('directus_activity', { filter: { user: { _eq: 'u' } } }), null);
  });

  test('what the admin app asks passes', () => {
    const sidebar = { _and: [{ collection: { _eq: 'sections' } }, { item: { _eq: 'x' } }, { version: { _null: true } }, { activity: { action: { _eq: 'update' } } }] };
    assert.equal(checkEditorItemsQuery('sections', { filter: sidebar, sort: ['-id'], fields: ['activity.ip', 'activity.user_agent', 'data'], limit: 10 }), null);
    assert.equal(checkEditorItemsQuery('sections', { aggregate: { count: ['id'] }, filter: sidebar }), null);
    assert.equal(checkEditorRequest({ path: '/items/sections', query: { filter: JSON.stringify({ title: { _eq: 'ip' } }), sort: '-date_updated' }, body: [1, 2] }), null);
    assert.equal(checkEditorItemsQuery('sections', { deep: { children: { _limit: 5, _sort: ['code'] } } }), null);
  });
});
