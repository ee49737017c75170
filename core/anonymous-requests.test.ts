import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkAnonymousRequest } from './anonymous-requests.js';

test('anonymous requests to the utils and the system GraphQL are refused, in Russian, whatever the spelling', () => {
  for (const path of ['/utils/hash/generate', '/utils/hash/verify', '/UTILS/hash/generate', '//utils//hash/generate', '/utils', '/graphql/system']) {
    const refusal = checkAnonymousRequest(path);
    assert.equal(refusal?.status, 403, path);
    assert.match(refusal?.message ?? '', /Без входа в систему/);
  }
});

test('logging in, the ping and the site-facing doors are not this rule\'s business', () => {
  for (const path of ['/auth/login', '/auth/refresh', '/server/ping', '/items/sections', '/graphql', '/utilsx']) assert.equal(checkAnonymousRequest(path), null, path);
});
