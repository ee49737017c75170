import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createBodyCache } from './body-cache.js';
import { renderMarkdown } from './render-markdown.js';

const BODY = '## Серверы\n\nСм. [сеть](/c/02.03/#rost) и [планы](/c/09.01/).';

test('a body is rendered once while its text and its link targets stay the same', () => {
  let renders = 0;
  const cache = createBodyCache((markdown, options) => {
    renders += 1;
    return renderMarkdown(markdown, options);
  });
  const paths: Record<string, string> = { '02.03': '/02-infra/02-03-set/' };
  const resolve = (code: string) => paths[code] ?? null;
  const first = cache.render(BODY, resolve);
  assert.equal(cache.render(BODY, resolve), first);
  assert.equal(renders, 1);
  assert.deepEqual({ hits: cache.stats.hits, misses: cache.stats.misses }, { hits: 1, misses: 1 });
  assert.equal(first.html, renderMarkdown(BODY, { resolveCode: resolve }).html, 'the cached HTML is what a fresh render gives');
});

test('a moved link target, or a code that starts to exist, renders the body again', () => {
  const cache = createBodyCache();
  const paths: Record<string, string> = { '02.03': '/02-infra/02-03-set/' };
  const resolve = (code: string) => paths[code] ?? null;
  const before = cache.render(BODY, resolve);
  assert.match(before.html, /href="\/02-infra\/02-03-set\/#rost"/);
  paths['02.03'] = '/04-integratsii/04-02-set/';
  const moved = cache.render(BODY, resolve);
  assert.match(moved.html, /href="\/04-integratsii\/04-02-set\/#rost"/, 'the link follows the move');
  assert.match(moved.html, /title="Раздел 09\.01 не найден"/);
  paths['09.01'] = '/09-plany/09-01-rost/';
  assert.match(cache.render(BODY, resolve).html, /href="\/09-plany\/09-01-rost\/"/, 'a link to a new section resolves');
  assert.equal(cache.stats.misses, 3);
});

test('a sweep forgets the bodies that the last publish did not render', () => {
  const cache = createBodyCache();
  const resolve = () => null;
  cache.render('первый', resolve);
  cache.render('второй', resolve);
  cache.sweep();
  cache.render('первый', resolve);
  cache.sweep();
  assert.equal(cache.stats.size, 1, 'only the body rendered since the previous sweep is kept');
  cache.render('первый', resolve);
  assert.equal(cache.stats.hits, 2);
});
