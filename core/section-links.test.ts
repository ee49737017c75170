import { test } from 'node:test';
import assert from 'node:assert/strict';
import { markdownLinkTargets, parseSectionHref, rewriteMarkdownLinks, sectionHref } from './section-links.js';

test('section hrefs are /c/<code>/ with an optional anchor, and parse back', () => {
  assert.equal(sectionHref('02.01.03'), '/c/02.01.03/');
  assert.equal(sectionHref('02', 'ssh-klyuchi'), '/c/02/#ssh-klyuchi');
  assert.deepEqual(parseSectionHref('/c/02.01.03/'), { code: '02.01.03', anchor: null });
  assert.deepEqual(parseSectionHref('/c/02.01'), { code: '02.01', anchor: null });
  assert.deepEqual(parseSectionHref('/c/02/#ssh'), { code: '02', anchor: 'ssh' });
});

test('anything else is not a section link', () => {
  for (const href of ['/c/2.1/', '/c/02.01.03.04.05/', '../02-platform/README.md', 'https://tapbot.kz/c/02/', '/c/', '/02-infrastructure/']) {
    assert.equal(parseSectionHref(href), null, href);
  }
});

test('rewrites links, images and reference definitions, keeping everything else as written', () => {
  const text = [
    'См. [хостинг](./02-01-hosting/README.md "Хостинг") и ![схема](img/a.png).',
    '[ref]: ../02-platform/README.md',
    'Ссылка [внешняя](https://tapbot.kz) остаётся.',
  ].join('\n');
  const out = rewriteMarkdownLinks(text, (href) => (href.endsWith('.md') ? `/c/${href.startsWith('./') ? '02.01' : '02'}/` : null));
  assert.equal(
    out,
    [
      'См. [хостинг](/c/02.01/ "Хостинг") и ![схема](img/a.png).',
      '[ref]: /c/02/',
      'Ссылка [внешняя](https://tapbot.kz) остаётся.',
    ].join('\n'),
  );
});

test('leaves links inside fenced code and code spans alone', () => {
  const text = ['```md', '[a](x.md)', '```', 'Пример: `[b](y.md)`, а это [c](z.md).', '~~~', '[d](w.md)', '~~~'].join('\n');
  assert.deepEqual(markdownLinkTargets(text), ['z.md']);
  const out = rewriteMarkdownLinks(text, () => '/c/01/');
  assert.equal(out, ['```md', '[a](x.md)', '```', 'Пример: `[b](y.md)`, а это [c](/c/01/).', '~~~', '[d](w.md)', '~~~'].join('\n'));
});

test('a target with spaces is written in angle brackets', () => {
  assert.equal(rewriteMarkdownLinks('[x](a.md)', () => 'my file.md'), '[x](<my file.md>)');
  assert.equal(rewriteMarkdownLinks('[x](<my file.md>)', (href) => (href === 'my file.md' ? '/c/01/' : null)), '[x](/c/01/)');
});
