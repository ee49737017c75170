import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestCms, freePort, type TestCms } from '../support/test-cms.js';
import { buildSite, type BuildSiteResult } from '../../site/build/site-build.js';
import { STATUS_META, type SectionStatus } from '../../core/status.js';
import { activeContent, listFiles, parsePage, readOutputText } from './html-inspect.js';
import { DRAFT_BODY_SECRET, DRAFT_SUMMARY_SECRET, prepareSeedSite, REVIEW_BODY_SECRET, XSS_BODIES, XSS_TITLES, type SeedSite } from './site-fixture.js';

// The public site built from a real Directus loaded with the seed (plus owners, bodies, a move,
// drafts with text and hostile content), checked on the HTML a reader's browser would get.

interface ApiSection {
  id: string;
  code: string;
  title: string;
  status: SectionStatus;
  parent: string | null;
}

const SCRIPTED_PAGES = /^(status\/index\.html|search\/index\.html|404\.html|c\/[0-9.]+\/index\.html)$/;

describe('the public site built from the seed', { timeout: 600_000 }, () => {
  let cms: TestCms;
  let fixture: SeedSite;
  let tmp: string;
  let outDir: string;
  let result: BuildSiteResult;
  let sections: ApiSection[];
  let files: string[];
  const pages = new Map<string, string>();

  const page = async (path: string) => {
    const file = `${path.replace(/^\//, '')}index.html`;
    const cached = pages.get(file);
    if (cached !== undefined) return cached;
    const html = await readFile(join(outDir, file), 'utf8');
    pages.set(file, html);
    return html;
  };
  const pathOf = (code: string) => {
    const html = pages.get('status/index.html') ?? '';
    const row = new RegExp(`<td class="code">${code.replaceAll('.', '\\.')}</td>\\s*<td class="d\\d"><a href="([^"]+)"`).exec(html);
    assert.ok(row, `the status board lists ${code}`);
    return row[1] as string;
  };

  before(async () => {
    cms = await startTestCms();
    fixture = await prepareSeedSite(cms);
    tmp = await mkdtemp(join(tmpdir(), 'kb-site-'));
    outDir = join(tmp, 'dist');
    result = await buildSite({ directusUrl: cms.url, token: cms.siteReaderToken, outDir, siteUrl: 'https://docs.tapbot.kz', directusPublicUrl: 'https://dir.tapbot.kz' });
    const response = await cms.api('GET', '/items/sections?fields=id,code,title,status,parent&limit=-1&sort=code');
    sections = response.body.data;
    files = await listFiles(outDir);
    await page('/status/');
  });
  after(async () => {
    await cms?.destroy();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  test('every section has its page with its code, title, status and breadcrumbs', async () => {
    assert.ok(sections.length >= 189 + XSS_TITLES.length + XSS_BODIES.length, `seed and fixture sections: ${sections.length}`);
    assert.equal(result.sections, sections.length);
    const byId = new Map(sections.map((s) => [s.id, s]));
    for (const section of sections) {
      const html = await page(pathOf(section.code));
      const parsed = parsePage(html);
      assert.deepEqual(parsed.textOf({ tag: 'h1', id: 'section-title' }), [`${section.code} ${section.title}`], `h1 of ${section.code}`);
      const badge = parsed.textOf({ tag: 'span', className: `badge-${section.status}` })[0];
      assert.equal(badge, `${STATUS_META[section.status].emoji} ${STATUS_META[section.status].label}`, `status of ${section.code}`);
      const chain: string[] = [];
      for (let p = section.parent; p !== null; p = byId.get(p)?.parent ?? null) {
        const parent = byId.get(p) as ApiSection;
        chain.unshift(`${parent.code} ${parent.title}`);
      }
      const nav = /<nav class="breadcrumbs"[^>]*>[\s\S]*?<\/nav>/.exec(html)?.[0] ?? '';
      assert.deepEqual(parsePage(nav).textOf({ tag: 'li' }), ['Главная', ...chain, `${section.code} ${section.title}`], `breadcrumbs of ${section.code}`);
    }
  });

  test('a published section shows its body with a table of contents, highlighted code and resolved links', async () => {
    const html = await page(pathOf('02.02'));
    const parsed = parsePage(html);
    const toc = /<nav class="toc"[\s\S]*?<\/nav>/.exec(html)?.[0] ?? '';
    assert.deepEqual(parsePage(toc).textOf({ tag: 'a' }), ['Процессор', 'Память'], 'table of contents');
    assert.match(html, /<h2 id="protsessor">Процессор<\/h2>/);
    assert.match(html, /<code class="hljs language-bash">/);
    const links = parsed.elements.filter((e) => e.name === 'a').map((e) => e.attribs.href);
    // The body links to 02.01.04, which has moved: the link goes to its new page.
    assert.ok(links.includes(pathOf(fixture.moved.newCode)), `link to the moved section: ${links.join(' ')}`);
    assert.ok(links.includes(`${pathOf('02.03')}#rost`), 'link with an anchor');
    assert.ok(links.includes(`https://dir.tapbot.kz/admin/content/sections/${fixture.ids.get('02.02')}`), 'edit in Directus');
    assert.deepEqual(parsed.textOf({ tag: 'dd' }).slice(1, 2), ['Айгерим Сапарова'], 'owner');
    assert.ok(parsed.elements.some((e) => e.name === 'time'), 'last update');
    assert.ok(parsed.elements.some((e) => e.name === 'a' && e.attribs.rel === 'prev') && parsed.elements.some((e) => e.name === 'a' && e.attribs.rel === 'next'), 'previous/next');
    assert.match(parsed.textOf({ tag: 'section', className: 'children' })[0] ?? '', /02\.02\.01 CPU и вычислительная мощность ✅ Готово/);
  });

  test('a section that is only a container shows its contents instead of a placeholder; /sections/ is the whole tree', async () => {
    const parents = new Set(sections.map((s) => s.parent).filter((p): p is string => p !== null));
    const containers = sections.filter((s) => parents.has(s.id) && s.status !== 'published');
    assert.ok(containers.length >= 8, `the seed's unpublished chapters and groups: ${containers.length}`);
    for (const section of containers) {
      const parsed = parsePage(await page(pathOf(section.code)));
      assert.doesNotMatch(parsed.text, /ещё не опубликован/, `${section.code} is a container, not a missing text`);
      const contents = parsed.textOf({ tag: 'nav', className: 'section-contents' })[0] ?? '';
      for (const child of sections.filter((s) => s.parent === section.id)) assert.ok(contents.includes(`${child.code} ${child.title}`), `${section.code} lists ${child.code}`);
    }
    const leaf = sections.find((s) => !parents.has(s.id) && s.status === 'in_progress') as ApiSection;
    assert.match(parsePage(await page(pathOf(leaf.code))).text, /ещё не опубликован/, 'an unpublished leaf still says its text is not out yet');

    const tree = await page('/sections/');
    const parsed = parsePage(tree);
    assert.equal(parsed.elements.filter((e) => e.name === 'span' && /\bbadge\b/.test(e.attribs.class ?? '')).length, sections.length, 'every section with its status');
    assert.equal(parsed.elements.filter((e) => e.name === 'details').length, parents.size, 'each section with children folds');
    assert.equal(parsed.elements.filter((e) => e.name === 'details' && 'open' in e.attribs).length, sections.filter((s) => s.parent === null && parents.has(s.id)).length, 'chapters start open');
    assert.match(parsed.text, /Готово \d+ из \d+ \(\d+%\)/);
    assert.ok(parsePage(await page(pathOf('02.02'))).elements.some((e) => e.name === 'a' && e.attribs.href === '/sections/'), 'the header links «Разделы» to it');
  });

  test('search indexes the text, not the status, owner and dates around it', async () => {
    const html = await page(pathOf('02.02'));
    const body = /<div data-pagefind-body>[\s\S]*$/.exec(html)?.[0] ?? '';
    assert.match(body, /<dl class="section-meta" data-pagefind-ignore>/);
    assert.match(body, /data-pagefind-filter="owner">Айгерим Сапарова</);
    assert.match(body, /<dd data-pagefind-filter="status">/);
  });

  test('llms.txt, llms-full.txt and <page>/index.md give the bots every published text and no draft', async () => {
    const index = await readFile(join(outDir, 'llms.txt'), 'utf8');
    const full = await readFile(join(outDir, 'llms-full.txt'), 'utf8');
    const resources = await readFile(join(outDir, `${pathOf('02.02').slice(1)}index.md`), 'utf8');
    assert.ok(index.includes(`- [02.02 Resources](https://docs.tapbot.kz${pathOf('02.02')}index.md): Ресурсы серверов: процессор, память, сеть.`), index);
    assert.match(index, /^## 02 Infrastructure$/m);
    assert.match(resources, /^# 02\.02 Resources\n\n> Ресурсы серверов/);
    assert.ok(resources.includes('Наши серверы размещены у провайдера beget.com'));
    assert.ok(resources.includes(`[отдельном разделе](https://docs.tapbot.kz${pathOf(fixture.moved.newCode)})`), 'section links are absolute page addresses, after a move too');
    assert.ok(full.includes(resources), 'llms-full holds each page’s markdown');
    const published = sections.filter((s) => s.status === 'published');
    const order = published.map((s) => full.indexOf(`\n# ${s.code} ${s.title}\n`));
    assert.ok(order.every((at) => at >= 0), 'every published section is in llms-full');
    assert.deepEqual(order, [...order].sort((a, b) => a - b), 'in code order');
    assert.equal(files.filter((f) => f.endsWith('/index.md')).length, published.length, 'one markdown page per published section');
    for (const draft of ['02.01', '02.01.01']) {
      await assert.rejects(stat(join(outDir, `${pathOf(draft).slice(1)}index.md`)), `${draft} is not published and has no markdown page`);
      assert.ok(!index.includes(`[${draft} `), `${draft} is not a link in llms.txt`);
      assert.ok(!full.includes(`\n# ${draft} `), `${draft} is not in llms-full`);
    }
    for (const text of [index, full, resources]) {
      for (const secret of [DRAFT_BODY_SECRET, DRAFT_SUMMARY_SECRET, REVIEW_BODY_SECRET]) assert.ok(!text.toLowerCase().includes(secret), `${secret} leaked`);
    }
  });

  test('old and current codes redirect to the page, including the code before a move', async () => {
    for (const code of ['02.02', fixture.moved.oldCode, fixture.moved.newCode]) {
      const html = await readFile(join(outDir, 'c', code, 'index.html'), 'utf8');
      const target = code === '02.02' ? pathOf('02.02') : pathOf(fixture.moved.newCode);
      assert.ok(html.includes(`<meta http-equiv="refresh" content="0; url=${target}">`), `redirect of ${code}: ${html}`);
    }
  });

  test('no text of a non-published section appears anywhere in the output, search index included', async () => {
    let checked = 0;
    for (const file of files) {
      if (!/\.(html|xml|txt|md|json|pf_fragment|pf_meta|pf_index|pf_filter)$/.test(file)) continue;
      const text = (await readOutputText(outDir, file)).toLowerCase();
      for (const secret of [DRAFT_BODY_SECRET, DRAFT_SUMMARY_SECRET, REVIEW_BODY_SECRET]) assert.ok(!text.includes(secret), `${secret} leaked into ${file}`);
      checked += 1;
    }
    assert.ok(files.some((f) => f.endsWith('.pf_fragment')), 'the search index was written');
    assert.ok(checked > 400, `files checked: ${checked}`);
    const draft = parsePage(await page(pathOf('02.01.01')));
    assert.match(draft.textOf({ tag: 'p', className: 'placeholder' })[0] ?? '', /На проверке: текст раздела ещё не опубликован/);
    // 02.01 has draft text and children: it reads as its contents, saying it has no published text.
    const container = parsePage(await page(pathOf('02.01')));
    assert.match(container.textOf({ tag: 'nav', className: 'section-contents' })[0] ?? '', /своего опубликованного текста у раздела нет[\s\S]*02\.01\.01/);
    // The published section's body is in the index, so the check above is not vacuous.
    const fragments = await Promise.all(files.filter((f) => f.endsWith('.pf_fragment')).map((f) => readOutputText(outDir, f)));
    assert.ok(fragments.some((f) => f.includes('Наши серверы размещены')), 'published text is indexed');
  });

  test(`${XSS_TITLES.length} hostile titles and ${XSS_BODIES.length} hostile bodies come out inert on every page`, async () => {
    const htmlFiles = files.filter((f) => f.endsWith('.html'));
    // Old paths' redirect pages carry the same one line of script as the code redirects.
    const oldPaths = JSON.parse(await readFile(join(outDir, 'old-paths.json'), 'utf8')) as Record<string, string>;
    const redirectPages = new Set(Object.keys(oldPaths).map((path) => `${path.slice(1)}index.html`));
    for (const file of htmlFiles) {
      const html = pages.get(file) ?? (await readFile(join(outDir, file), 'utf8'));
      const problems = activeContent(parsePage(html), { scriptsAllowed: SCRIPTED_PAGES.test(file) || redirectPages.has(file) });
      assert.deepEqual(problems, [], `${file} has active content`);
    }
    for (const [i, title] of XSS_TITLES.entries()) {
      const code = fixture.xssCodes[i] as string;
      const parsed = parsePage(await page(pathOf(code)));
      assert.deepEqual(parsed.textOf({ tag: 'h1', id: 'section-title' }), [`${code} ${title}`], 'the title is shown as text');
    }
    const encoded = parsePage(await page(pathOf(fixture.xssCodes[XSS_TITLES.length + 8] as string)));
    assert.deepEqual(encoded.textOf({ tag: 'div', className: 'prose' }), ['сущности'], 'the text of a stripped link stays');
  });

  test('section pages weigh under 40 KB with their CSS and carry no JavaScript', async () => {
    const css = files.filter((f) => f.endsWith('.css') && f.startsWith('_astro/'));
    for (const code of ['02.02', '01', fixture.xssCodes[0] as string]) {
      const html = await page(pathOf(code));
      const stylesheets = [...html.matchAll(/<link rel="stylesheet" href="\/([^"]+)"/g)].map((m) => m[1] as string);
      assert.ok(stylesheets.every((s) => css.includes(s)), 'stylesheets exist');
      let bytes = Buffer.byteLength(html);
      for (const sheet of stylesheets) bytes += (await stat(join(outDir, sheet))).size;
      assert.ok(bytes < 40 * 1024, `${code}: ${bytes} bytes`);
      assert.equal(parsePage(html).scripts.length, 0, `${code} has no script`);
      assert.match(html, /^<!DOCTYPE html><html lang="ru">/);
    }
  });

  test('home, board, owners, guide, search, 404, sitemap and RSS are there and in Russian', async () => {
    const home = parsePage(await readFile(join(outDir, 'index.html'), 'utf8'));
    assert.match(home.text, /Готово \d+ из \d+ \(\d+%\)/);
    assert.ok(home.textOf({ tag: 'h3' }).some((t) => t.includes('02 Infrastructure')), 'chapters on the home page');
    assert.ok(home.elements.some((e) => e.name === 'main') && home.elements.some((e) => e.name === 'header') && home.elements.some((e) => e.name === 'footer'), 'landmarks');
    const board = parsePage(await page('/status/'));
    assert.equal(board.elements.filter((e) => e.name === 'tr' && e.attribs['data-status']).length, sections.length);
    const inProgress = parsePage(await page('/status/status/in_progress/'));
    assert.equal(inProgress.elements.filter((e) => e.name === 'tr' && e.attribs['data-status']).length, sections.filter((s) => s.status === 'in_progress').length);
    assert.equal(inProgress.scripts.length, 0, 'filtered pages work without script');
    const owner = parsePage(await page('/owners/aygerim-saparova/'));
    assert.deepEqual(owner.textOf({ tag: 'h1' }), ['Айгерим Сапарова']);
    assert.ok(owner.text.includes('02.02 Resources'));
    const guide = await page('/guide/');
    assert.match(guide, /Руководство редактора/);
    assert.match(guide, /badge-review/);
    assert.match(await readFile(join(outDir, '404.html'), 'utf8'), /Страница не найдена/);
    const sitemap = await readFile(join(outDir, 'sitemap.xml'), 'utf8');
    assert.ok(sitemap.includes(`<loc>https://docs.tapbot.kz${pathOf('02.02')}</loc>`));
    assert.equal((sitemap.match(/<url>/g) ?? []).length >= sections.length, true);
    const rss = await readFile(join(outDir, 'rss.xml'), 'utf8');
    assert.ok(rss.includes('<title>02.02 Resources</title>'));
    assert.ok(!rss.includes('02.01 Servers'), 'drafts are not in the feed');
    assert.ok(rss.includes('&lt;script&gt;alert(&quot;t1&quot;)&lt;/script&gt;'), 'titles are escaped in the feed');
    assert.ok(files.includes('pagefind/pagefind.js'));
  });

  test('a failed build names its cause and leaves the published site untouched', async () => {
    const before = await readFile(join(outDir, 'index.html'), 'utf8');
    const settings = { outDir, siteUrl: 'https://docs.tapbot.kz', directusPublicUrl: 'https://dir.tapbot.kz' };
    await assert.rejects(buildSite({ ...settings, directusUrl: cms.url, token: 'wrong-token-wrong-token-wrong' }), /SITE_READER_TOKEN/);
    const closed = `http://127.0.0.1:${await freePort()}`;
    await assert.rejects(buildSite({ ...settings, directusUrl: closed, token: cms.siteReaderToken }), new RegExp(`is Directus running at ${closed}`));

    const broken = fixture.ids.get('03.01') as string;
    const response = await cms.api('PATCH', `/items/sections/${broken}`, { body: { status: 'finished' } });
    assert.equal(response.status, 200, JSON.stringify(response.body));
    try {
      await assert.rejects(buildSite({ ...settings, directusUrl: cms.url, token: cms.siteReaderToken }), /malformed .*code 03\.01\b[\s\S]*status/);
    } finally {
      await cms.api('PATCH', `/items/sections/${broken}`, { body: { status: 'in_progress' } });
    }
    assert.equal(await readFile(join(outDir, 'index.html'), 'utf8'), before, 'the site in outDir is the last good one');
    const leftovers = (await listFiles(tmp)).filter((f) => !f.startsWith('dist/'));
    assert.deepEqual(leftovers, [], 'no staging folders are left behind');
  });
});
