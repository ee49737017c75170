import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { startTestCms, type TestCms, type TestUser } from '../support/test-cms.js';
import type { StoredSection } from '../support/stored-section.js';
import { runCli } from '../support/run-cli.js';
import { repoRoot } from '../../platform/paths.js';
import { importSources } from '../../content/import/sources.js';
import { exportTree } from '../../content/export/tree.js';
import { MIRROR_DOC_ROOT } from '../../core/docs-tree-export.js';

const EXAMPLE = resolve(repoRoot, '../shared/examples/gramax-tree');
const git = promisify(execFile);

let cms: TestCms;
let tmp: string;
let mirror: string;
let cto: TestUser;
let alice: TestUser;
before(async () => {
  cms = await startTestCms();
  tmp = await mkdtemp(join(tmpdir(), 'kb-export-'));
  mirror = join(tmp, 'mirror');
  cto = await cms.createUser('cto', 'Кадырхан Ахметов');
  alice = await cms.createUser('student', 'Алиса Иванова');
  await importSources([{ path: EXAMPLE, label: 'gramax-tree' }], { client: cms.admin, progress: null });
});
after(async () => {
  await cms?.destroy();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

async function sections(): Promise<Map<string, StoredSection>> {
  const response = await cms.api('GET', '/items/sections?limit=-1&sort=code&fields=*');
  assert.equal(response.status, 200, JSON.stringify(response.body));
  return new Map((response.body.data as StoredSection[]).map((s) => [s.code, s]));
}

async function files(dir: string, prefix = ''): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (const entry of await readdir(join(dir, prefix), { withFileTypes: true })) {
    if (entry.name === '.git') continue;
    const path = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) for (const [p, c] of await files(dir, path)) found.set(p, c);
    else found.set(path, await readFile(join(dir, path), 'utf8'));
  }
  return found;
}

function digest(tree: Map<string, string>): string {
  const hash = createHash('sha256');
  for (const path of [...tree.keys()].sort()) hash.update(`${path}\0${tree.get(path)}\0`);
  return hash.digest('hex');
}

interface Commit {
  id: string;
  author: string;
  authorDate: string;
  committer: string;
  subject: string;
  files: string[];
}

async function log(dir: string): Promise<Commit[]> {
  const { stdout } = await git('git', ['-C', dir, 'log', '--format=%x1e%H%x1f%an <%ae>%x1f%aI%x1f%cn <%ce>%x1f%s', '--name-only', '--no-renames']);
  return stdout
    .split('\x1e')
    .filter((chunk) => chunk.trim())
    .map((chunk) => {
      const [head = '', ...rest] = chunk.trim().split('\n');
      const [id = '', author = '', authorDate = '', committer = '', subject = ''] = head.split('\x1f');
      return { id, author, authorDate, committer, subject, files: rest.filter((l) => l.trim()).sort() };
    });
}

const seconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);

describe('export', () => {
  test('writes the Gramax layout: a folder per section with README.md carrying every field, links as relative paths', async () => {
    const all = await sections();
    const hosting = all.get('02.01') as StoredSection;
    const update = await cms.api('PATCH', `/items/sections/${hosting.id}`, { body: { owner: alice.id, summary: 'Где живут сервисы', due_date: '2026-03-01' } });
    assert.equal(update.status, 200, JSON.stringify(update.body));

    const result = await exportTree({ client: cms.admin, dir: mirror });
    assert.deepEqual({ sections: result.sections, written: result.written, deleted: result.deleted, commits: result.commits }, { sections: 11, written: 12, deleted: 0, commits: [] });
    const tree = await files(mirror);
    assert.deepEqual([...tree.keys()].sort(), [
      '.doc-root.yaml',
      '.kb-export.json',
      '01-obzor/01-01-tseli/01-01-01-biznes-tseli/README.md',
      '01-obzor/01-01-tseli/01-01-02-tekhnicheskie-tseli/README.md',
      '01-obzor/01-01-tseli/README.md',
      '01-obzor/01-02-komanda/README.md',
      '01-obzor/README.md',
      '02-platforma/02-01-khosting/02-01-01-osnovnoy-server/README.md',
      '02-platforma/02-01-khosting/02-01-02-rezervnyy-server/README.md',
      '02-platforma/02-01-khosting/README.md',
      '02-platforma/02-02-dannye/02-02-01-postgresql/README.md',
      '02-platforma/02-02-dannye/README.md',
      '02-platforma/README.md',
    ]);
    assert.equal(tree.get('.doc-root.yaml'), MIRROR_DOC_ROOT);
    assert.deepEqual(JSON.parse(tree.get('.kb-export.json') ?? '').files, [...tree.keys()].filter((path) => path !== '.kb-export.json').sort(), 'the manifest lists every file the export wrote');
    assert.equal(
      tree.get('02-platforma/02-01-khosting/README.md'),
      [
        '---',
        'title: 02.01 - Хостинг',
        `id: ${hosting.id}`,
        'code: "02.01"',
        'status: published',
        `owner: ${alice.email}`,
        'summary: Где живут сервисы',
        'slug: khosting',
        'due_date: 2026-03-01',
        'previous_codes: []',
        'previous_paths: []',
        'source: ./02-platform/02-01-hosting/README.md',
        '---',
        '',
        '> **Внимание:** Доступ к серверам — только по SSH-ключам.',
        '',
      ].join('\n'),
    );
    assert.match(tree.get('01-obzor/01-02-komanda/README.md') ?? '', /\[разделе о платформе\]\(\.\.\/\.\.\/02-platforma\/README\.md\)\.\n$/);
    assert.match(tree.get('02-platforma/README.md') ?? '', /\[хостинг\]\(\.\/02-01-khosting\/README\.md\) и \[данные\]\(\.\/02-02-dannye\/README\.md\)/);
    assert.match(tree.get('01-obzor/01-01-tseli/README.md') ?? '', /\n---\n$/, 'a section without a body ends right after its front matter');
    for (const [path, content] of tree) {
      assert.ok(content.endsWith('\n') && !content.endsWith('\n\n') && !content.includes('\r'), `${path}: LF, one trailing newline`);
    }
  });

  test('is deterministic: a second export writes nothing and the bytes are the same', async () => {
    const before = digest(await files(mirror));
    const again = await exportTree({ client: cms.admin, dir: mirror });
    assert.deepEqual({ written: again.written, deleted: again.deleted, unchanged: again.unchanged }, { written: 0, deleted: 0, unchanged: 12 });
    assert.equal(digest(await files(mirror)), before);
    const elsewhere = join(tmp, 'second');
    await exportTree({ client: cms.admin, dir: elsewhere });
    assert.equal(digest(await files(elsewhere)), before, 'a fresh folder gets the same bytes');
  });

  test('importing the export changes no section', async () => {
    const before = await sections();
    const result = await importSources([{ path: mirror, label: 'mirror' }], { client: cms.admin, progress: null });
    assert.deepEqual({ create: result.plan.counts.create, update: result.plan.counts.update, conflict: result.plan.counts.conflict }, { create: 0, update: 0, conflict: 0 });
    const after = await sections();
    for (const [code, section] of before) {
      const { import_hash: _h, imported_at: _i, date_updated: _d, user_updated: _u, ...fields } = section;
      const { import_hash: _h2, imported_at: _i2, date_updated: _d2, user_updated: _u2, ...again } = after.get(code) as StoredSection;
      assert.deepEqual(again, fields, code);
    }
  });

  test('--git commits the changes with each editor as the author, one commit per editor, and nothing when nothing changed', async () => {
    const dir = join(tmp, 'git-mirror');
    const first = await exportTree({ client: cms.admin, dir, git: true, now: () => new Date('2030-01-01T00:00:00Z') });
    assert.equal(first.commits.length, 2);
    let commits = await log(dir);
    assert.deepEqual(commits.map((c) => [c.author, c.committer]), [
      ['tapbot-kb export <export@tapbot.kz>', 'tapbot-kb export <export@tapbot.kz>'],
      ['Admin User <admin@example.com>', 'tapbot-kb export <export@tapbot.kz>'],
    ]);
    assert.deepEqual(commits[0]?.files, ['.doc-root.yaml', '.kb-export.json']);
    assert.equal(commits[1]?.files.length, 11);

    const all = await sections();
    const team = all.get('01.02') as StoredSection;
    const data = all.get('02.02') as StoredSection;
    const byCto = await cms.api('PATCH', `/items/sections/${team.id}`, { token: cto.token, body: { body: 'Команда: CTO и студенты.' } });
    assert.equal(byCto.status, 200, JSON.stringify(byCto.body));
    await new Promise((r) => setTimeout(r, 1100));
    const byAlice = await cms.api('PATCH', `/items/sections/${data.id}`, { body: { owner: alice.id, status: 'in_progress' } });
    assert.equal(byAlice.status, 200);
    const aliceEdit = await cms.api('PATCH', `/items/sections/${data.id}`, { token: alice.token, body: { body: 'Данные: бэкапы и реплики.' } });
    assert.equal(aliceEdit.status, 200, JSON.stringify(aliceEdit.body));

    const second = await exportTree({ client: cms.admin, dir, git: true });
    assert.equal(second.commits.length, 2);
    commits = await log(dir);
    const after = await sections();
    const [aliceCommit, ctoCommit] = commits;
    assert.equal(ctoCommit?.author, `Кадырхан Ахметов <${cto.email}>`);
    assert.equal(seconds(ctoCommit?.authorDate ?? ''), seconds(after.get('01.02')?.date_updated as string), "the author date is the editor's change");
    assert.deepEqual(ctoCommit?.files, ['01-obzor/01-02-komanda/README.md']);
    assert.match(ctoCommit?.subject ?? '', /^Обновлены разделы: 01\.02 Команда/);
    assert.equal(aliceCommit?.author, `Алиса Иванова <${alice.email}>`);
    assert.deepEqual(aliceCommit?.files, ['02-platforma/02-02-dannye/README.md']);
    assert.equal(aliceCommit?.committer, 'tapbot-kb export <export@tapbot.kz>');
    assert.ok(seconds(aliceCommit?.authorDate ?? '') > seconds(ctoCommit?.authorDate ?? ''), 'oldest change first');

    const none = await exportTree({ client: cms.admin, dir, git: true });
    assert.deepEqual(none.commits, []);
    assert.equal((await log(dir)).length, commits.length, 'no changes, no commit');
  });

  test('a deleted section loses its folder; a renamed one moves under its editor', async () => {
    const dir = join(tmp, 'git-mirror');
    const all = await sections();
    const gone = all.get('02.01.02') as StoredSection;
    const deleted = await cms.api('DELETE', `/items/sections/${gone.id}`);
    assert.equal(deleted.status, 204, JSON.stringify(deleted.body));
    const renamed = await cms.api('PATCH', `/items/sections/${(all.get('02.02.01') as StoredSection).id}`, { token: cto.token, body: { slug: 'postgres' } });
    assert.equal(renamed.status, 200, JSON.stringify(renamed.body));

    const result = await exportTree({ client: cms.admin, dir, git: true });
    assert.equal(result.deleted, 2);
    await assert.rejects(stat(join(dir, '02-platforma/02-01-khosting/02-01-02-rezervnyy-server')), /ENOENT/);
    await assert.rejects(stat(join(dir, '02-platforma/02-02-dannye/02-02-01-postgresql')), /ENOENT/);
    assert.ok((await files(dir)).has('02-platforma/02-02-dannye/02-02-01-postgres/README.md'));
    const [deletion, rename] = await log(dir);
    assert.equal(rename?.author, `Кадырхан Ахметов <${cto.email}>`);
    assert.deepEqual(rename?.files, ['02-platforma/02-02-dannye/02-02-01-postgres/README.md', '02-platforma/02-02-dannye/02-02-01-postgresql/README.md']);
    assert.equal(deletion?.author, 'tapbot-kb export <export@tapbot.kz>');
    assert.match(deletion?.subject ?? '', /^Удалены разделы/);
    assert.deepEqual(deletion?.files, ['.kb-export.json', '02-platforma/02-01-khosting/02-01-02-rezervnyy-server/README.md']);
    const { stdout: body } = await git('git', ['-C', dir, 'log', '--format=%B', '-2']);
    assert.match(body, /^deleted 02-platforma\/02-01-khosting\/02-01-02-rezervnyy-server\/README\.md$/m, 'the commit message lists each file');
    assert.match(body, /^renamed 02-platforma\/02-02-dannye\/02-02-01-postgresql\/README\.md → 02-platforma\/02-02-dannye\/02-02-01-postgres\/README\.md$/m);
  });

  test('a section moved in the mirror (folder and code) moves in Directus, keeping its id and its old code', async () => {
    const dir = join(tmp, 'move-mirror');
    await exportTree({ client: cms.admin, dir });
    const from = join(dir, '02-platforma/02-01-khosting/02-01-01-osnovnoy-server');
    const to = join(dir, '02-platforma/02-02-dannye/02-02-05-osnovnoy-server');
    const text = (await readFile(join(from, 'README.md'), 'utf8')).replace('title: 02.01.01 - ', 'title: 02.02.05 - ').replace('code: 02.01.01', 'code: 02.02.05');
    await rm(from, { recursive: true });
    await mkdir(to, { recursive: true });
    await writeFile(join(to, 'README.md'), text);
    const before = (await sections()).get('02.01.01') as StoredSection;

    const result = await importSources([{ path: dir, label: 'move-mirror' }], { client: cms.admin, progress: null });
    assert.deepEqual(result.plan.entries.filter((e) => e.kind === 'update').map((e) => [e.code, e.kind === 'update' && e.changed]), [['02.02.05', ['code', 'parent', 'previous_codes']]]);
    const all = await sections();
    const moved = all.get('02.02.05') as StoredSection;
    assert.equal(moved.id, before.id);
    assert.equal(moved.parent, all.get('02.02')?.id);
    assert.deepEqual(moved.previous_codes, ['02.01.01']);
    assert.ok(!all.has('02.01.01'));

    const again = await importSources([{ path: dir, label: 'move-mirror' }], { client: cms.admin, progress: null });
    assert.equal(again.plan.counts.update + again.plan.counts.create + again.plan.counts.conflict, 0, 'and a second import changes nothing');
    await exportTree({ client: cms.admin, dir });
    assert.match(await readFile(join(to, 'README.md'), 'utf8'), /previous_codes:\n {2}- 02\.01\.01\n/);
  });

  test('refuses a folder that holds something else, and never deletes a file it did not write', async () => {
    const other = join(tmp, 'not-a-mirror');
    await mkdir(other, { recursive: true });
    await writeFile(join(other, 'notes.txt'), 'чужой файл');
    await assert.rejects(exportTree({ client: cms.admin, dir: other }), /is not empty and is not an export \(there is no \.doc-root\.yaml\).*Choose another folder/);
    assert.deepEqual([...(await files(other)).keys()], ['notes.txt']);

    await writeFile(join(mirror, '.gitignore'), '*.tmp\n');
    await writeFile(join(mirror, 'stray.md'), 'not a section');
    await writeFile(join(mirror, '02-platforma/02-01-khosting/02-01-02-rezervnyy-server/failover.sh'), '#!/bin/sh\nip addr add 10.0.0.2/24 dev eth0\n');
    const result = await exportTree({ client: cms.admin, dir: mirror });
    assert.equal(result.deleted, 3, 'the deleted section, the old files of the renamed and the moved one');
    assert.equal(await readFile(join(mirror, '.gitignore'), 'utf8'), '*.tmp\n');
    assert.equal(await readFile(join(mirror, 'stray.md'), 'utf8'), 'not a section', 'a file the export did not write stays');
    assert.match(await readFile(join(mirror, '02-platforma/02-01-khosting/02-01-02-rezervnyy-server/failover.sh'), 'utf8'), /ip addr add/, 'a script beside a deleted section stays, and so does its folder');
  });

  test('a team\'s catalog is refused without --into-catalog; with it, nothing of theirs is deleted or rewritten', async () => {
    const catalog = join(tmp, 'team-docs');
    const team: Record<string, string> = {
      '.doc-root.yaml': 'title: tapbot docs\nproperties:\n  - name: Статус\n    values: [Готово, В работе]\n',
      '.gitignore': 'node_modules\n',
      'README.md': '# Документация\n\n| Раздел | Статус |\n|---|---|\n| 02 | В работе |\n',
      '02-infra/README.md': '---\ntitle: 02 - Инфраструктура\n---\n\n## 02\\.01 - Обзор серверов\n\nКоротко о серверах.\n',
      '02-infra/_index.md': '---\ntitle: 02-infra\n---\n',
      'configs/server1/deploy.sh': '#!/bin/sh\nrsync -a ./ server1:/srv/app\n',
      'configs/server1/postgres_custom.conf': 'shared_buffers = 4GB\n',
    };
    for (const [path, text] of Object.entries(team)) {
      await mkdir(join(catalog, path, '..'), { recursive: true });
      await writeFile(join(catalog, path), text);
    }
    await git('git', ['-C', catalog, 'init', '-q', '-b', 'main']);
    await git('git', ['-C', catalog, 'add', '-A']);
    await git('git', ['-C', catalog, '-c', 'user.name=Team', '-c', 'user.email=team@tapbot.kz', 'commit', '-qm', 'docs']);

    const teamCommit = (await git('git', ['-C', catalog, 'rev-parse', 'HEAD'])).stdout.trim();
    const refused = await runCli(cms, 'scripts/export.ts', [catalog, '--git'], { cwd: tmp });
    assert.equal(refused.code, 1, refused.stderr);
    assert.match(refused.stderr, /is a catalog that this knowledge base did not export .*--into-catalog/s);
    assert.equal((await git('git', ['-C', catalog, 'status', '--porcelain'])).stdout, '', 'nothing was written');

    const into = await runCli(cms, 'scripts/export.ts', [catalog, '--git', '--into-catalog'], { cwd: tmp });
    assert.equal(into.code, 0, into.stderr);
    assert.match(into.stdout, /^ {2}added 02-platforma\/README\.md$/m, 'the output lists each file');
    const after = await files(catalog);
    for (const [path, text] of Object.entries(team)) assert.equal(after.get(path), text, `${path} is the team's and stays as it was`);
    const { stdout: all } = await git('git', ['-C', catalog, 'log', '--format=', '--name-status', `${teamCommit}..main`]);
    assert.ok(all.includes('.kb-export.json'), all);
    assert.deepEqual([...new Set(all.trim().split('\n').filter(Boolean).map((line) => line[0]))], ['A'], 'only additions: no team file deleted or modified');
    assert.equal((await git('git', ['-C', catalog, 'status', '--porcelain'])).stdout, '');

    const again = await runCli(cms, 'scripts/export.ts', [catalog, '--git'], { cwd: tmp });
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /0 files written, 0 deleted/, 'once it has exported there, the manifest makes it its export');
  });

  test('npm run export writes the folder and commits with --git', async () => {
    const run = (args: string[]) => runCli(cms, 'scripts/export.ts', args, { cwd: tmp });
    const ok = await run(['cli-mirror', '--git']);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /Exported 10 sections to .*cli-mirror: 11 files written, 0 deleted, 0 unchanged; 3 commits/);
    // The import of the moved mirror re-recorded 01.02 and 02.02 as imported (their edits in
    // Directus matched the mirror), so the admin who ran it is their last editor now.
    const commits = await log(join(tmp, 'cli-mirror'));
    assert.deepEqual(commits.map((c) => c.author.replace(/ <.*/, '')).sort(), ['Admin User', 'tapbot-kb export', 'Кадырхан Ахметов']);
    assert.deepEqual(commits.find((c) => c.author.startsWith('Кадырхан'))?.files, ['02-platforma/02-02-dannye/02-02-01-postgres/README.md']);
    const usage = await run([]);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /give the folder to write: npm run export -- <folder> \[--git\] \[--into-catalog\]/);
  });
});
