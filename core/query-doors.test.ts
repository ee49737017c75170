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
    refusedBy(checkEditorItemsQuery({ filter: FOLLOW }), /^Фильтр \$FOLLOW\(directus_versions,item\) в filter недоступен/);
    refusedBy(checkEditorItemsQuery({ filter: { _and: [{ code: { _eq: '01' } }, { _or: [FOLLOW] }] } }), /\$FOLLOW/);
    refusedBy(checkEditorItemsQuery({ deep: { children: { _filter: FOLLOW } } }), /в deep недоступен/);
    refusedBy(checkEditorItemsQuery({ deep: { children: { parent: { _filter: { '$follow(x,y)': {} } } } } }), /\$follow\(x,y\)/);
    refusedBy(checkEditorRequest({ query: { filter: JSON.stringify(FOLLOW) } }), /в filter/);
    refusedBy(checkEditorRequest({ query: {}, body: { query: { filter: FOLLOW }, data: {} } }), /в query\.filter недоступен/);
  });

  test('filters, sorts, groups and aggregates on ip or user_agent are refused, through relations too', () => {
    refusedBy(checkEditorItemsQuery({ filter: { ip: { _starts_with: '10.' } } }), /^По ip нельзя фильтровать/);
    refusedBy(checkEditorItemsQuery({ filter: { activity: { user_agent: { _nnull: true } } } }), /уберите user_agent из filter/);
    refusedBy(checkEditorItemsQuery({ sort: ['-ip'] }), /из sort/);
    refusedBy(checkEditorItemsQuery({ group: ['user_agent'] }), /из group/);
    refusedBy(checkEditorItemsQuery({ aggregate: { countDistinct: ['ip'] } }), /из aggregate/);
    refusedBy(checkEditorItemsQuery({ deep: { revisions: { _sort: ['activity.ip'] } } }), /из deep/);
    refusedBy(checkEditorRequest({ query: { sort: 'timestamp,-ip' } }), /из sort/);
    refusedBy(checkEditorRequest({ query: { groupBy: 'ip' } }), /из groupBy/);
  });

  test('what the admin app asks passes', () => {
    const sidebar = { _and: [{ collection: { _eq: 'sections' } }, { item: { _eq: 'x' } }, { version: { _null: true } }, { activity: { action: { _eq: 'update' } } }] };
    assert.equal(checkEditorItemsQuery({ filter: sidebar, sort: ['-id'], fields: ['activity.ip', 'activity.user_agent', 'data'], limit: 10 }), null);
    assert.equal(checkEditorItemsQuery({ aggregate: { count: ['id'] }, filter: sidebar }), null);
    assert.equal(checkEditorRequest({ query: { filter: JSON.stringify({ title: { _eq: 'ip' } }), sort: '-date_updated' }, body: [1, 2] }), null);
    assert.equal(checkEditorItemsQuery({ deep: { children: { _limit: 5, _sort: ['code'] } } }), null);
  });
});
