import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startTestCms, type TestCms } from '../support/test-cms.js';
import { buildSite } from '../../site/build/site-build.js';
import { createSiteRenderer, type RenderSiteResult, type SiteRenderer } from '../../site/renderer/site-renderer.js';
import { ensureRendererBundle, loadRendererBundle } from '../../site/renderer/bundle.js';
import { listFiles, readOutputText } from './html-inspect.js';
import { DRAFT_BODY_SECRET, DRAFT_SUMMARY_SECRET, prepareSeedSite, REVIEW_BODY_SECRET, type SeedSite } from './site-fixture.js';

// The publisher's warm renderer must publish exactly the site `npm run build:site` builds: the
// same files, byte for byte — HTML pages, feeds, Astro's hashed asset names, the search index —
// both on its first render and on later ones that reuse cached bodies and unchanged files.

/** The first difference between two folders, or null when they hold the same files and bytes. */
async function firstDifference(expectedDir: string, actualDir: string): Promise<string | null> {
  const expected = await listFiles(expectedDir);
  const actual = await listFiles(actualDir);
  const missing = expected.filter((f) => !actual.includes(f));
  const extra = actual.filter((f) => !expected.includes(f));
  if (missing.length > 0 || extra.length > 0) return `missing: ${missing.slice(0, 10).join(', ') || '-'}; extra: ${extra.slice(0, 10).join(', ') || '-'}`;
  for (const file of expected) {
    const [a, b] = await Promise.all([readFile(join(expectedDir, file)), readFile(join(actualDir, file))]);
    if (a.equals(b)) continue;
    let at = 0;
    while (at < a.length && a[at] === b[at]) at += 1;
    return `${file} differs at byte ${at}:\n  static:   …${a.subarray(Math.max(0, at - 80), at + 80).toString()}…\n  rendered: …${b.subarray(Math.max(0, at - 80), at + 80).toString()}…`;
  }
  return null;
}

describe('the warm renderer publishes the same site as the static build', { timeout: 900_000 }, () => {
  let cms: TestCms;
  let fixture: SeedSite;
  let tmp: string;
  let renderer: SiteRenderer;
  let first: RenderSiteResult;
  const settings = () => ({ directusUrl: cms.url, token: cms.siteReaderToken, siteUrl: 'https://docs.tapbot.kz', directusPublicUrl: 'https://dir.tapbot.kz' });

  before(async () => {
    cms = await startTestCms();
    fixture = await prepareSeedSite(cms);
    tmp = await mkdtemp(join(tmpdir(), 'kb-renderer-'));
    renderer = await createSiteRenderer();
    first = await renderer.render({ ...settings(), outDir: join(tmp, 'release-1') });
  });
  after(async () => {
    await renderer?.close();
    await cms?.destroy();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  test('the seed site: the same set of files and the same bytes in every one of them', async () => {
    const built = await buildSite({ ...settings(), outDir: join(tmp, 'static-1') });
    assert.equal(first.pages, built.pages);
    assert.equal(first.sections, built.sections);
    const files = await listFiles(join(tmp, 'release-1'));
    assert.ok(files.filter((f) => f.endsWith('.html')).length > 400, `pages: ${files.length}`);
    assert.ok(files.some((f) => f.startsWith('_astro/') && f.endsWith('.css')), 'the hashed stylesheet is there');
    assert.ok(files.some((f) => f.startsWith('pagefind/fragment/')), 'the search index is there');
    assert.equal(await firstDifference(join(tmp, 'static-1'), join(tmp, 'release-1')), null);
  });

  test('no text of a non-published section is in the rendered site, search index included', async () => {
    const dir = join(tmp, 'release-1');
    for (const file of await listFiles(dir)) {
      if (!/\.(html|xml|txt|pf_fragment|pf_meta|pf_index)$/.test(file)) continue;
      const text = (await readOutputText(dir, file)).toLowerCase();
      for (const secret of [DRAFT_BODY_SECRET, DRAFT_SUMMARY_SECRET, REVIEW_BODY_SECRET]) assert.ok(!text.includes(secret), `${secret} leaked into ${file}`);
    }
  });

  test('after edits and a move, a warm render reuses what did not change and still equals a fresh static build', async () => {
    // 02.02's body links to the moved section by its old code: moving that section again must
    // re-render 02.02's cached body with the new path.
    const movedId = fixture.ids.get(fixture.moved.newCode) as string;
    const moved = await cms.api('PATCH', `/items/sections/${movedId}`, { body: { parent: fixture.ids.get('05') } });
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
    const edited = await cms.api('PATCH', `/items/sections/${fixture.ids.get('02.02.01')}`, { body: { body: 'Процессоры: 8 ядер после обновления.' } });
    assert.equal(edited.status, 200, JSON.stringify(edited.body));

    const second = await renderer.render({ ...settings(), outDir: join(tmp, 'release-2') });
    assert.ok(second.bodies.reused > 0, `cached bodies were reused: ${JSON.stringify(second.bodies)}`);
    assert.ok(second.bodies.rendered >= 2, `the edited body and the one linking to the moved section were rendered again: ${JSON.stringify(second.bodies)}`);
    assert.ok(second.files.linked > 0 && second.files.written > 0, `unchanged files were linked, changed ones written: ${JSON.stringify(second.files)}`);
    const unchanged = 'guide/index.html';
    assert.equal((await stat(join(tmp, 'release-2', unchanged))).ino, (await stat(join(tmp, 'release-1', unchanged))).ino, 'an unchanged page is shared with the previous release');

    await buildSite({ ...settings(), outDir: join(tmp, 'static-2') });
    assert.equal(await firstDifference(join(tmp, 'static-2'), join(tmp, 'release-2')), null);
    const page = await readFile(join(tmp, 'release-2', (await listFiles(join(tmp, 'release-2'))).find((f) => /02-02-01-[^/]+\/index\.html$/.test(f)) as string), 'utf8');
    assert.match(page, /8 ядер после обновления/);
  });

  test('a render that cannot read Directus, or reads a malformed section, fails with the cause named', async () => {
    const outDir = join(tmp, 'failed');
    await assert.rejects(renderer.render({ ...settings(), token: 'wrong-token-wrong-token-wrong', outDir }), /SITE_READER_TOKEN/);
    const closed = `http://127.0.0.1:${await freePort()}`;
    await assert.rejects(renderer.render({ ...settings(), directusUrl: closed, outDir }), new RegExp(`is Directus running at ${closed}`));
    const broken = fixture.ids.get('03.01') as string;
    const response = await cms.api('PATCH', `/items/sections/${broken}`, { body: { status: 'finished' } });
    assert.equal(response.status, 200, JSON.stringify(response.body));
    try {
      await assert.rejects(renderer.render({ ...settings(), outDir }), /malformed .*code 03\.01\b[\s\S]*status/);
    } finally {
      await cms.api('PATCH', `/items/sections/${broken}`, { body: { status: 'in_progress' } });
    }
    // A folder that already holds files is refused: a release may share files with the previous one.
    await mkdir(join(tmp, 'taken'), { recursive: true });
    await writeFile(join(tmp, 'taken', 'index.html'), 'чужой сайт');
    await assert.rejects(renderer.render({ ...settings(), outDir: join(tmp, 'taken') }), /not empty/);
    assert.equal(await readFile(join(tmp, 'taken', 'index.html'), 'utf8'), 'чужой сайт');
    // After the failures the renderer still publishes.
    const again = await renderer.render({ ...settings(), outDir: join(tmp, 'release-3') });
    assert.equal(again.sections, first.sections);
  });

  test('a page that throws fails its render with its own error, never with a page of Astro\'s', async () => {
    const { bundle } = await loadRendererBundle(await ensureRendererBundle());
    const locals = { kbSite: { model: { byPath: new Map() }, renderBody: () => null } };
    await assert.rejects(bundle.render('/01-nope/', locals), /No section has the page path \/01-nope\//);
  });
});
