import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isArticlePart, parseSectionSource } from './section-source.js';

test('a source names the article file and, for a heading inside it, the anchor', () => {
  assert.deepEqual(parseSectionSource('./02-infra/02-01-servers/README.md'), { file: './02-infra/02-01-servers/README.md', anchor: null });
  assert.deepEqual(parseSectionSource('./02-infra/02-01-servers/README.md#02-01-01-osnovnoy-server'), {
    file: './02-infra/02-01-servers/README.md',
    anchor: '02-01-01-osnovnoy-server',
  });
  assert.deepEqual(parseSectionSource('./a.md#'), { file: './a.md', anchor: null });
  // Made in Directus, or a link the seed index pointed at elsewhere: not a catalog path.
  assert.equal(parseSectionSource(null), null);
  assert.equal(parseSectionSource('https://example.com/a.md'), null);
});

test('a numbered heading is a part of its parent only when both came from the same file', () => {
  const article = { source: './02-infra/02-01-servers/README.md' };
  assert.equal(isArticlePart({ source: './02-infra/02-01-servers/README.md#server-1' }, article), true);
  // Its own folder's article, not a heading of the parent's text.
  assert.equal(isArticlePart({ source: './02-infra/02-01-servers/02-01-01-main/README.md' }, article), false);
  // A heading of another article that its code placed under this section.
  assert.equal(isArticlePart({ source: './02-infra/README.md#02-01-01' }, article), false);
  assert.equal(isArticlePart({ source: null }, article), false);
  assert.equal(isArticlePart({ source: './02-infra/02-01-servers/README.md#x' }, null), false);
  assert.equal(isArticlePart({ source: './a.md#x' }, { source: './a.md#y' }), true);
});
