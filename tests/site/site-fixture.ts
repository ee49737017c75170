import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { importSeed } from '../../content/import/seed.js';
import { repoRoot } from '../../platform/paths.js';
import type { TestCms, TestUser } from '../support/test-cms.js';

export const SEED = resolve(repoRoot, '../shared/seed/tapbot-docs-index.md');

/**
 * Made-up words that exist only in texts that are not published: finding one anywhere in the
 * output is a leak. Made up so that no real word on the site shares a stem or prefix with them.
 */
export const DRAFT_BODY_SECRET = 'шмыгозавр';
export const DRAFT_SUMMARY_SECRET = 'кракозябрус';
export const REVIEW_BODY_SECRET = 'бормоглот';

/** Titles that would run script if a page printed them as HTML. */
export const XSS_TITLES = [
  '<script>alert("t1")</script>',
  '"><img src=x onerror=alert("t2")>',
  "<svg onload=alert('t3')>",
  '</title><script>alert("t4")</script>',
  "javascript:alert('t5')",
];

/** Bodies that try every way a markdown text can smuggle script into a page. */
export const XSS_BODIES = [
  "<script>alert('b1')</script>",
  '<img src=x onerror="alert(\'b2\')">',
  "[клик](javascript:alert('b3'))",
  '<a href="JaVaScRiPt:alert(\'b4\')">регистр</a>',
  '<iframe src="https://evil.example/b5"></iframe>',
  '<svg onload="alert(\'b6\')"><script>alert(\'b6\')</script></svg>',
  '[данные](data:text/html;base64,PHNjcmlwdD5hbGVydCgnYjcnKTwvc2NyaXB0Pg==)',
  '<div style="background-image:url(javascript:alert(\'b8\'))">стиль</div><p style="width:expression(alert(\'b8\'))">выражение</p>',
  '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(\'b9\')">сущности</a>',
  '<details open ontoggle="alert(\'b10\')"><summary>раскрыть</summary>текст</details>',
  "![картинка](javascript:alert('b11'))",
  '<object data="javascript:alert(\'b12\')"></object><embed src="javascript:alert(\'b12\')">',
  '<form action="javascript:alert(\'b13\')"><button formaction="javascript:alert(\'b13\')">go</button></form>',
  '<noscript><p title="</noscript><img src=x onerror=alert(\'b14\')>"></noscript>',
  "<a href=\"java\tscript:alert('b15')\">табуляция</a>",
  "<math><mtext><table><mglyph><style><img src=x onerror=alert('b16')>",
  '<meta http-equiv="refresh" content="0;url=javascript:alert(\'b17\')">',
  '<base href="javascript:alert(\'b18\')//">',
  "<style>body{background:url(\"javascript:alert('b19')\")}</style>",
  "Текст [ссылка](  javascript:alert('b20')  ) и <a href=\"vbscript:msgbox('b20')\">vb</a>",
];

export interface SeedSite {
  student: TestUser;
  cto: TestUser;
  /** code → id of every section after the fixture's edits. */
  ids: Map<string, string>;
  /** The sections created with XSS payloads (published, under chapter 07). */
  xssCodes: string[];
  /** A published section whose body mentions «серверы» (for the Russian search). */
  serversCode: string;
  /** The section moved by the fixture, with its code before and after. */
  moved: { oldCode: string; newCode: string };
}

async function sectionIds(cms: TestCms): Promise<Map<string, string>> {
  const response = await cms.api('GET', '/items/sections?fields=id,code&limit=-1');
  assert.equal(response.status, 200, JSON.stringify(response.body));
  return new Map((response.body.data as { id: string; code: string }[]).map((s) => [s.code, s.id]));
}

async function patch(cms: TestCms, id: string, body: Record<string, unknown>): Promise<void> {
  const response = await cms.api('PATCH', `/items/sections/${id}`, { body });
  assert.equal(response.status, 200, JSON.stringify(response.body));
}

/**
 * The seed, plus what a real knowledge base has and the seed does not: owners, bodies with code
 * and links, drafts with text, a moved section, and hostile titles and bodies.
 */
export async function prepareSeedSite(cms: TestCms): Promise<SeedSite> {
  await importSeed({ client: cms.admin, path: SEED, progress: null });
  const student = await cms.createUser('student', 'Айгерим Сапарова');
  const cto = await cms.createUser('cto', 'Кадырхан Бекович');
  let ids = await sectionIds(cms);
  const id = (code: string) => {
    const found = ids.get(code);
    assert.ok(found, `section ${code} exists`);
    return found;
  };

  // 02.01.04 moves under 04.01: its old code must keep working as a link and a redirect.
  const movedId = id('02.01.04');
  await patch(cms, movedId, { parent: id('04.01') });
  const moved = (await cms.api('GET', `/items/sections/${movedId}?fields=code,previous_codes`)).body.data as { code: string; previous_codes: string[] | null };
  assert.ok(moved.code.startsWith('04.01.') && moved.previous_codes?.includes('02.01.04'), `the moved section is re-coded and keeps its old code: ${JSON.stringify(moved)}`);
  const movedNew = moved.code;

  await patch(cms, id('02.02'), {
    owner: student.id,
    summary: 'Ресурсы серверов: процессор, память, сеть.',
    body: [
      'Наши серверы размещены у провайдера beget.com; ниже — чем они загружены.',
      '',
      '## Процессор',
      '',
      'Подробности о сетевой топологии — в [отдельном разделе](/c/02.01.04/), а про рост нагрузки — в [планах](/c/02.03/#rost).',
      '',
      '```bash',
      'htop --sort-key PERCENT_CPU',
      '```',
      '',
      '## Память',
      '',
      '| Сервер | ОЗУ |',
      '|---|---|',
      '| первый | 8 ГБ |',
    ].join('\n'),
  });
  await patch(cms, id('02.02.01'), { owner: student.id, body: 'Процессоры: 4 ядра на каждом сервере.' });
  await patch(cms, id('02.01'), { owner: student.id, summary: `Черновое резюме ${DRAFT_SUMMARY_SECRET}`, body: `Список серверов, ещё не проверен: ${DRAFT_BODY_SECRET} серверы` });
  await patch(cms, id('02.01.01'), { owner: cto.id, status: 'review', body: `Ждёт проверки: ${REVIEW_BODY_SECRET}` });
  await patch(cms, id('03.01'), { owner: cto.id });

  const xssCodes: string[] = [];
  const payloads = [
    ...XSS_TITLES.map((title, i) => ({ title, body: `Раздел с опасным названием №${i + 1}.` })),
    ...XSS_BODIES.map((body, i) => ({ title: `Опасный текст ${i + 1}`, body })),
  ];
  for (const payload of payloads) {
    const created = await cms.api('POST', '/items/sections', { body: { parent: id('07'), status: 'published', owner: cto.id, ...payload } });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    xssCodes.push(created.body.data.code);
  }
  ids = await sectionIds(cms);
  return { student, cto, ids, xssCodes, serversCode: '02.02', moved: { oldCode: '02.01.04', newCode: movedNew } };
}
