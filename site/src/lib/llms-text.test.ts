import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sectionRecord as record } from '../../../tests/support/section-record-fixture.js';
import { buildSiteModel } from './site-model.js';
import { llmsFull, llmsIndex, sectionMarkdown } from './llms-text.js';
import { markdownParams } from './site-routes.js';

const settings = { siteUrl: 'https://docs.tapbot.kz/', directusPublicUrl: 'https://dir.tapbot.kz' };

function tree() {
  const chapter = record('02', null, { title: 'Инфраструктура', status: 'in_progress', body: 'Черновик главы: секретоглот' });
  const servers = record('02.01', chapter.id, { title: 'Серверы', slug: 'servers', status: 'published', summary: 'Где живут сервисы', body: 'См. [ресурсы](/c/02.02/#Память) и [сеть](/c/02.03/).\n\n```\n[не ссылка](/c/02.02/)\n```' });
  const resources = record('02.02', chapter.id, { title: 'Ресурсы', status: 'published', body: '## Память\n\n8 ГБ.' });
  const bracketed = record('02.04', chapter.id, { title: 'Шаблон [черновик] ]( x', status: 'published' });
  const network = record('02.03', chapter.id, { title: 'Сеть', status: 'review', summary: 'Черновое резюме: кракозябрус', body: 'Ждёт проверки: бормоглот' });
  const planned = record('03', null, { title: 'Планы', status: 'planned' });
  const records = [chapter, servers, resources, network, bracketed, planned];
  return { ids: { chapter, servers, resources, network }, model: buildSiteModel(records, [], settings), preview: (id: string) => buildSiteModel(records, [], { ...settings, previewId: id }) };
}

test('llms.txt is the tree of published sections with links to their markdown and summaries', () => {
  const { model } = tree();
  const text = llmsIndex(model);
  assert.match(text, /^# База знаний tapbot\.kz\n\n> /);
  assert.ok(text.includes('\n## 02 Инфраструктура\n\n- [02.01 Серверы](https://docs.tapbot.kz/02-infrastruktura/02-01-servers/index.md): Где живут сервисы\n- [02.02 Ресурсы](https://docs.tapbot.kz/02-infrastruktura/02-02-resursy/index.md)\n'), text);
  assert.doesNotMatch(text, /02\.03|Планы|кракозябрус|секретоглот/, 'no draft, and no chapter without anything published');
  assert.match(text, /^- \[02\.04 Шаблон \\\[черновик\\\] \\\]\( x\]\(https:\/\/docs\.tapbot\.kz\/[^)]+\/index\.md\)$/m, 'brackets in a title do not end the link');
});

test('a page’s markdown has absolute links, code left as written; llms-full has every published page in code order', () => {
  const { model, ids } = tree();
  const servers = model.byId.get(ids.servers.id)!;
  const md = sectionMarkdown(model, servers);
  assert.match(md, /^# 02\.01 Серверы\n\n> Где живут сервисы\n\nСтатус: Готово · Ответственный: не назначен · /);
  assert.ok(md.includes('[ресурсы](https://docs.tapbot.kz/02-infrastruktura/02-02-resursy/#pamyat)'), md);
  assert.ok(md.includes('[сеть](https://docs.tapbot.kz/02-infrastruktura/02-03-set/)'), 'a link to a draft goes to its page, not its text');
  assert.ok(md.includes('```\n[не ссылка](/c/02.02/)\n```'));
  const full = llmsFull(model);
  assert.ok(full.indexOf('# 02.01 Серверы') < full.indexOf('# 02.02 Ресурсы'));
  assert.doesNotMatch(full, /бормоглот|кракозябрус|секретоглот/);
  assert.deepEqual(markdownParams(model).map((p) => p.path).slice(0, 2), ['02-infrastruktura/02-01-servers', '02-infrastruktura/02-02-resursy']);
  assert.equal(markdownParams(model).length, 3);
  assert.throws(() => sectionMarkdown(model, model.byId.get(ids.network.id)!), /not published/);
});

test('the preview’s model (a draft’s body present) still gives no draft text to the bots’ files', () => {
  const { model, ids, preview: previewOf } = tree();
  const preview = previewOf(ids.network.id);
  assert.equal(preview.byCode.get('02.03')?.body, 'Ждёт проверки: бормоглот', 'the preview has the draft body');
  assert.doesNotMatch(llmsFull(preview) + llmsIndex(preview), /бормоглот|кракозябрус/);
  assert.equal(llmsIndex(preview), llmsIndex(model));
});
