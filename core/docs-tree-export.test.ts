import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateTree } from '../tests/support/generated-tree.js';
import { parseDocsTree, type TreeSection } from './docs-tree.js';
import { MIRROR_DOC_ROOT, renderMirror, type MirrorSection } from './docs-tree-export.js';
import { relativeHref, resolveTreeLink, headingAnchor } from './docs-tree-links.js';

const PEOPLE = [
  { id: '11111111-1111-4111-8111-111111111111', email: 'cto@tapbot.kz' },
  { id: '22222222-2222-4222-8222-222222222222', email: 'student@tapbot.kz' },
  { id: '33333333-3333-4333-8333-333333333333', email: null },
];

function section(code: string, id: string, parent: string | null, extra: Partial<MirrorSection> = {}): MirrorSection {
  return { id, code, title: `Раздел ${code}`, slug: null, parent, status: 'in_progress', owner: null, summary: null, body: null, due_date: null, previous_codes: [], previous_paths: [], source: null, ...extra };
}

/** The files of a rendered mirror read back as the import reads a folder. */
function readBack(files: { path: string; content: string }[]) {
  const folders = new Set<string>();
  for (const file of files) {
    const parts = file.path.split('/');
    for (let i = 1; i < parts.length; i++) folders.add(parts.slice(0, i).join('/'));
  }
  return parseDocsTree({
    files: files.filter((f) => f.path.endsWith('.md')).map((f) => ({ path: f.path, text: f.content })),
    folders: [...folders],
    otherFiles: [],
    docRoot: files.find((f) => f.path === '.doc-root.yaml')?.content ?? null,
    label: 'mirror',
  });
}

/** What the import would store, in the stored form (null for no text, owner as written). */
function asStored(s: TreeSection) {
  return {
    id: s.id,
    code: s.code,
    title: s.title,
    status: s.status,
    body: s.body === '' ? null : s.body,
    source: s.source,
    owner: s.extras.owner ?? null,
    summary: s.extras.summary ?? null,
    slug: s.extras.slug ?? null,
    due_date: s.extras.due_date ?? null,
    previous_codes: s.extras.previous_codes ?? [],
    previous_paths: s.extras.previous_paths ?? [],
    parentCode: s.parentCode,
  };
}

function expected(sections: readonly MirrorSection[]) {
  const codeOf = new Map(sections.map((s) => [s.id, s.code]));
  const emailOf = new Map(PEOPLE.map((p) => [p.id, p.email ?? p.id]));
  return sections.map((s) => ({
    id: s.id,
    code: s.code,
    title: s.title,
    status: s.status,
    body: s.body === '' ? null : s.body,
    source: s.source,
    owner: s.owner === null ? null : (emailOf.get(s.owner) ?? s.owner),
    summary: s.summary,
    slug: s.slug,
    due_date: s.due_date,
    previous_codes: s.previous_codes ?? [],
    previous_paths: s.previous_paths ?? [],
    parentCode: s.parent === null ? null : (codeOf.get(s.parent) ?? null),
  }));
}

describe('renderMirror', () => {
  test('writes the Gramax layout: .doc-root.yaml and a README.md per section folder, nested by parent', () => {
    const a = section('02', 'aaaaaaaa-0000-4000-8000-000000000001', null, { title: 'Платформа', slug: 'platforma', owner: PEOPLE[0]?.id ?? null, status: 'published', body: 'Текст' });
    const b = section('02.01', 'aaaaaaaa-0000-4000-8000-000000000002', a.id, { title: 'Хостинг: «основной»', due_date: '2026-03-01', previous_codes: ['05.01'], summary: 'Две строки\n---\nи разделитель' });
    const { files } = renderMirror([b, a], PEOPLE);
    assert.deepEqual(files.map((f) => f.path), ['.doc-root.yaml', '02-platforma/02-01-khosting-osnovnoy/README.md', '02-platforma/README.md']);
    assert.equal(files[0]?.content, MIRROR_DOC_ROOT);
    assert.equal(
      files[2]?.content,
      '---\ntitle: 02 - Платформа\nid: aaaaaaaa-0000-4000-8000-000000000001\ncode: "02"\nstatus: published\nowner: cto@tapbot.kz\nsummary: null\nslug: platforma\ndue_date: null\nprevious_codes: []\nprevious_paths: []\nsource: null\n---\n\nТекст\n',
    );
    assert.match(files[1]?.content ?? '', /^---\ntitle: "02\.01 - Хостинг: «основной»"\n/);
    assert.ok(files.every((f) => f.content.endsWith('\n') && !f.content.includes('\r')));
  });

  test('links between sections become relative links between the files, and only the canonical form', () => {
    const a = section('01', 'aaaaaaaa-0000-4000-8000-000000000001', null, { slug: 'a', body: '[b](/c/02.01/#detali) [сам](/c/01/) [b2](/c/02.01) [нет](/c/09/) [код](`/c/02.01/`)\n```\n[в коде](/c/02.01/)\n```' });
    const b = section('02', 'aaaaaaaa-0000-4000-8000-000000000002', null, { slug: 'b' });
    const c = section('02.01', 'aaaaaaaa-0000-4000-8000-000000000003', b.id, { slug: 'c' });
    const { files } = renderMirror([a, b, c], PEOPLE);
    const readme = files.find((f) => f.path === '01-a/README.md')?.content ?? '';
    assert.match(readme, /\[b\]\(\.\.\/02-b\/02-01-c\/README\.md#detali\) \[сам\]\(\.\/README\.md\) \[b2\]\(\/c\/02\.01\) \[нет\]\(\/c\/09\/\)/);
    assert.match(readme, /\[в коде\]\(\/c\/02\.01\/\)/);
    const back = new Map(readBack(files).sections.map((s) => [s.code, s]));
    assert.equal(back.get('01')?.body, a.body, 'the import turns the links back exactly');
  });

  test('the same sections give the same bytes, whatever their order', () => {
    const generated = generateTree({ sections: 300, seed: 7, bodyBytes: 600 });
    const idByCode = new Map(generated.map((g) => [g.code, g.id]));
    const sections = generated.map((g) => section(g.code, g.id, g.parentCode ? (idByCode.get(g.parentCode) ?? null) : null, { title: g.title, status: g.status, body: g.body || null }));
    const first = renderMirror(sections, PEOPLE).files;
    const second = renderMirror([...sections].reverse(), PEOPLE).files;
    assert.deepEqual(second, first);
  });

  test('reading a rendered mirror back gives every field of 1,200 generated sections (4 levels, every status, Cyrillic, code, tables, links)', () => {
    const generated = generateTree({ sections: 1200, seed: 3, owners: 3 });
    const idByCode = new Map(generated.map((g) => [g.code, g.id]));
    const sections: MirrorSection[] = generated.map((g, i) =>
      section(g.code, g.id, g.parentCode ? (idByCode.get(g.parentCode) ?? null) : null, {
        title: g.title,
        status: g.status,
        body: g.body || null,
        summary: g.summary,
        due_date: g.due_date,
        owner: g.ownerIndex === null ? null : (PEOPLE[g.ownerIndex]?.id ?? null),
        slug: i % 7 === 0 ? null : `slug-${i}`,
        previous_codes: i % 13 === 0 ? ['08.99'] : [],
        previous_paths: i % 11 === 0 ? ['/08-arkhiv/08-99-staryy-razdel/'] : [],
        source: i % 5 === 0 ? `./old/${i}.md` : null,
      }),
    );
    assert.ok(new Set(sections.map((s) => s.status)).size === 5 && sections.some((s) => s.code.split('.').length === 4));
    const parsed = readBack(renderMirror(sections, PEOPLE).files);
    assert.deepEqual(parsed.problems, []);
    const got = new Map(parsed.sections.map((s) => [s.code, asStored(s)]));
    assert.equal(got.size, sections.length);
    for (const want of expected(sections)) assert.deepEqual(got.get(want.code), want, want.code);
  });

  test('awkward values survive: YAML-looking titles and summaries, bodies with front matter, blank lines and status words', () => {
    const odd: Partial<MirrorSection>[] = [
      { title: '3D модели: "кавычки" и #решётка', summary: 'yes' },
      { title: 'Команда ✅ Готово', summary: '  отступ\nи вторая строка  ' },
      { title: '- начинается с дефиса', body: '---\ntitle: не front matter\n---\nтекст' },
      { title: 'null', body: '\n\nначинается с пустых строк\n\n' },
      { title: '02.05 - выглядит как код', body: '## 01.01 - заголовок с кодом в теле\n\n<details>HTML редактора</details>' },
      { title: 'Ёлка [v2]', summary: '', body: '' },
    ];
    const sections = odd.map((extra, i) => section(`0${i + 1}`, `bbbbbbbb-0000-4000-8000-00000000000${i}`, null, extra));
    const parsed = readBack(renderMirror(sections, PEOPLE).files);
    assert.deepEqual(parsed.problems, []);
    const got = new Map(parsed.sections.map((s) => [s.code, asStored(s)]));
    for (const want of expected(sections)) {
      assert.deepEqual(got.get(want.code), { ...want, summary: want.summary === '' ? null : want.summary }, want.code);
    }
  });
});

describe('tree links', () => {
  test('resolve relative paths, keep anchors, and tell the outside from the tree', () => {
    assert.deepEqual(resolveTreeLink('01-a/README.md', '../02-b/README.md#x'), { kind: 'path', path: '02-b/README.md', anchor: 'x' });
    assert.deepEqual(resolveTreeLink('01-a/README.md', '../02-b/'), { kind: 'path', path: '02-b', anchor: null });
    assert.deepEqual(resolveTreeLink('01-a/README.md', '../../x.md'), { kind: 'outside', path: '../x.md' });
    assert.deepEqual(resolveTreeLink('01-a/README.md', '#якорь'), { kind: 'anchor', anchor: 'якорь' });
    assert.deepEqual(resolveTreeLink('01-a/README.md', './%D0%B0.md'), { kind: 'path', path: '01-a/а.md', anchor: null });
    for (const external of ['https://x.kz', 'mailto:a@b.c', '/c/02/', '']) assert.deepEqual(resolveTreeLink('a.md', external), { kind: 'external' });
    assert.equal(relativeHref('01-a/README.md', '02-b/02-01-c/README.md', 'x'), '../02-b/02-01-c/README.md#x');
    assert.equal(relativeHref('01-a/README.md', '01-a/README.md', null), './README.md');
  });

  test('heading anchors follow GitHub: lower case, punctuation and emoji dropped, spaces as hyphens', () => {
    assert.equal(headingAnchor('01\\.01 - Цели \\[📝 В разработке\\]'), '0101---цели--в-разработке');
    assert.equal(headingAnchor('PostgreSQL 🔄 В процессе'), 'postgresql--в-процессе');
  });
});
