import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readMe } from '@directus/sdk';
import { createCmsClient } from './cms-client.js';
import { fetchAllSections, fetchPeople } from './fetch-sections.js';
import { checkReaderRequest, ownAccountQuery } from '../core/site-reader-queries.js';
import { sectionRecord } from '../tests/support/section-record-fixture.js';

/** Every request the site's reads make, as Directus would receive them, with a canned answer. */
function recordingFetch(total: number) {
  const seen: { method: string; path: string; query: Record<string, string> }[] = [];
  const sections = Array.from({ length: total }, (_, i) => sectionRecord(String(i + 1).padStart(2, '0'), null));
  const fake: typeof fetch = async (input, init) => {
    const url = new URL(String(input));
    const query = Object.fromEntries(url.searchParams);
    seen.push({ method: init?.method ?? 'GET', path: url.pathname, query });
    let data: unknown = [];
    if (url.pathname === '/items/sections' && query.aggregate) data = [{ count: total }];
    else if (url.pathname === '/items/sections') data = sections.slice(Number(query.offset), Number(query.offset) + Number(query.limit));
    else if (url.pathname === '/users/me') data = { id: 'me' };
    return new Response(JSON.stringify({ data }), { status: 200, headers: { 'content-type': 'application/json' } });
  };
  return { fake, seen };
}

test('the site’s reads are exactly the site reader’s declared queries (they cannot drift apart)', async () => {
  const { fake, seen } = recordingFetch(1234);
  const client = createCmsClient({ url: 'http://directus.test', token: 'site-token', fetch: fake });
  assert.equal((await fetchAllSections({ client })).length, 1234);
  await fetchPeople(client);
  await client.request(readMe(ownAccountQuery()));
  assert.equal(seen.length, 1 + 3 + 1 + 1, 'a count, three pages of 500, the people, the own id');
  for (const request of seen) assert.equal(checkReaderRequest(request), null, JSON.stringify(request));
});
