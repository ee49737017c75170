import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTree } from './tree.js';
import { pagePaths, servablePath, sourcePagePath, subtreePaths } from './page-path.js';

const item = (id: string, parent: string | null, code: string | null, title: string, slug: string | null = null) => ({ id, parent, code, title, slug });

test('a page path is the chain of code-and-slug segments, slugs unique among siblings in code order', () => {
  const tree = buildTree([
    item('ops', null, '06', 'Эксплуатация', 'operations'),
    item('mon', 'ops', '06.06', 'Мониторинг'),
    item('alerts', 'mon', '06.06.01', 'Оповещения', 'alerts'),
    item('twin', 'ops', '06.07', 'Мониторинг'),
    item('uncoded', 'ops', null, 'Без кода'),
  ]);
  const paths = pagePaths(tree);
  assert.equal(paths.get('mon')?.path, '/06-operations/06-06-monitoring/');
  assert.equal(paths.get('alerts')?.path, '/06-operations/06-06-monitoring/06-06-01-alerts/');
  assert.deepEqual(paths.get('twin'), { slug: 'monitoring-2', path: '/06-operations/06-07-monitoring-2/' });
  assert.equal(paths.has('uncoded'), false, 'a section without a code has no page');
  assert.deepEqual([...subtreePaths(tree, 'mon').keys()], ['mon', 'alerts']);
});

test('an imported article’s catalog address is its folder, or its file without .md', () => {
  assert.equal(sourcePagePath('./06-operations/06-06-monitoring/README.md'), '/06-operations/06-06-monitoring/');
  assert.equal(sourcePagePath('./02-x/02-01-y.md'), '/02-x/02-01-y/');
  assert.equal(sourcePagePath('./02-infra/_index.md'), '/02-infra/');
  assert.equal(sourcePagePath('./02-infra/02-01-servers/README.md#02-01-01-osnovnoy-server'), null, 'a heading inside an article had no address');
  assert.equal(sourcePagePath('./README.md'), null, 'the catalog root is the home page');
  assert.equal(sourcePagePath('https://example.com/a.md'), null);
  assert.equal(sourcePagePath('./02-x/схема.png'), null);
  assert.equal(sourcePagePath('./02 x/Заметки.md'), null, 'not a clean URL: not kept');
});

test('only paths the site can serve without taking its own folders', () => {
  assert.equal(servablePath('/02-x/02-01-y'), '/02-x/02-01-y/');
  for (const path of ['/', '/c/02/', '/status/', '/pagefind/x/', '/02/../etc/', 'relative/', '/a/index.html/', '/a b/']) assert.equal(servablePath(path), null, path);
});
