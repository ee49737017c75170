import { test } from 'node:test';
import assert from 'node:assert/strict';
import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { parse as parseDotenv } from 'dotenv';
import { repoRoot } from '../../platform/paths.js';
import { catalogArticleRule } from '../../publishing/static-server.js';

// No Docker engine runs here, so the compose file is checked for what a broken deploy would
// trip over: drifting images, missing health gates, undocumented settings, secrets in the file.

interface Service {
  image?: string;
  environment?: Record<string, string>;
  healthcheck?: { test: string[] | string };
  depends_on?: Record<string, { condition: string }>;
  volumes?: string[];
  profiles?: string[];
  command?: string[];
  labels?: Record<string, string>;
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
  assert.equal(env.RATE_LIMITER_ENABLED, 'true');
  assert.equal(env.RATE_LIMITER_STORE, 'redis');
  assert.equal(env.SYNCHRONIZATION_STORE, 'redis');
  assert.match(env.REDIS ?? '', /^redis:\/\/redis:6379/);
  assert.equal(env.IP_TRUST_PROXY, 'true');
  assert.ok(env.PUBLIC_URL);
  assert.ok(compose.services.directus?.volumes?.some((v) => v.startsWith('uploads:')), 'uploads live in a volume');
  assert.ok(compose.services.postgres?.volumes?.some((v) => v.startsWith('postgres-data:')), 'the database lives in a volume');
  assert.ok('postgres-data' in compose.volumes && 'uploads' in compose.volumes);
});

test('Directus signals the publisher with the shared secret, the publisher writes the site volume, nginx serves it', async () => {
  const directusEnv = compose.services.directus?.environment ?? {};
  const publisher = compose.services.publisher;
  const web = compose.services.web;
  assert.ok(publisher && web, 'publisher and web services exist');
  const publisherEnv = publisher.environment ?? {};
  const signalUrl = new URL(directusEnv.PUBLISHER_URL ?? '');
  assert.equal(signalUrl.hostname, 'publisher');
  assert.equal(signalUrl.port, publisherEnv.PUBLISHER_PORT);
  assert.equal(signalUrl.pathname, '/signal');
  assert.equal(publisherEnv.PUBLISHER_HOST, '0.0.0.0', 'the publisher listens beyond its own container');
  assert.match(directusEnv.PUBLISHER_SECRET ?? '', /^\$\{PUBLISHER_SECRET/);
  assert.equal(directusEnv.PUBLISHER_SECRET, publisherEnv.PUBLISHER_SECRET, 'both sides read the same secret');
  assert.equal(publisherEnv.HOST, 'directus');

  const releases = publisherEnv.SITE_RELEASES_DIR ?? '';
  assert.ok(publisher.volumes?.includes(`site:${releases}`), 'the publisher writes the site volume');
  assert.ok(web.volumes?.includes(`site:${releases}:ro`), 'nginx reads the same volume, read-only');
  const confMount = web.volumes?.find((v) => v.endsWith(':/etc/nginx/conf.d/default.conf:ro')) ?? '';
  const nginxConf = await readFile(join(repoRoot, confMount.split(':')[0] ?? ''), 'utf8');
  assert.match(nginxConf, new RegExp(`root ${releases}/live;`), 'nginx serves the live link the publisher switches');
  assert.match(nginxConf, /error_page 404 \/404\.html;/);
  // Old addresses: the build writes redirect pages (codes, old paths, catalog addresses) that nginx serves as files…
  assert.match(nginxConf, /location \/ \{\s*try_files \$uri \$uri\/ =404;/, 'redirect pages are files it serves, folders with their index');
  // …and the catalog's own links (`…/README.md`) go to their folder's page, by the static server's rule.
  assert.match(nginxConf, /try_files \$uri @catalog-article;/);
  const articleRule = /if \(\$uri ~\* "([^"]+)"\)/.exec(nginxConf)?.[1];
  assert.equal(articleRule, catalogArticleRule.source.replaceAll('\\/', '/'), 'nginx and publishing/static-server.ts read a catalog link the same way');
  assert.match(nginxConf, /if \(-f \$document_root\$article_folder\/index\.html\) \{\s*return 301 \$article_folder\/;/);
  assert.ok('site' in compose.volumes);

  assert.deepEqual(Object.keys(publisher.depends_on ?? {}), ['directus']);
  assert.deepEqual(Object.keys(web.depends_on ?? {}), ['publisher']);
  assert.match(JSON.stringify(publisher.healthcheck?.test), /4322\/health/);
});

test('Traefik routes docs. to the site and dir. to Directus', () => {
  const rules = services.flatMap(([name, service]) => Object.entries(service.labels ?? {}).filter(([key]) => key.endsWith('.rule')).map(([, rule]) => `${name} ${rule}`));
  assert.ok(rules.some((rule) => /^web Host\(`docs\./.test(rule)), rules.join('; '));
  assert.ok(rules.some((rule) => /^directus Host\(`dir\./.test(rule)), rules.join('; '));
  assert.ok(rules.some((rule) => /^preview Host\(`docs\.[^`]+`\) && PathPrefix\(`\/preview`\)/.test(rule)), 'drafts are previewed under docs.…/preview');
  assert.match(compose.services.directus?.environment?.CONTENT_SECURITY_POLICY_DIRECTIVES__FRAME_SRC ?? '', /\$\{PREVIEW_URL/, "the admin app may frame the preview");
});

test('every script a service runs exists in the repository', async () => {
  for (const [name, service] of services) {
    const script = service.command?.find((part) => part.startsWith('scripts/'));
    if (script) await access(join(repoRoot, script)).catch(() => assert.fail(`${name} runs ${script}, which does not exist`));
  }
});
