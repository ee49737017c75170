import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { lstat, mkdir, mkdtemp, readFile, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hiddenPart, isInside, readContainedFile, replaceFile } from './contained-files.js';

let tmp: string;
let root: string;
before(async () => {
  tmp = await realpath(await mkdtemp(join(tmpdir(), 'kb-contained-')));
  root = join(tmp, 'docs');
  await mkdir(join(root, '01-intro'), { recursive: true });
  await mkdir(join(root, '.git'));
  await writeFile(join(root, '01-intro', 'README.md'), '# 01 - Введение\n');
  await writeFile(join(root, '.git', 'config'), '[remote]\n');
  await writeFile(join(tmp, '.env'), 'SECRET=x\n');
});
after(() => rm(tmp, { recursive: true, force: true }));

const limit = { maxBytes: 1024 };

test('containment is by path parts, not by string prefix', () => {
  assert.ok(isInside('/srv/docs', '/srv/docs'));
  assert.ok(isInside('/srv/docs', '/srv/docs/01/README.md'));
  assert.ok(!isInside('/srv/docs', '/srv/docs-secret/README.md'));
  assert.ok(!isInside('/srv/docs', '/srv/.env'));
  assert.equal(hiddenPart('/srv/docs', '/srv/docs/.git/config'), '.git');
  assert.equal(hiddenPart('/srv/docs', '/srv/docs/a/node_modules/x.md', [], new Set(['node_modules'])), 'node_modules');
  assert.equal(hiddenPart('/srv/docs', '/srv/docs/.doc-root.yaml', ['.doc-root.yaml']), null);
});

test('a plain file inside is read; links out of the root or into its hidden parts are refused', async () => {
  const plain = await readContainedFile(root, '01-intro/README.md', limit);
  assert.ok(plain.ok && plain.bytes.toString() === '# 01 - Введение\n');
  await symlink('../../.env', join(root, '01-intro', '01-01-env.md'));
  assert.deepEqual(await readContainedFile(root, '01-intro/01-01-env.md', limit), { ok: false, refusal: { kind: 'outside', link: '../../.env' } });
  await symlink('../.git/config', join(root, '01-intro', '01-02-git.md'));
  assert.deepEqual(await readContainedFile(root, '01-intro/01-02-git.md', limit), { ok: false, refusal: { kind: 'hidden', link: '../.git/config', inside: '.git' } });
  await symlink('README.md', join(root, '01-intro', '01-03-same.md'));
  assert.ok((await readContainedFile(root, '01-intro/01-03-same.md', limit)).ok, 'a link within the visible tree is fine');
  await symlink('..', join(root, '01-intro', 'up'));
  assert.equal((await readContainedFile(root, '01-intro/up/01-intro/README.md', limit)).ok, true);
  await symlink('../..', join(root, '01-intro', 'way-up'));
  assert.equal((await readContainedFile(root, '01-intro/way-up/.env', limit)).ok, false, 'a folder link out is refused for the files under it');
});

test('size cap, special files, loops and missing targets', async () => {
  await writeFile(join(root, '01-intro', 'big.md'), 'x'.repeat(2000));
  assert.deepEqual(await readContainedFile(root, '01-intro/big.md', limit), { ok: false, refusal: { kind: 'too-large', bytes: 2000, maxBytes: 1024 } });
  const exact = await readContainedFile(root, '01-intro/big.md', { maxBytes: 2000 });
  assert.ok(exact.ok && exact.bytes.length === 2000, 'a file of exactly the limit is read whole');
  execFileSync('mkfifo', [join(root, '01-intro', 'pipe.md')]);
  assert.deepEqual(await readContainedFile(root, '01-intro/pipe.md', limit), { ok: false, refusal: { kind: 'not-a-file' } }, 'a FIFO does not hang the read');
  await symlink('loop-b.md', join(root, 'loop-a.md'));
  await symlink('loop-a.md', join(root, 'loop-b.md'));
  assert.deepEqual(await readContainedFile(root, 'loop-a.md', limit), { ok: false, refusal: { kind: 'loop' } });
  await symlink('nowhere.md', join(root, 'dangling.md'));
  assert.deepEqual(await readContainedFile(root, 'dangling.md', limit), { ok: false, refusal: { kind: 'missing' } });
});

test('replaceFile replaces a link instead of writing through it, and sets the mode of a file that existed', async () => {
  const target = join(tmp, 'elsewhere.txt');
  await writeFile(target, 'keep');
  await symlink(target, join(tmp, 'out.json'));
  await replaceFile(join(tmp, 'out.json'), '{}', { mode: 0o600 });
  assert.equal(await readFile(target, 'utf8'), 'keep');
  const info = await lstat(join(tmp, 'out.json'));
  assert.ok(info.isFile());
  assert.equal(info.mode & 0o777, 0o600);
  await writeFile(join(tmp, 'open.json'), 'old', { mode: 0o644 });
  await replaceFile(join(tmp, 'open.json'), 'new', { mode: 0o600 });
  assert.equal((await lstat(join(tmp, 'open.json'))).mode & 0o777, 0o600);
});
