import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startTestCms, type TestCms, type TestUser } from '../support/test-cms.js';
import type { StoredSection } from '../support/stored-section.js';
import { runCli } from '../support/run-cli.js';
import { repoRoot } from '../../platform/paths.js';
import { loginForToken } from '../../platform/cms-client.js';
import { importSources } from '../../content/import/sources.js';
import { createBackup } from '../../content/backup/create.js';
import { loadBackupFile, restoreBackup } from '../../content/backup/restore.js';
import type { Backup } from '../../content/backup/format.js';
import { isKbError } from '../../core/errors.js';

/**
 * Everything the team would miss, backed up from instance A and restored into a fresh B that
 * then equals A: sections field for field (ids and who changed what, when), users with their
 * roles and passwords, comments, and the pending content versions the CTO reviews.
 */

const SEED = resolve(repoRoot, '../shared/seed/tapbot-docs-index.md');

let a: TestCms;
let b: TestCms;
let tmp: string;
let cto: TestUser;
let alice: TestUser;
let boris: TestUser;

function run(cms: TestCms, script: string, args: string[]) {
  return runCli(cms, script, args, { cwd: tmp });
}

async function sectionByCode(cms: TestCms, code: string): Promise<StoredSection> {
  const response = await cms.api('GET', `/items/sections?filter[code][_eq]=${code}&fields=*`);
  return response.body.data[0];
}

before(async () => {
  [a, b] = await Promise.all([startTestCms(), startTestCms()]);
  tmp = await mkdtemp(join(tmpdir(), 'kb-backup-'));
  cto = await a.createUser('cto', 'Кадырхан Ахметов');
  alice = await a.createUser('student', 'Алиса Иванова');
  boris = await a.createUser('student', 'Борис Петров');
  const suspended = await a.api('POST', '/users', { body: { email: 'former@example.com', first_name: 'Бывший', last_name: 'Студент', role: null, status: 'suspended', password: 'старый-пароль-123' } });
  assert.equal(suspended.status, 200, JSON.stringify(suspended.body));

  await importSources([{ path: SEED, label: 'seed.md' }], { client: a.admin, progress: null });
  const edit = async (code: string, token: string, body: Record<string, unknown>, expected = 200) => {
    const section = await sectionByCode(a, code);
    const response = await a.api('PATCH', `/items/sections/${section.id}`, { token, body });
    assert.equal(response.status, expected, JSON.stringify(response.body));
    return section;
  };
  // Edits by different people: the CTO assigns and plans, the students write their own sections.
  await edit('02.01.01', cto.token, { owner: alice.id, due_date: '2026-02-01', summary: 'Первый сервер' });
  await edit('02.01.02', cto.token, { owner: boris.id });
  await edit('02.02.01', cto.token, { owner: alice.id });
  await edit('02.01.01', alice.token, { body: '## Характеристики\n\n| CPU | RAM |\n|---|---|\n| 4 | 8 GB |', status: 'review' });
  await edit('02.01.02', boris.token, { body: 'Резервный сервер: `rsync` каждую ночь.' });
  // Alice's edit of her published page waits in a content version for the CTO.
  const published = await edit('02.02.01', alice.token, { body: 'Предложенная правка' }, 409);
  // A move keeps the old code.
  await edit('08.04.04', cto.token, { code: '08.04.09' });
  const comment = async (token: string, item: string, text: string) => {
    const response = await a.api('POST', '/comments', { token, body: { collection: 'sections', item, comment: text } });
    assert.equal(response.status, 200, JSON.stringify(response.body));
  };
  await comment(cto.token, published.id, 'Алиса, поправь таблицу');
  await comment(alice.token, published.id, 'Готово, посмотрите версию');
  await comment(cto.token, (await sectionByCode(a, '02.01.02')).id, 'Борис, добавь расписание');
});
after(async () => {
  await Promise.all([a?.destroy(), b?.destroy()]);
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

interface Snapshot {
  sections: unknown[];
  users: unknown[];
  comments: unknown[];
  versions: unknown[];
}

/** Everything compared, with users as e-mails: accounts the target already had keep their ids. */
async function snapshot(cms: TestCms): Promise<Snapshot> {
  const get = async (path: string) => {
    const response = await cms.api('GET', path);
    assert.equal(response.status, 200, JSON.stringify(response.body));
    return response.body.data as Record<string, unknown>[];
  };
  const users = await get('/users?limit=-1&fields=id,email,first_name,last_name,status,role.name');
  const email = new Map(users.map((u) => [u.id, u.email]));
  const who = (row: Record<string, unknown>, ...keys: string[]) => ({ ...row, ...Object.fromEntries(keys.map((k) => [k, row[k] ? (email.get(row[k] as string) ?? row[k]) : null])) });
  return {
    sections: (await get('/items/sections?limit=-1&sort=code&fields=*')).map((s) => who(s, 'owner', 'user_created', 'user_updated')),
    users: users
      .filter((u) => u.email !== 'admin@example.com')
      .map(({ id: _id, ...u }) => u)
      .sort((x, y) => String(x.email).localeCompare(String(y.email))),
    comments: (await get('/comments?limit=-1&sort=date_created&fields=id,collection,item,comment,date_created,user_created')).map((c) => who(c, 'user_created')),
    versions: (await get('/versions?limit=-1&fields=id,key,name,collection,item,hash,delta,date_created,date_updated,user_created,user_updated')).map((v) => who(v, 'user_created', 'user_updated')),
  };
}

describe('backup and restore', () => {
  let backup: Backup;
  let file: string;

  test('npm run backup writes a versioned file, readable by its owner only', async () => {
    const result = await run(a, 'scripts/backup.ts', ['kb.json']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /Backed up 189 sections, 6 users, 3 comments and 1 content versions to kb\.json/);
    file = join(tmp, 'kb.json');
    assert.equal((await stat(file)).mode & 0o777, 0o600);
    backup = await loadBackupFile(file);
    assert.equal(backup.format, 'tapbot-kb-backup');
    assert.equal(backup.version, 1);
    assert.deepEqual(backup.roles.map((r) => r.name), ['Administrator', 'CTO', 'Site reader', 'Student']);
    assert.ok(backup.users.find((u) => u.email === alice.email)?.password_hash?.startsWith('$argon2'), 'password hashes come from the database');
    assert.equal(backup.versions[0]?.name, 'Правка: Алиса Иванова');
  });

  test('an invalid file is refused before anything is written', async () => {
    const broken = JSON.parse(await readFile(file, 'utf8')) as Backup;
    (broken.sections[3] as { status: string }).status = 'done';
    (broken.sections[5] as { parent: string }).parent = '00000000-0000-4000-8000-000000000000';
    (broken.comments[0] as { user_created: string }).user_created = '00000000-0000-4000-8000-000000000001';
    await writeFile(join(tmp, 'broken.json'), JSON.stringify(broken));
    const error = await loadBackupFile(join(tmp, 'broken.json'), 'broken.json').then(
      () => assert.fail('an invalid backup must be refused'),
      (e: unknown) => e,
    );
    assert.ok(isKbError(error, 'bad-input'), String(error));
    assert.match(error.message, /sections\.3\.status: Invalid enum value/);
    assert.match(error.message, /sections\.5\.parent: section \S+ has parent 00000000-0000-4000-8000-000000000000, which is not among sections/);
    assert.match(error.message, /comments\.0\.user_created: user 00000000-0000-4000-8000-000000000001 is not among users/);
    assert.match(error.message, /Nothing was restored/);

    await writeFile(join(tmp, 'cut.json'), (await readFile(file, 'utf8')).slice(0, 5000));
    const cli = await run(b, 'scripts/restore.ts', ['cut.json']);
    assert.equal(cli.code, 2);
    assert.match(cli.stderr, /cut\.json is not JSON .*nothing was restored/);
    const sections = await b.api('GET', '/items/sections?limit=1');
    assert.deepEqual(sections.body.data, [], 'the target is still empty');
  });

  test('npm run restore fills an empty instance that then equals the source, and people log in with their old passwords', async () => {
    const result = await run(b, 'scripts/restore.ts', ['kb.json']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /Restored kb\.json: 189 sections, 6 users, 3 comments, 1 content versions\./);
    assert.match(result.stdout, /admin@example\.com: already in the target as /);

    const [source, target] = await Promise.all([snapshot(a), snapshot(b)]);
    assert.equal(target.sections.length, 189);
    for (const [i, section] of source.sections.entries()) assert.deepEqual(target.sections[i], section, `section ${(section as StoredSection).code}`);
    assert.deepEqual(target.users, source.users);
    assert.deepEqual(target.comments, source.comments);
    assert.deepEqual(target.versions, source.versions);

    for (const user of [cto, alice, boris]) {
      const token = await loginForToken(b.url, user.email, user.password);
      assert.ok(token, `${user.email} logs in to the restored instance`);
    }
    await assert.rejects(loginForToken(b.url, 'former@example.com', 'старый-пароль-123'), /Could not log in/, 'a suspended account stays suspended');

    const moved = target.sections.find((s) => (s as StoredSection).code === '08.04.09') as StoredSection;
    assert.deepEqual(moved.previous_codes, ['08.04.04']);
    // The restored rules still hold: Alice may not edit Boris's section in B either.
    const aliceInB = await loginForToken(b.url, alice.email, alice.password);
    const refused = await b.api('PATCH', `/items/sections/${(await sectionByCode(b, '02.01.02')).id}`, { token: aliceInB, body: { body: 'чужая правка' } });
    assert.equal(refused.status, 403, JSON.stringify(refused.body));
  });

  test('a restore into an instance that is not empty is refused and changes nothing', async () => {
    const before = await snapshot(b);
    await assert.rejects(restoreBackup({ client: b.admin, database: b.settings, backup }), (error: unknown) => {
      assert.ok(isKbError(error, 'conflict'), String(error));
      assert.match(error.message, /The target knowledge base is not empty \(189 sections, 3 comments, 1 content versions\); nothing was restored/);
      return true;
    });
    assert.deepEqual(await snapshot(b), before);
  });

  test('the backup of the restored instance is the backup of the source', async () => {
    const again = await createBackup({ client: b.admin, database: b.settings, url: b.url, now: new Date(backup.created_at) });
    // People as e-mails and roles as names: the target's own admin account kept its id.
    const comparable = (x: Backup) => {
      const email = new Map(x.users.map((u) => [u.id, u.email]));
      const role = new Map(x.roles.map((r) => [r.id, r.name]));
      const who = (id: string | null) => (id === null ? null : (email.get(id) ?? id));
      return {
        roles: x.roles.map((r) => r.name),
        users: x.users.filter((u) => u.email !== 'admin@example.com').map((u) => ({ ...u, role: u.role && role.get(u.role) })),
        sections: x.sections.map((s) => ({ ...s, owner: who(s.owner), user_created: who(s.user_created), user_updated: who(s.user_updated) })),
        comments: x.comments.map((c) => ({ ...c, user_created: who(c.user_created), user_updated: who(c.user_updated) })),
        versions: x.versions.map((v) => ({ ...v, user_created: who(v.user_created), user_updated: who(v.user_updated) })),
      };
    };
    assert.deepEqual(comparable(again), comparable(backup));
  });
});
