import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GUIDE_LINK_ID, moduleBarWithGuide } from './guide-link.js';

const GUIDE = 'https://docs.tapbot.kz/guide/';

test('Directus’s own bar: the "?" becomes the editors’ guide, in the same place, everything else kept', () => {
  const bar = moduleBarWithGuide(null, GUIDE);
  assert.deepEqual(bar.map((e) => e.id), ['content', 'visual', 'users', 'files', 'insights', 'deployments', GUIDE_LINK_ID, 'settings']);
  assert.deepEqual(bar.find((e) => e.id === GUIDE_LINK_ID), { type: 'link', id: GUIDE_LINK_ID, enabled: true, name: 'Руководство редактора', icon: 'help', url: GUIDE });
  assert.equal(bar.some((e) => e.url?.includes('docs.directus.io')), false);
});

test('a bar the admin arranged keeps its order; applying it again changes nothing; a moved site moves the link', () => {
  const arranged = [
    { type: 'module' as const, id: 'insights', enabled: true },
    { type: 'module' as const, id: 'content', enabled: true },
    { type: 'link' as const, id: 'grafana', enabled: true, name: 'Grafana', icon: 'monitoring', url: 'https://grafana.tapbot.kz' },
    { type: 'module' as const, id: 'settings', enabled: true, locked: true },
  ];
  const once = moduleBarWithGuide(arranged, GUIDE);
  assert.deepEqual(once.map((e) => e.id), ['insights', 'content', 'grafana', GUIDE_LINK_ID, 'settings']);
  assert.deepEqual(moduleBarWithGuide(once, GUIDE), once);
  const moved = moduleBarWithGuide(once, 'https://kb.tapbot.kz/guide/');
  assert.equal(moved.filter((e) => e.id === GUIDE_LINK_ID).length, 1);
  assert.equal(moved.find((e) => e.id === GUIDE_LINK_ID)?.url, 'https://kb.tapbot.kz/guide/');
});
