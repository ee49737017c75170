import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, lstat, mkdir, mkdtemp, readdir, readFile, readlink, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startTestCms, type TestCms } from '../support/test-cms.js';
import { runCli, type CliResult } from '../support/run-cli.js';
import { repoRoot } from '../../platform/paths.js';
import { importSources } from '../../content/import/sources.js';

/**
 * Every command that reads or writes a path a user gives — the import (a docs tree, a seed
 * file), restore, backup and the export (the git mirror) — tried with hostile symbolic links:
 * to a stand-in for the server's `.env`, to a folder outside, into `.git`, in a loop. Nothing
 * outside the given place is read, written or deleted, and what was refused says where and why.
 */

const FIXTURES = resolve(repoRoot, 'tests/fixtures/trees');
const SEED = resolve(repoRoot, '../shared/seed/tapbot-docs-index.md');
const SECRET_LINE = 'ADMIN_PASSWORD=leak-me-Vx9q2Lr7';

let cms: TestCms;
let tmp: string;
/** Stands in for the server's own folder: its `.env` is what a leak would publish. */
let server: string;

before(async () => {
  cms = await startTestCms();
  tmp = await mkdtemp(join(tmpdir(), 'kb-hostile-'));
  server = join(tmp, 'server');
  await mkdir(server);
  await writeFile(join(server, '.env'), `# production\nSECRET=${'s'.repeat(40)}\n${SECRET_LINE}\nDB_PASSWORD=pg-secret-Ka83\n`);
  await writeFile(join(server, 'notes.txt'), 'файл сервера, который никто не должен перезаписать\n');
  await mkdir(join(server, 'shared-notes'));
  await writeFile(join(server, 'shared-notes', 'README.md'), '---\ntitle: 03.03 - Общие заметки\n---\n\nЗаметки из другой папки сервера.\n');
});
after(async () => {
  await cms?.destroy();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

async function sectionCount(): Promise<number> {
  const response = await cms.api('GET', '/items/sections?aggregate[count]=*');
  return Number(response.body.data[0].count);
}

function cli(script: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return runCli(cms, script, args, { cwd: tmp, env });
}

/**
 * A real-shaped tree (the messy fixture: folders without numbers, a picture beside an article,
 * a stub) with a chapter of operations notes, into which each test plants its own link.
 */
async function tree(name: string): Promise<string> {
  const dir = join(tmp, name);
  await cp(join(FIXTURES, 'messy'), dir, { recursive: true });
  await mkdir(join(dir, '03-ops'));
  await writeFile(
    join(dir, '03-ops', 'README.md'),
    '---\ntitle: 03 - Эксплуатация\n---\n\nКак мы выкатываем и чиним. Подробности — в [основах](../01-osnovy/README.md).\n\n## Дежурства\n\nДежурный меняется по понедельникам.\n',
  );
  await writeFile(
    join(dir, '03-ops', '03-01-deploy.md'),
    '---\ntitle: 03.01 - Выкатка 📝 В разработке\n---\n\n```sh\ndocker compose pull && docker compose up -d --remove-orphans --wait --wait-timeout 120 directus publisher web preview\n```\n',
  );
  await mkdir(join(dir, '.git'));
  await writeFile(join(dir, '.git', 'config'), '[remote "origin"]\n\turl = https://deploy:ghp_tokenInTheGitConfig@github.com/tapbot/docs.git\n');
  return dir;
}

function assertNoSecret(result: CliResult): void {
  for (const text of [result.stdout, result.stderr]) {
    assert.ok(!text.includes('leak-me'), 'the secret is not printed');
    assert.ok(!text.includes('ghp_token'), 'the git credentials are not printed');
    assert.ok(!text.includes('pg-secret'), 'no line of the .env is printed');
  }
}

describe('the import reads nothing outside the tree it is given', () => {
  test('a file symlink to the server\'s .env is a file:line problem; exit 2, nothing written, nothing printed of it', async () => {
    const dir = await tree('leak-file');
    await symlink('../../server/.env', join(dir, '03-ops', '03-02-env.md'));
    const before = await sectionCount();
    const result = await cli('scripts/import.ts', ['leak-file']);
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /leak-file\/03-ops\/03-02-env\.md:1: Символическая ссылка \(→ \.\.\/\.\.\/server\/\.env\) ведёт в файл за пределами дерева.*Ничего не записано/);
    assert.equal(await sectionCount(), before);
    assertNoSecret(result);
  });

  test('a folder symlink out of the tree is a problem too (it was only a warning), and nothing under it is read', async () => {
    const dir = await tree('leak-folder');
    await symlink('../../server/shared-notes', join(dir, '03-ops', '03-03-shared'));
    const before = await sectionCount();
    const result = await cli('scripts/import.ts', ['leak-folder']);
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /leak-folder\/03-ops\/03-03-shared: Символическая ссылка \(→ \.\.\/\.\.\/server\/shared-notes\) ведёт в папку за пределами дерева/);
    assert.ok(!result.stdout.includes('Общие заметки'), 'the linked folder was not read');
    assert.equal(await sectionCount(), before);
  });

  test('a symlink inside the tree into its .git is refused: hidden parts are never read, linked or not', async () => {
    const dir = await tree('leak-git');
    await symlink('../.git/config', join(dir, '03-ops', '03-04-remote.md'));
    const result = await cli('scripts/import.ts', ['leak-git']);
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /leak-git\/03-ops\/03-04-remote\.md:1: Символическая ссылка \(→ \.\.\/\.git\/config\) ведёт в файл внутри скрытой части дерева \(«\.git»\)/);
    assertNoSecret(result);
  });

  test('a loop of symlinks is a problem with its file, not a hang and not a silent skip', async () => {
    const dir = await tree('loop');
    await symlink('03-05-b.md', join(dir, '03-ops', '03-05-a.md'));
    await symlink('03-05-a.md', join(dir, '03-ops', '03-05-b.md'));
    const result = await cli('scripts/import.ts', ['loop']);
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /loop\/03-ops\/03-05-a\.md:1: Цикл символических ссылок/);
  });

  test('a symlink that stays inside the visible tree is allowed and read as if the file were there', async () => {
    const dir = await tree('inside');
    await writeFile(join(dir, 'assets', 'release-checklist.txt'), '---\ntitle: 03.06 - Чек-лист выкатки\n---\n\n- [ ] миграции применены\n- [ ] `/status` публикатора зелёный\n');
    await symlink('../assets/release-checklist.txt', join(dir, '03-ops', '03-06-checklist.md'));
    const result = await importSources([{ path: dir, label: 'inside' }], { client: cms.admin, progress: null });
    assert.equal(result.plan.problems.length, 0);
    const stored = await cms.api('GET', '/items/sections?filter[code][_eq]=03.06&fields=title,body');
    assert.equal(stored.body.data[0]?.title, 'Чек-лист выкатки');
    assert.match(stored.body.data[0]?.body ?? '', /публикатора зелёный/);
  });

  test('a file over IMPORT_MAX_FILE_SIZE is a problem that names the setting; nothing is written', async () => {
    const dir = await tree('oversized');
    const longLine = `2025-06-01T10:00:00Z directus[1]: ${'x'.repeat(400)}\n`;
    await writeFile(join(dir, '03-ops', '03-07-logs.md'), `---\ntitle: 03.07 - Журнал сбоя\n---\n\n\`\`\`\n${longLine.repeat(250)}\`\`\`\n`);
    const before = await sectionCount();
    const result = await cli('scripts/import.ts', ['oversized'], { IMPORT_MAX_FILE_SIZE: '64kb' });
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /oversized\/03-ops\/03-07-logs\.md:1: Файл размером 10\d\.\d KB больше предела IMPORT_MAX_FILE_SIZE \(64\.0 KB\).*увеличьте IMPORT_MAX_FILE_SIZE в \.env/);
    assert.equal(await sectionCount(), before);
    const fits = await cli('scripts/import.ts', ['oversized', '--dry-run'], { IMPORT_MAX_FILE_SIZE: '1mb' });
    assert.equal(fits.code, 0, fits.stderr);
  });

  test('a seed file that is a symlink out of its folder, or to a dotfile beside it, is refused', async () => {
    await mkdir(join(tmp, 'docs'));
    await symlink('../server/.env', join(tmp, 'docs', 'tapbot-docs-index.md'));
    await cp(join(server, '.env'), join(tmp, 'docs', '.env'));
    await symlink('.env', join(tmp, 'docs', 'index.md'));
    const before = await sectionCount();
    const outside = await cli('scripts/import.ts', ['docs/tapbot-docs-index.md']);
    assert.equal(outside.code, 2, outside.stderr);
    assert.match(outside.stderr, /docs\/tapbot-docs-index\.md:1: Символическая ссылка \(→ \.\.\/server\/\.env\) ведёт в файл за пределами дерева/);
    const hidden = await cli('scripts/import.ts', ['docs/index.md']);
    assert.equal(hidden.code, 2, hidden.stderr);
    assert.match(hidden.stderr, /docs\/index\.md:1: Символическая ссылка \(→ \.env\) ведёт в файл внутри скрытой части/);
    assert.equal(await sectionCount(), before);
    assertNoSecret(outside);
    assertNoSecret(hidden);
  });
});

describe('restore, backup and the export stay in their own place', () => {
  test('restore refuses a backup name that is a symlink to the .env, and never quotes the file', async () => {
    await symlink('server/.env', join(tmp, 'kb-backup.json'));
    const result = await cli('scripts/restore.ts', ['kb-backup.json']);
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /Cannot read kb-backup\.json: it is a symbolic link \(→ server\/\.env\) to a hidden file \(\.env\)\. Give the backup file `npm run backup` wrote/);
    assertNoSecret(result);
    await cp(join(server, '.env'), join(tmp, 'not-a-backup.json'));
    const plain = await cli('scripts/restore.ts', ['not-a-backup.json']);
    assert.equal(plain.code, 2, plain.stderr);
    assert.match(plain.stderr, /not-a-backup\.json is not JSON/);
    assertNoSecret(plain);
  });

  test('backup replaces a symlink at its file name instead of writing through it, and the file is private', async () => {
    await importSources([{ path: SEED, label: 'seed.md' }], { client: cms.admin, progress: null });
    await symlink('server/notes.txt', join(tmp, 'nightly.json'));
    const result = await cli('scripts/backup.ts', ['nightly.json']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(await readFile(join(server, 'notes.txt'), 'utf8'), 'файл сервера, который никто не должен перезаписать\n');
    const info = await lstat(join(tmp, 'nightly.json'));
    assert.ok(info.isFile(), 'a plain file now');
    assert.equal(info.mode & 0o777, 0o600);
    assert.match(await readFile(join(tmp, 'nightly.json'), 'utf8'), /"format": "tapbot-kb-backup"/);
  });

  test('the export never writes or deletes through a symlink in its folder: the links where its files were go, what they point to stays', async () => {
    const mirror = join(tmp, 'mirror');
    const first = await cli('scripts/export.ts', ['mirror']);
    assert.equal(first.code, 0, first.stderr);
    // What someone with write access to the mirror could plant: a section's README turned into a
    // link to the server's notes, a chapter folder turned into a link to a folder outside, and a
    // stray link that the export would delete.
    const chapters = (await readdir(mirror)).filter((name) => /^\d\d-/.test(name)).sort();
    assert.ok(chapters.length >= 2, chapters.join());
    const [firstChapter, secondChapter] = chapters as [string, string];
    const readme = `${secondChapter}/README.md`;
    await rm(join(mirror, readme));
    await symlink('../../server/notes.txt', join(mirror, readme));
    const outsideFolder = join(tmp, 'outside-folder');
    await mkdir(outsideFolder);
    await writeFile(join(outsideFolder, 'keep.md'), 'не трогать\n');
    await rm(join(mirror, firstChapter), { recursive: true });
    await symlink('../outside-folder', join(mirror, firstChapter));
    await symlink('../server/.env', join(mirror, 'stale-link.md'));

    const second = await cli('scripts/export.ts', ['mirror']);
    assert.equal(second.code, 0, second.stderr);
    assert.ok(second.stdout.includes(`warning: ${readme} is a symbolic link (→ ../../server/notes.txt); the export writes plain files only and removed the link, not what it points to`), second.stdout);
    assert.equal(await readFile(join(server, 'notes.txt'), 'utf8'), 'файл сервера, который никто не должен перезаписать\n');
    assert.ok((await stat(join(server, '.env'))).isFile(), 'the link\'s target was not deleted');
    assert.deepEqual(await readdir(outsideFolder), ['keep.md'], 'nothing was written into the folder outside');
    assert.equal(await readFile(join(outsideFolder, 'keep.md'), 'utf8'), 'не трогать\n');
    for (const path of [readme, firstChapter]) assert.ok(!(await lstat(join(mirror, path))).isSymbolicLink(), `${path} is no longer a link`);
    assert.match(await readFile(join(mirror, readme), 'utf8'), /^---\ntitle: \d\d - /);
    assert.ok((await readdir(join(mirror, firstChapter))).includes('README.md'), 'the chapter was written as a real folder');
    assert.equal(await readlink(join(mirror, 'stale-link.md')), '../server/.env', 'a link the export did not make is not its own: left alone, never followed');
  });
});
