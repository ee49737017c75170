import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { parse as parseDotenv } from 'dotenv';
import { repoRoot } from '../../scripts/lib/paths.js';

// No Docker engine runs here, so the compose file is checked for what a broken deploy would
// trip over: drifting images, missing health gates, undocumented settings, secrets in the file.

interface Service {
  image?: string;
  environment?: Record<string, string>;
  healthcheck?: { test: string[] | string };
  depends_on?: Record<string, { condition: string }>;
  volumes?: string[];
  profiles?: string[];
}

const composeText = await readFile(join(repoRoot, 'docker-compose.yml'), 'utf8');
const compose = parseYaml(composeText, { merge: true }) as { services: Record<string, Service>; volumes: Record<string, unknown> };
const example = parseDotenv(await readFile(join(repoRoot, '.env.example'), 'utf8'));
const pkg = JSON.parse(await readFile(join(repoRoot, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
const services = Object.entries(compose.services);

test('every image is pinned to a version, and Directus to exactly the version in package.json', () => {
  for (const [name, service] of services) {
    assert.ok(service.image, `${name} has an image`);
    const tag = service.image.split(':')[1] ?? '';
    assert.match(tag, /^\d+\.\d+/, `${name}: image ${service.image} is pinned to a version`);
  }
  assert.equal(compose.services.directus?.image, `directus/directus:${pkg.dependencies.directus}`);
  assert.equal(pkg.dependencies.directus, '11.17.4');
});

test('long-running services have healthchecks and start only when what they need is healthy', () => {
  for (const [name, service] of services.filter(([, s]) => !s.profiles?.includes('tools'))) {
    assert.ok(service.healthcheck, `${name} has a healthcheck`);
  }
  assert.match(JSON.stringify(compose.services.directus?.healthcheck?.test), /\/server\/ping/);
  for (const [name, service] of services) {
    for (const [dependency, condition] of Object.entries(service.depends_on ?? {})) {
      assert.equal(condition.condition, 'service_healthy', `${name} waits for ${dependency} to be healthy`);
    }
  }
  assert.deepEqual(Object.keys(compose.services.directus?.depends_on ?? {}).sort(), ['postgres', 'redis']);
});

test('every variable the file reads is documented in .env.example', () => {
  // `$${X}` is an escape for the container's own shell, not a compose variable.
  const used = new Set([...composeText.matchAll(/(?<!\$)\$\{([A-Z0-9_]+)/g)].map((m) => m[1] as string));
  assert.ok(used.size > 5);
  for (const name of used) assert.ok(name in example, `${name} is documented in .env.example`);
});

test('no secret is written into the file', () => {
  for (const [name, service] of services) {
    for (const [key, value] of Object.entries(service.environment ?? {})) {
      if (/SECRET|PASSWORD|TOKEN|KEY/.test(key)) {
        assert.match(String(value), /^\$\{[A-Z0-9_]+(:[?-][^}]*)?\}$/, `${name}.${key} comes from .env, not a literal`);
      }
    }
  }
});

test('Directus runs on PostgreSQL with cache, rate limiter and synchronisation on Redis, behind a proxy', () => {
  const env = compose.services.directus?.environment ?? {};
  assert.equal(env.DB_CLIENT, 'pg');
  assert.equal(env.CACHE_STORE, 'redis');
  assert.equal(env.RATE_LIMITER_STORE, 'redis');
  assert.equal(env.SYNCHRONIZATION_STORE, 'redis');
  assert.match(env.REDIS ?? '', /^redis:\/\/redis:6379/);
  assert.equal(env.IP_TRUST_PROXY, 'true');
  assert.ok(env.PUBLIC_URL);
  assert.ok(compose.services.directus?.volumes?.some((v) => v.startsWith('uploads:')), 'uploads live in a volume');
  assert.ok(compose.services.postgres?.volumes?.some((v) => v.startsWith('postgres-data:')), 'the database lives in a volume');
  assert.ok('postgres-data' in compose.volumes && 'uploads' in compose.volumes);
});
