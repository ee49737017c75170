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

  before(async () => {
    const launched = await launchBrowser();
    if (!launched.browser) throw new Error(launched.skip);
    browser = launched.browser;
    cms = await startTestCms();
    const chapter = await cms.api('POST', '/items/sections', { body: { title: 'Эксплуатация', status: 'published' } });
    assert.equal(chapter.status, 200, JSON.stringify(chapter.body));
    for (const [name, page] of Object.entries(PAGES) as [PageName, (typeof PAGES)[PageName]][]) {
      const created = await cms.api('POST', '/items/sections', { body: { parent: chapter.body.data.id, status: 'published', ...page } });
      assert.equal(created.status, 200, JSON.stringify(created.body));
      paths.set(name, created.body.data.code);
    }
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

  async function open(name: PageName, width: number): Promise<Page> {
    const context = await browser.newContext({ viewport: { width, height: 900 }, locale: 'ru-RU' });
    const page = await context.newPage();
    // `/c/<code>/` is the address links use; it lands on the page wherever the section lives.
    await page.goto(`${served.url}/c/${paths.get(name)}/`);
    await page.locator('.prose').waitFor();
    await page.screenshot({ path: join(resultsDir, `site-layout-${name}-${width}.png`), fullPage: true });
    return page;
  }

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
