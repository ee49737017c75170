import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderMarkdown } from './render-markdown.js';
import { anchorFor, headingAnchors } from '../../../core/heading-anchors.js';

const paths: Record<string, string> = { '02.01': '/02-infrastructure/02-01-servers/' };
const render = (markdown: string) => renderMarkdown(markdown, { resolveCode: (code) => paths[code] ?? null });

test('headings get transliterated, unique anchors and make the table of contents', () => {
  const { html, toc } = render('# Раздел\n\n## Подробности\n\n### Ёмкость и «рост»\n\n## Подробности');
  assert.match(html, /<h2 id="podrobnosti">Подробности<\/h2>/);
  assert.match(html, /<h3 id="yomkost-i-rost">Ёмкость и «рост»<\/h3>/);
  assert.match(html, /<h2 id="podrobnosti-2">/);
  assert.deepEqual(toc, [
    { depth: 2, id: 'podrobnosti', text: 'Подробности' },
    { depth: 3, id: 'yomkost-i-rost', text: 'Ёмкость и «рост»' },
    { depth: 2, id: 'podrobnosti-2', text: 'Подробности' },
  ]);
});

test('links between sections go to the page, Cyrillic anchors included; unknown codes are marked', () => {
  const { html } = render('[a](/c/02.01/) [b](/c/02.01/#Подробности) [c](/c/09.09/) [d](#Ёмкость)');
  assert.match(html, /<a href="\/02-infrastructure\/02-01-servers\/">a<\/a>/);
  assert.match(html, /<a href="\/02-infrastructure\/02-01-servers\/#podrobnosti">b<\/a>/);
  assert.match(html, /<a href="\/c\/09.09\/" title="Раздел 09.09 не найден">c<\/a>/);
  assert.match(html, /<a href="#yomkost">d<\/a>/);
  assert.equal(anchorFor('%D0%A1%D0%B5%D1%82%D1%8C'), 'set');
});

test('code blocks are highlighted and their text stays escaped', () => {
  const { html } = render('```ts\nconst a = "<b>" && 1 < 2;\n```\n\n```\n<script>alert(1)</script>\n```');
  assert.match(html, /<code class="hljs language-ts"><span class="hljs-keyword">const<\/span>/);
  assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  assert.doesNotMatch(html, /<script>/);
});

test('script, handlers, frames and dangerous URLs are removed; ordinary markup stays', () => {
  const { html } = render(
    [
      '<script>alert(1)</script>',
      '',
      '<img src="x.png" onerror="alert(2)"> [js](javascript:alert(3)) [ok](https://tapbot.kz) <iframe src="https://e.x"></iframe>',
      '',
      '| a | b |\n|---|---|\n| 1 | 2 |',
      '',
      '- [x] готово',
    ].join('\n'),
  );
  assert.doesNotMatch(html, /<script|onerror|javascript:|<iframe/i);
  assert.match(html, /<img src="x.png" loading="lazy" \/>/);
  assert.match(html, /<a href="https:\/\/tapbot.kz" rel="noopener nofollow">ok<\/a>/);
  assert.match(html, /<table>/);
  assert.ok(html.includes('<li><input checked disabled type="checkbox" /> готово</li>'), 'task lists stay, as disabled checkboxes');
});

test('the ids the page gets are the anchors the link checker expects, and site paths with anchors point at them', () => {
  const body = '# Серверы\n\n## 02.01.1 Подключение по `SSH`\n\n> ### В цитате **жирно**\n\n## Подробности\n\n## Подробности\n\n[x](../02-02-set/#Маршрутизация) [y](https://e.x/#Якорь)';
  const { html, anchors } = render(body);
  assert.deepEqual(anchors, headingAnchors(body));
  for (const id of anchors) assert.ok(html.includes(` id="${id}"`), id);
  assert.match(html, /<a href="\.\.\/02-02-set\/#marshrutizatsiya">x<\/a>/);
  assert.match(html, /href="https:\/\/e\.x\/#%D0%AF/, "external anchors stay as written");
});
