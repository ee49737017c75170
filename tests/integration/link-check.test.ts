import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSite } from '../../site/build/site-build.js';
import type { BrokenLink } from '../../core/link-check.js';
import type { LinksReport } from '../../content/report/links.js';
import type { PublisherStatus } from '../../publishing/publisher.js';
import { runCli } from '../support/run-cli.js';
import { sectionPagePath, startPublishingStack, type PublishingStack } from '../support/publishing-stack.js';
import type { TestCms, TestUser } from '../support/test-cms.js';
import { PANEL } from '../../core/fixed-ids.js';

// A body with a broken link and a broken anchor, in a real Directus: the static build's output,
// the publisher's /status and `npm run report -- --links` name them with section and line; once
// the text is repaired, all three say there are none, and the anchor works on the served page.

let stack: PublishingStack;
let cms: TestCms;
let tmp: string;
const codes = { chapter: '', servers: '', network: '', deploy: '' };
let deployId = '';
let cto: TestUser;

interface DashboardRow {
  code: string;
  title: string;
  line: number;
  target: string;
  reason: string;
  why: string;
}

/** The dashboard's rows as the CTO reads them, once the hook's debounced roll-up shows `count` of them. */
async function dashboardRows(count: number): Promise<DashboardRow[]> {
  for (let i = 0; ; i++) {
    const response = await cms.api('GET', '/items/broken_links?fields=code,title,line,target,reason,why&sort=sort&limit=-1', { token: cto.token });
    assert.equal(response.status, 200, JSON.stringify(response.body));
    const rows = response.body.data as DashboardRow[];
    if (rows.length === count || i > 100) return rows;
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function create(body: Record<string, unknown>): Promise<{ id: string; code: string }> {
  const response = await cms.api('POST', '/items/sections', { body });
  assert.equal(response.status, 200, JSON.stringify(response.body));
  return response.body.data as { id: string; code: string };
}

const deployBody = (networkLink: string, rollbackHeading: boolean) =>
  [
    '## Порядок выкладки',
    '',
    `Перед выкладкой проверьте [доступ к серверам](/c/${codes.servers}/#Подключение-по-SSH) и [сеть](${networkLink}).`,
    '',
    'Если что-то пошло не так — [откат](#Откат-релиза).',
    '',
    '```bash',
    `docker compose pull && docker compose up -d  # [не ссылка](/c/99.99/)`,
    '```',
    '',
    'Ссылка в коде строки не проверяется: `[пример](/c/98.98/)`.',
    ...(rollbackHeading ? ['', '## Откат релиза', '', '`docker compose up -d --force-recreate`'] : []),
  ].join('\n');

before(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'kb-links-'));
  stack = await startPublishingStack({
    fill: async (filled) => {
      cms = filled;
      cto = await cms.createUser('cto', 'Кадырхан Директор');
      const chapter = await create({ title: 'Инфраструктура', status: 'published', body: 'Серверы, сеть и выкладка.' });
      codes.chapter = chapter.code;
      const servers = await create({ parent: chapter.id, title: 'Серверы', status: 'published', body: '## Подключение по SSH\n\nКлючи выдаёт CTO.\n\n## Резервные копии\n\nКаждую ночь.' });
      codes.servers = servers.code;
      const network = await create({ parent: chapter.id, title: 'Сеть', status: 'planned' });
      codes.network = network.code;
      const deploy = await create({ parent: chapter.id, title: 'Выкладка', status: 'published', body: 'пока пусто' });
      codes.deploy = deploy.code;
      deployId = deploy.id;
      const patched = await cms.api('PATCH', `/items/sections/${deployId}`, { body: { body: deployBody(`/c/${codes.chapter}.09/`, false) } });
      assert.equal(patched.status, 200, JSON.stringify(patched.body));
    },
  });
  cms = stack.cms;
});

after(async () => {
  await stack?.destroy();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

const brief = (links: readonly BrokenLink[] | null | undefined) => (links ?? []).map((l) => [l.code, l.line, l.target, l.reason]);

async function staticBuild(name: string): Promise<{ lines: string[]; links: BrokenLink[] }> {
  const lines: string[] = [];
  const result = await buildSite({ directusUrl: cms.url, token: cms.siteReaderToken, outDir: join(tmp, name), siteUrl: 'https://docs.tapbot.kz', directusPublicUrl: 'https://dir.tapbot.kz', log: (line) => lines.push(line) });
  return { lines, links: result.brokenLinks };
}

async function publisherStatus(): Promise<PublisherStatus> {
  return (await (await fetch(`${stack.publishing.server.url}/status`)).json()) as PublisherStatus;
}

const report = (args: string[]) => runCli(cms, 'scripts/report.ts', ['--links', ...args]);

test('a broken link and a broken anchor are listed with section, line and target by the build, /status and report --links; fixed, all three are empty', { timeout: 600_000 }, async () => {
  const expected = [
    [codes.deploy, 3, `/c/${codes.chapter}.09/`, 'no-section'],
    [codes.deploy, 5, '#Откат-релиза', 'no-anchor'],
  ];

  const built = await staticBuild('before');
  assert.deepEqual(brief(built.links), expected);
  const output = built.lines.join('\n');
  assert.match(output, /Broken links: 2 \(the site is built regardless/);
  assert.ok(output.includes(`  ${codes.deploy} «Выкладка», строка 3: /c/${codes.chapter}.09/ — нет раздела с таким кодом`), output);
  assert.ok(output.includes(`  ${codes.deploy} «Выкладка», строка 5: #Откат-релиза — в разделе ${codes.deploy} нет заголовка с таким якорем`), output);

  const status = await publisherStatus();
  assert.equal(status.lastBuild?.result, 'success', status.lastBuild?.error ?? '');
  assert.deepEqual(brief(status.lastBuild?.brokenLinks), expected, 'the publisher\'s build lists the same links');
  assert.deepEqual(brief(status.brokenLinks), expected);
  assert.equal(status.brokenLinks?.[0]?.title, 'Выкладка');

  const text = await report([]);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /^Битые внутренние ссылки: 2 \(проверены тексты 3 опубликованных разделов\)/);
  assert.match(text.stdout, new RegExp(`\\n${codes.deploy.replaceAll('.', '\\.')}\\s+Выкладка\\s+3\\s+/c/${codes.chapter}\\.09/\\s+нет раздела с таким кодом`));
  assert.match(text.stdout, /\s5\s+#Откат-релиза\s+в разделе/);
  const json = await report(['--json']);
  assert.equal(json.code, 0, json.stderr);
  assert.deepEqual(brief((JSON.parse(json.stdout) as LinksReport).brokenLinks), expected);

  // The CTO's dashboard: the hook's roll-up by the same check, and its two panels.
  const rows = await dashboardRows(2);
  assert.deepEqual(rows.map((r) => [r.code, r.line, r.target, r.reason]), expected);
  assert.equal(rows[0]?.why, 'нет раздела с таким кодом');
  assert.equal(rows[0]?.title, 'Выкладка');
  const panels = await cms.api('GET', `/panels?filter[id][_in]=${PANEL.brokenLinksCount},${PANEL.brokenLinks}&fields=id,name,options`, { token: cto.token });
  assert.equal(panels.status, 200, JSON.stringify(panels.body));
  assert.deepEqual((panels.body.data as { name: string }[]).map((p) => p.name).sort(), ['Битые ссылки', 'Битые ссылки: где и куда']);

  // The served page: the working Cyrillic anchor points at the heading's transliterated id.
  const deployPath = await sectionPagePath(cms, codes.deploy);
  const serversPath = await sectionPagePath(cms, codes.servers);
  const served = await (await fetch(`${stack.site.url}${deployPath}`)).text();
  assert.ok(served.includes(`href="${serversPath}#podklyuchenie-po-ssh"`), 'the link goes to the heading\'s id');
  const serversPage = await (await fetch(`${stack.site.url}${serversPath}`)).text();
  assert.match(serversPage, /<h2 id="podklyuchenie-po-ssh">Подключение по SSH<\/h2>/);

  // Repaired: the link names an existing section, the anchor's heading is written.
  const before = status.lastSuccess?.release;
  const fixed = await cms.api('PATCH', `/items/sections/${deployId}`, { body: { body: deployBody(`/c/${codes.network}/`, true) } });
  assert.equal(fixed.status, 200, JSON.stringify(fixed.body));
  const deadline = Date.now() + 120_000;
  let after = await publisherStatus();
  while (after.lastSuccess?.release === before || after.state !== 'idle') {
    assert.ok(Date.now() < deadline, 'the repair is published');
    await new Promise((r) => setTimeout(r, 200));
    after = await publisherStatus();
  }
  assert.deepEqual(after.brokenLinks, []);
  assert.deepEqual(after.lastBuild?.brokenLinks, []);
  assert.deepEqual(await dashboardRows(0), [], 'the dashboard lists none');

  const rebuilt = await staticBuild('after');
  assert.deepEqual(rebuilt.links, []);
  assert.ok(rebuilt.lines.includes('Links: every internal link and anchor leads to a page.'), rebuilt.lines.join('\n'));
  const clean = await report([]);
  assert.equal(clean.code, 0, clean.stderr);
  assert.match(clean.stdout, /^Битые внутренние ссылки: 0 .*\n {2}нет: все ссылки и якоря ведут на страницы сайта/);
  assert.deepEqual((JSON.parse((await report(['--json'])).stdout) as LinksReport).brokenLinks, []);

  const html = await readFile(join(tmp, 'after', `${deployPath.slice(1)}index.html`), 'utf8');
  assert.ok(html.includes('href="#otkat-reliza"') && html.includes('id="otkat-reliza"'), 'the repaired anchor and its heading agree');
});
