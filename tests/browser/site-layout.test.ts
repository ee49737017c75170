import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { chromiumSkipReason, launchBrowser } from '../support/browser.js';
import { startTestCms, type TestCms } from '../support/test-cms.js';
import { buildSite } from '../../site/build/site-build.js';
import { repoRoot } from '../../platform/paths.js';
import { serveDir, type ServedDir } from '../site/serve-dir.js';

// The article layout measured in Chromium on pages shaped like the team's real ones: a page with
// no sub-headings holding a long docker-compose line and a 12-column table, a page with a table of
// contents, and a long Russian article. Screenshots go to test-results/site-layout-*.png.

const resultsDir = join(repoRoot, 'test-results');
const WIDTHS = [1440, 390] as const;
/** `.prose { max-width: 46rem }` at 16px: the reading width when the column is wide enough. */
const READING_WIDTH = 46 * 16;

const COMPOSE_LINE =
  '    command: ["directus", "bootstrap", "--skipAdminInit"] && npx directus database migrate:latest && npx directus schema apply --yes /directus/snapshots/production-snapshot-2025-09-01.yaml && pm2-runtime start ecosystem.config.cjs';

const WIDE_TABLE = [
  '| Сервис | Контейнер | Образ | Порт | Протокол | Сеть | Том | Память | Процессор | Реплики | Перезапуск | Ответственный |',
  '|---|---|---|---|---|---|---|---|---|---|---|---|',
  '| Directus | tapbot-directus | directus/directus:11.17.4 | 8055 | HTTP | backend | directus-uploads | 1024 МБ | 1.5 ядра | 2 | unless-stopped | Кадырхан |',
  '| PostgreSQL | tapbot-postgres | postgres:16-alpine | 5432 | TCP | backend | postgres-data | 2048 МБ | 2 ядра | 1 | always | Айгерим |',
  '| Redis | tapbot-redis | redis:7.4-alpine | 6379 | TCP | backend | redis-data | 256 МБ | 0.5 ядра | 1 | always | Кадырхан |',
].join('\n');

const PARAGRAPH =
  'Бот принимает заявку клиента в мессенджере, уточняет недостающие данные и передаёт её в CRM; если менеджер не ответил за пятнадцать минут, заявка возвращается в общую очередь и получает повышенный приоритет, а клиенту уходит короткое сообщение о том, что его обращение не потеряно.';

const PAGES = {
  compose: {
    title: 'Docker Compose на основном сервере',
    body: [
      'Все сервисы запускаются одной командой из каталога `/srv/tapbot`.',
      '',
      '```yaml',
      'services:',
      '  directus:',
      '    image: directus/directus:11.17.4',
      COMPOSE_LINE,
      '```',
      '',
      WIDE_TABLE,
      '',
      'После изменения файла сервисы перезапускаются командой `docker compose up -d`.',
    ].join('\n'),
  },
  toc: {
    title: 'Мониторинг и оповещения',
    body: ['## Метрики', '', PARAGRAPH, '', '## Оповещения', '', PARAGRAPH, '', '### Дежурства', '', PARAGRAPH, '', '## Журналы', '', PARAGRAPH].join('\n'),
  },
  long: {
    title: 'Обработка заявок',
    body: [PARAGRAPH, '## Как это устроено', ...Array.from({ length: 12 }, () => PARAGRAPH)].join('\n\n'),
  },
} as const;

type PageName = keyof typeof PAGES;

interface Layout {
  viewport: number;
  documentScroll: number;
  readingWidth: number;
  prose: { left: number; right: number; width: number };
  blocks: { tag: string; left: number; right: number; scrollWidth: number; clientWidth: number }[];
}

/** Widths of the page, the body column and every code block and table in it. */
async function measure(page: Page): Promise<Layout> {
  return page.evaluate((readingWidth) => {
    const main = document.querySelector('main') as HTMLElement;
    const style = getComputedStyle(main);
    const column = main.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    const prose = (document.querySelector('.prose') as HTMLElement).getBoundingClientRect();
    return {
      viewport: window.innerWidth,
      documentScroll: document.documentElement.scrollWidth,
      readingWidth: Math.min(readingWidth, column),
      prose: { left: prose.left, right: prose.right, width: prose.width },
      blocks: [...document.querySelectorAll<HTMLElement>('.prose pre, .prose table')].map((el) => {
        const rect = el.getBoundingClientRect();
        return { tag: el.tagName.toLowerCase(), left: rect.left, right: rect.right, scrollWidth: el.scrollWidth, clientWidth: el.clientWidth };
      }),
    };
  }, READING_WIDTH);
}

describe('the article layout in Chromium at 1440 and 390 px', { skip: chromiumSkipReason(), timeout: 600_000 }, () => {
  let cms: TestCms;
  let tmp: string;
  let served: ServedDir;
  let browser: Browser;
  const paths = new Map<PageName, string>();
  let chapterCode = '';

  before(async () => {
    const launched = await launchBrowser();
    if (!launched.browser) throw new Error(launched.skip);
    browser = launched.browser;
    cms = await startTestCms();
    const owner = await cms.createUser('student', 'Айгерим Сапарова-Нурмухамбетова');
    // The chapter is only a container: no text of its own, not published, three articles in it.
    const chapter = await cms.api('POST', '/items/sections', { body: { title: 'Эксплуатация и сопровождение инфраструктуры', status: 'in_progress' } });
    assert.equal(chapter.status, 200, JSON.stringify(chapter.body));
    chapterCode = chapter.body.data.code;
    for (const [name, page] of Object.entries(PAGES) as [PageName, (typeof PAGES)[PageName]][]) {
      const created = await cms.api('POST', '/items/sections', { body: { parent: chapter.body.data.id, status: 'published', owner: owner.id, ...page } });
      assert.equal(created.status, 200, JSON.stringify(created.body));
      paths.set(name, created.body.data.code);
    }
    const planned = await cms.api('POST', '/items/sections', { body: { parent: chapter.body.data.id, status: 'planned', title: 'Резервное копирование баз данных и файлов' } });
    assert.equal(planned.status, 200, JSON.stringify(planned.body));
    tmp = await mkdtemp(join(tmpdir(), 'kb-site-layout-'));
    const outDir = join(tmp, 'dist');
    await buildSite({ directusUrl: cms.url, token: cms.siteReaderToken, outDir, siteUrl: 'http://127.0.0.1:4321', directusPublicUrl: cms.url });
    served = await serveDir(outDir);
    await mkdir(resultsDir, { recursive: true });
  });
  after(async () => {
    await browser?.close();
    await served?.close();
    await cms?.destroy();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  async function visit(path: string, width: number): Promise<Page> {
    const context = await browser.newContext({ viewport: { width, height: 900 }, locale: 'ru-RU' });
    context.setDefaultTimeout(20_000);
    const page = await context.newPage();
    await page.goto(`${served.url}${path}`);
    await page.waitForLoadState('load');
    return page;
  }

  async function open(name: PageName, width: number): Promise<Page> {
    // `/c/<code>/` is the address links use; it lands on the page wherever the section lives.
    const page = await visit(`/c/${paths.get(name)}/`, width);
    await page.locator('.prose').waitFor();
    await page.screenshot({ path: join(resultsDir, `site-layout-${name}-${width}.png`), fullPage: true });
    return page;
  }

  /** Elements (by selector) that stick out of the window sideways, and the page's own width. */
  const overflow = (page: Page, selector: string) =>
    page.evaluate((sel) => ({
      documentScroll: document.documentElement.scrollWidth,
      viewport: window.innerWidth,
      count: document.querySelectorAll(sel).length,
      outside: [...document.querySelectorAll(sel)]
        .filter((el) => {
          const rect = el.getBoundingClientRect();
          return rect.left < 0 || rect.right > window.innerWidth;
        })
        .map((el) => el.textContent),
    }), selector);

  test('on a phone the status board shows every row’s status and owner inside the window', async () => {
    const page = await visit('/status/', 390);
    await page.screenshot({ path: join(resultsDir, 'site-layout-board-390.png'), fullPage: true });
    for (const selector of ['tbody tr td:nth-child(3) .badge', 'tbody tr td:nth-child(4) a', 'tbody tr td:nth-child(2) a']) {
      const seen = await overflow(page, selector);
      assert.equal(seen.count, Object.keys(PAGES).length + 2, `${selector}: one per section`);
      assert.deepEqual(seen.outside, [], `${selector} is cut off at 390 px`);
      assert.ok(seen.documentScroll <= seen.viewport, `the board scrolls sideways: ${seen.documentScroll}px`);
    }
    // The filters still work on the cards.
    await page.locator('a[data-filter="status"][data-value="planned"]').click();
    await page.locator('[data-summary]').getByText(`Показано 1 из ${Object.keys(PAGES).length + 2}`).waitFor();
    assert.equal(await page.locator('tbody tr:visible').count(), 1);
  });

  test('a chapter that is only a container shows its contents, not a placeholder', async () => {
    for (const width of WIDTHS) {
      const page = await visit(`/c/${chapterCode}/`, width);
      try {
        await page.screenshot({ path: join(resultsDir, `site-layout-container-${width}.png`), fullPage: true });
        assert.equal(await page.locator('.placeholder').count(), 0);
        assert.doesNotMatch(await page.locator('main').innerText(), /ещё не опубликован/);
        const entries = await page.locator('nav.section-contents .tree a').allTextContents();
        assert.deepEqual(entries.map((t) => t.split(' ')[0]), [...paths.values(), `${chapterCode}.04`]);
        const seen = await overflow(page, 'nav.section-contents .tree-entry');
        assert.deepEqual(seen.outside, []);
        assert.ok(seen.documentScroll <= seen.viewport);
      } finally {
        await page.context().close();
      }
    }
  });

  test('“Разделы” in the header opens the whole tree with statuses and progress, folding with <details>', async () => {
    const page = await visit('/', 1440);
    await page.locator('.site-nav a', { hasText: 'Разделы' }).click();
    await page.waitForURL(/\/sections\/$/);
    await page.screenshot({ path: join(resultsDir, 'site-layout-sections-1440.png'), fullPage: true });
    const chapter = page.locator('.contents-tree details').first();
    assert.equal(await chapter.getAttribute('open'), '', 'a chapter starts open');
    assert.match((await chapter.locator('summary').innerText()).replace(/\s+/g, ' '), new RegExp(`^${chapterCode} Эксплуатация .*В разработке.*3/4$`));
    const child = page.locator('.contents-tree .tree .tree a', { hasText: PAGES.compose.title });
    assert.ok(await child.isVisible());
    await chapter.locator('summary').click();
    assert.ok(!(await child.isVisible()), 'the chapter folds');
    assert.equal(await page.locator('.contents-tree .badge').count(), Object.keys(PAGES).length + 2);
  });

  test('search snippets are the text, not the page’s metadata; status and owner stay filters', async () => {
    const page = await visit('/search/?q=каталога', 1440);
    const result = page.locator('[data-search-results] li').first();
    await result.waitFor();
    const text = await result.innerText();
    assert.match(text, /каталога/);
    assert.doesNotMatch(text, /Ответственный|Обновлено|Статус|Сапарова/, text);
    const filters = await page.evaluate(async () => {
      // The same module the search page loads; its filters are the facets a search can narrow by.
      const pagefind = await import(/* @vite-ignore */ `${location.origin}/pagefind/pagefind.js`);
      return pagefind.filters();
    });
    assert.deepEqual(Object.keys(filters).sort(), ['owner', 'status']);
    assert.equal(filters.owner['Айгерим Сапарова-Нурмухамбетова'], Object.keys(PAGES).length);
  });

  for (const width of WIDTHS) {
    for (const name of Object.keys(PAGES) as PageName[]) {
      test(`${name} at ${width} px: the body takes the reading width and nothing widens the page`, async () => {
        const page = await open(name, width);
        try {
          const layout = await measure(page);
          assert.ok(
            Math.abs(layout.prose.width - layout.readingWidth) <= 2,
            `body ${layout.prose.width}px wide, the reading width is ${layout.readingWidth}px`,
          );
          assert.ok(layout.documentScroll <= layout.viewport, `the page scrolls sideways: ${layout.documentScroll}px in a ${layout.viewport}px window`);
          assert.equal(await page.locator('nav.toc').count(), name === 'toc' ? 1 : 0, 'a TOC exactly on the page with sub-headings');
          for (const block of layout.blocks) {
            assert.ok(block.left >= layout.prose.left - 1 && block.right <= layout.prose.right + 1, `${block.tag} stays inside the body: ${JSON.stringify(block)}`);
          }
          if (name === 'compose') {
            assert.deepEqual(layout.blocks.map((b) => b.tag), ['pre', 'table']);
            for (const block of layout.blocks) {
              assert.ok(block.scrollWidth > block.clientWidth, `the ${block.tag} is wider than the body and scrolls inside its box: ${JSON.stringify(block)}`);
            }
            // Scrolling the code block reaches the end of the long line.
            const end = await page.locator('.prose pre').evaluate((pre) => {
              pre.scrollLeft = pre.scrollWidth;
              return pre.scrollLeft + pre.clientWidth >= pre.scrollWidth - 1;
            });
            assert.ok(end, 'the code block scrolls to the end of its line');
          }
        } finally {
          await page.context().close();
        }
      });
    }
  }
});
