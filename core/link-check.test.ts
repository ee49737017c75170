import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkLinks, checkSectionLinks, describeBrokenLink, type LinkCheckPage } from './link-check.js';
import { headingAnchors } from './heading-anchors.js';

// Bodies shaped like the team's imported articles: Cyrillic numbered headings, /c/ links made by
// the import, relative links it could not resolve, docker-compose and shell blocks.

const servers: LinkCheckPage = {
  code: '02.01',
  title: 'Серверы',
  path: '/02-infrastruktura/02-01-servery/',
  previousCodes: ['03.04'],
  body: [
    '# Серверы',
    '',
    '## 02.01.1 Подключение по SSH',
    '',
    'Ключи выдаёт CTO. Сеть описана в [разделе о сети](/c/02.02/#Маршрутизация) и [ниже](#Резервные-копии).',
    '',
    '## Резервные копии',
    '',
    '```yaml',
    'services:',
    '  backup:',
    '    image: restic/restic # [не ссылка](/c/99.99/)',
    '```',
    '',
    'Пример ссылки в тексте: `[x](/c/77.77/)` — это код, не ссылка.',
    '',
    '## Резервные копии',
  ].join('\n'),
};

const network: LinkCheckPage = {
  code: '02.02',
  title: 'Сеть',
  path: '/02-infrastruktura/02-02-set/',
  body: ['## Маршрутизация', '', 'Сервер: [серверы](../02-01-servery/#02-01-1-podklyuchenie-po-ssh), [главная](/c/02/), [статус](/status/).'].join('\n'),
};

const chapter: LinkCheckPage = { code: '02', title: 'Инфраструктура', path: '/02-infrastruktura/', body: '' };
const planned: LinkCheckPage = { code: '02.03', title: 'Мониторинг', path: '/02-infrastruktura/02-03-monitoring/', body: null };

test('the renderer’s heading ids and the checker’s anchors are one function: Cyrillic, numbered, repeated', () => {
  assert.deepEqual(headingAnchors(servers.body ?? ''), ['servery', '02-01-1-podklyuchenie-po-ssh', 'rezervnye-kopii', 'rezervnye-kopii-2']);
  assert.deepEqual(headingAnchors('> ## В цитате\n\n- ## В списке\n\n```\n## не заголовок\n```'), ['v-tsitate', 'v-spiske']);
});

test('links that work are not reported: /c/ codes, old codes, Cyrillic and percent-encoded anchors, relative paths, other site pages', () => {
  const ok: LinkCheckPage = {
    code: '02.04',
    title: 'Доступы',
    path: '/02-infrastruktura/02-04-dostupy/',
    body: [
      '[a](/c/02.01/) [b](/c/02.01/#02.01.1-Подключение-по-SSH) [c](/c/03.04/#rezervnye-kopii-2)',
      '[d](/c/02.02/#%D0%9C%D0%B0%D1%80%D1%88%D1%80%D1%83%D1%82%D0%B8%D0%B7%D0%B0%D1%86%D0%B8%D1%8F)',
      '[e](../02-02-set/) [f](/02-infrastruktura/02-01-servery/#Резервные-копии) [g](/owners/ne-naznachen/)',
      '[h](/c/02.03/) [i](https://github.com/tapbot/infra#readme) [j](mailto:cto@tapbot.kz) [k](//cdn.tapbot.kz/x)',
      '![схема](./schema.png) [l](../)',
    ].join('\n'),
  };
  assert.deepEqual(checkLinks({ pages: [chapter, servers, network, planned, ok], otherPaths: ['/owners/ne-naznachen/', '/status/'] }), []);
});

test('broken links and anchors are listed with the section, the line and the target as written', () => {
  const broken: LinkCheckPage = {
    code: '06.06',
    title: 'Деплой',
    path: '/06-ekspluatatsiya/06-06-deploy/',
    body: [
      '## Порядок',
      '',
      'См. [серверы](/c/02.01/#Подключение) и [старый раздел](/c/09.09/).',
      '[сборка](../06-05-sborka/README.md), [глава](../_index.md), [тут](#Откат)',
      '',
      '```sh',
      'curl https://tapbot.kz/c/55.55/ # [x](/c/55.55/)',
      '```',
      '[мониторинг](/c/02.03/#Алерты) [мониторинг](/c/02.03/)',
      '',
      '[ref]: /c/10.01/',
    ].join('\n'),
  };
  const found = checkLinks({ pages: [chapter, servers, network, planned, broken], otherPaths: ['/status/'] });
  assert.deepEqual(
    found.map((l) => [l.code, l.line, l.target, l.reason, l.targetCode]),
    [
      ['06.06', 3, '/c/02.01/#Подключение', 'no-anchor', '02.01'],
      ['06.06', 3, '/c/09.09/', 'no-section', null],
      ['06.06', 4, '../06-05-sborka/README.md', 'no-page', null],
      ['06.06', 4, '../_index.md', 'no-page', null],
      ['06.06', 4, '#Откат', 'no-anchor', '06.06'],
      ['06.06', 9, '/c/02.03/#Алерты', 'unpublished', '02.03'],
      ['06.06', 11, '/c/10.01/', 'no-section', null],
    ],
  );
  assert.equal(describeBrokenLink(found[0] as (typeof found)[number]), '06.06 «Деплой», строка 3: /c/02.01/#Подключение — в разделе 02.01 нет заголовка с таким якорем');
  assert.equal(describeBrokenLink(found[1] as (typeof found)[number]), '06.06 «Деплой», строка 3: /c/09.09/ — нет раздела с таким кодом');
});

test('an unpublished body is not checked, and the anchors given by the renderer are the ones used', () => {
  const draft: LinkCheckPage = { ...planned, body: null };
  const withAnchors: LinkCheckPage = { ...network, body: '## Маршрутизация', anchors: ['only-this'] };
  const from: LinkCheckPage = { code: '02.05', title: 'x', path: '/02-infrastruktura/02-05-x/', body: '[a](/c/02.02/#only-this) [b](/c/02.02/#marshrutizatsiya)' };
  assert.deepEqual(
    checkLinks({ pages: [draft, withAnchors, from] }).map((l) => l.target),
    ['/c/02.02/#marshrutizatsiya'],
  );
});

test('old addresses the site redirects are links that work: previous paths, catalog paths, the catalog’s README.md links', () => {
  const chapterId = '10000000-0000-4000-8000-000000000001';
  const records = [
    { id: chapterId, parent: null, code: '06', title: 'Эксплуатация', slug: null, status: 'published', body: '', previous_codes: null, previous_paths: null, source: null },
    {
      id: '10000000-0000-4000-8000-000000000002', parent: chapterId, code: '06.06', title: 'Мониторинг', slug: null, status: 'published',
      body: '## Алерты\n\nТекст.', previous_codes: null, previous_paths: ['/06-ekspluatatsiya/06-06-nablyudenie/'], source: './06-operations/06-06-monitoring/README.md',
    },
    {
      id: '10000000-0000-4000-8000-000000000003', parent: chapterId, code: '06.07', title: 'Ссылки', slug: null, status: 'published',
      body: ['[a](/06-operations/06-06-monitoring/#Алерты) [b](/06-ekspluatatsiya/06-06-nablyudenie/)', '[c](../../06-operations/06-06-monitoring/README.md) [d](/06-operations/06-09-net/README.md)'].join('\n'),
      previous_codes: null, previous_paths: null, source: null,
    },
  ];
  assert.deepEqual(checkSectionLinks(records).map((l) => [l.line, l.target, l.reason]), [[2, '/06-operations/06-09-net/README.md', 'no-page']]);
});
