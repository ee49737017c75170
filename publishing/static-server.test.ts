import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { siteReleases } from './releases.js';
import { startStaticServer, type RunningStaticServer } from './static-server.js';

let root: string;
let server: RunningStaticServer;
const releases = () => siteReleases(root);

async function release(files: Record<string, string>): Promise<string> {
  const { id, dir } = await releases().prepare();
  for (const [path, text] of Object.entries(files)) {
    await mkdir(join(dir, path, '..'), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  return id;
}

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'kb-static-'));
  server = await startStaticServer({ rootDir: releases().liveDir, host: '127.0.0.1', port: 0 });
});
after(async () => {
  await server.close();
  await rm(root, { recursive: true, force: true });
});

test('before the first build the server says the site is being built', async () => {
  const response = await fetch(`${server.url}/`);
  assert.equal(response.status, 503);
  assert.match(await response.text(), /собирается/);
});

test('serves the live release, and the next one as soon as it is activated', async () => {
  const first = await release({ 'index.html': '<h1>v1</h1>', '02-infrastructure/index.html': 'chapter v1', '404.html': 'нет такой страницы' });
  await releases().activate(first);
  assert.equal(await (await fetch(`${server.url}/`)).text(), '<h1>v1</h1>');
  const page = await fetch(`${server.url}/02-infrastructure/`);
  assert.equal(page.headers.get('content-type'), 'text/html; charset=utf-8');
  assert.equal(page.headers.get('cache-control'), 'no-cache');
  assert.equal(await page.text(), 'chapter v1');

  const second = await release({ 'index.html': '<h1>v2</h1>', '404.html': '404 v2' });
  await releases().activate(second);
  assert.equal(await (await fetch(`${server.url}/`)).text(), '<h1>v2</h1>');
  const gone = await fetch(`${server.url}/02-infrastructure/`);
  assert.equal(gone.status, 404);
  assert.equal(await gone.text(), '404 v2');
});

test('a folder without its slash is redirected, and nothing outside the site is served', async () => {
  const id = await release({ 'index.html': 'home', 'a/index.html': 'a', '404.html': 'missing' });
  await releases().activate(id);
  const redirect = await fetch(`${server.url}/a?x=1`, { redirect: 'manual' });
  assert.equal(redirect.status, 301);
  assert.equal(redirect.headers.get('location'), '/a/?x=1');
  for (const path of ['/../../../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/a/%E0%A4%A']) {
    const status = await new Promise<number>((resolve, reject) => {
      // fetch() normalises `..` away; a raw request sends the path as an attacker would.
      request({ host: '127.0.0.1', port: Number(new URL(server.url).port), path }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      })
        .on('error', reject)
        .end();
    });
    assert.equal(status, 404, path);
  }
});

test('text is gzipped for clients that accept it', async () => {
  const big = `<p>${'Документация '.repeat(500)}</p>`;
  const id = await release({ 'index.html': big });
  await releases().activate(id);
  const raw = await new Promise<{ encoding: string | undefined; body: Buffer }>((resolve, reject) => {
    request({ host: '127.0.0.1', port: Number(new URL(server.url).port), path: '/', headers: { 'accept-encoding': 'gzip' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ encoding: res.headers['content-encoding'], body: Buffer.concat(chunks) }));
    })
      .on('error', reject)
      .end();
  });
  assert.equal(raw.encoding, 'gzip');
  assert.ok(raw.body.length < Buffer.byteLength(big) / 5);
  assert.equal(gunzipSync(raw.body).toString(), big);
});
