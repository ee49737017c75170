import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestCms, type TestCms } from '../support/test-cms.js';
import { buildSite, type BuildSiteResult } from '../../site/build/site-build.js';
import { generateTree, type GeneratedSection, generatedToNew } from '../support/generated-tree.js';
import { createSectionsInBulk } from '../../content/create-sections.js';
import { sectionHref } from '../../core/section-links.js';
import { STATUS_META } from '../../core/status.js';
import { activeContent, listFiles, parsePage, readOutputText } from './html-inspect.js';

// A generated tree (every status at every level, four levels, Cyrillic, code blocks, tables and
// links between sections) through the real Directus into the site.

const SIZE = 400;

describe('the public site built from a generated tree', { timeout: 600_000 }, () => {
  let cms: TestCms;
  let tmp: string;
  let outDir: string;
  let result: BuildSiteResult;
  let tree: GeneratedSection[];
  let board: string;

  before(async () => {
    cms = await startTestCms();
    const owners = [await cms.createUser('student', 'Борис Другой'), await cms.createUser('cto', 'Главный Технарь')];
    tree = generateTree({ sections: SIZE, seed: 7, owners: owners.length });
    await createSectionsInBulk(cms.admin, generatedToNew(tree, owners.map((o) => o.id)));
    tmp = await mkdtemp(join(tmpdir(), 'kb-site-gen-'));
    outDir = join(tmp, 'dist');
    result = await buildSite({ directusUrl: cms.url, token: cms.siteReaderToken, outDir, siteUrl: 'http://127.0.0.1:4321', directusPublicUrl: cms.url });
    board = await readFile(join(outDir, 'status/index.html'), 'utf8');
  });
  after(async () => {
    await cms?.destroy();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  const pathOf = (code: string) => {
    const row = new RegExp(`<td class="code">${code.replaceAll('.', '\\.')}</td>\\s*<td class="d\\d"><a href="([^"]+)"`).exec(board);
    assert.ok(row, `the board lists ${code}`);
    return row[1] as string;
  };

  test('every generated section has a page with its code, title and status; only published ones show text', async () => {
    assert.equal(result.sections, SIZE);
    assert.ok(result.pages > SIZE, `pages: ${result.pages}`);
    for (const section of tree) {
      const html = await readFile(join(outDir, pathOf(section.code), 'index.html'), 'utf8');
      const page = parsePage(html);
      assert.deepEqual(page.textOf({ tag: 'h1', id: 'section-title' }), [`${section.code} ${section.title}`]);
      assert.equal(page.textOf({ tag: 'span', className: `badge-${section.status}` })[0], `${STATUS_META[section.status].emoji} ${STATUS_META[section.status].label}`);
      const prose = page.textOf({ tag: 'div', className: 'prose' });
      if (section.status === 'published' && section.body !== '') {
        assert.equal(prose.length, 1, `${section.code} shows its body`);
        assert.ok(prose[0]?.includes(`Раздел ${section.code}:`), `${section.code} body text`);
        assert.match(html, /<pre><code class="hljs language-ts">/);
        assert.match(html, /<table>/);
      } else {
        assert.deepEqual(prose, [], `${section.code} (${section.status}) shows no body`);
      }
      assert.deepEqual(activeContent(page, { scriptsAllowed: false }), []);
    }
  });

  test('links between sections in bodies lead to the linked pages', async () => {
    let checked = 0;
    for (const section of tree.filter((s) => s.status === 'published' && s.body.includes('/c/'))) {
      const target = /\/c\/([0-9.]+)\//.exec(section.body)?.[1] as string;
      assert.ok(section.body.includes(sectionHref(target)));
      const html = await readFile(join(outDir, pathOf(section.code), 'index.html'), 'utf8');
      assert.ok(html.includes(`<a href="${pathOf(target)}">раздел ${target}</a>`), `${section.code} links to ${target}`);
      checked += 1;
    }
    assert.ok(checked >= 20, `links checked: ${checked}`);
  });

  test('bodies of unpublished sections are in no file of the output', async () => {
    const unpublished = tree.filter((s) => s.status !== 'published' && s.body !== '');
    // The first line of a generated body names its code, so it is unique to that section.
    const markers = unpublished.map((s) => `Раздел **${s.code}**`.replace(/\*\*/g, ''));
    const files = (await listFiles(outDir)).filter((f) => /\.(html|xml|pf_fragment)$/.test(f));
    const published = tree.filter((s) => s.status === 'published' && s.body !== '').map((s) => `Раздел ${s.code}:`);
    let foundPublished = 0;
    for (const file of files) {
      const text = (await readOutputText(outDir, file)).replace(/<[^>]+>/g, '');
      for (const marker of markers) assert.ok(!text.includes(`${marker}:`), `${marker} leaked into ${file}`);
      if (file.endsWith('.pf_fragment') && published.some((p) => text.includes(p))) foundPublished += 1;
    }
    assert.ok(foundPublished > 0, 'published bodies are in the search index');
  });
});
