import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { MirrorFile } from '../../core/docs-tree-export.js';
import { isKbError } from '../../core/errors.js';
import { pairRenames, planExport, type ExportFolder } from './plan.js';

// A team's catalog as it lives in git: articles, scripts and configs beside them, a root README
// with a status table, `_index.md` stubs and a .doc-root.yaml with the team's own properties.
const CATALOG: Record<string, string> = {
  '.doc-root.yaml': 'title: tapbot docs\nproperties:\n  - name: Статус\n    values: [Готово, В работе]\n',
  '.gitignore': 'node_modules\n',
  'README.md': '# Документация\n\n| Раздел | Статус |\n|---|---|\n| 02 | В работе |\n',
  '02-infra/README.md': '---\ntitle: 02 - Инфраструктура\n---\n\n## 02\\.01 - Обзор серверов\n',
  '02-infra/_index.md': '---\ntitle: 02-infra\n---\n',
  '02-infra/02-01-servers/README.md': '---\ntitle: 02.01 - Серверы\n---\n\nТекст.\n',
  'configs/server1/deploy.sh': '#!/bin/sh\nrsync -a ./ server1:/srv/app\n',
  'configs/server1/postgres_custom.conf': 'shared_buffers = 4GB\n',
};

function folder(files: Record<string, string>, extra: Partial<ExportFolder> = {}): ExportFolder {
  return { texts: new Map(Object.entries(files)), files: Object.keys(files), links: [], manifest: null, earlierExport: null, sectionIds: new Map(), ...extra };
}

const RENDERED: MirrorFile[] = [
  { path: '.doc-root.yaml', content: 'title: tapbot-kb\n' },
  { path: '02-infrastruktura/README.md', content: '---\ncode: "02"\n---\n', sectionId: 'a' },
  { path: '02-infrastruktura/02-01-servery/README.md', content: '---\ncode: "02.01"\n---\n', sectionId: 'b' },
];

describe('planExport: the export touches only the files it wrote', () => {
  test('a catalog it did not export is refused without --into-catalog, naming the flag', () => {
    assert.throws(
      () => planExport(RENDERED, folder(CATALOG), { label: 'docs', intoCatalog: false }),
      (error: unknown) => isKbError(error, 'conflict') && /docs is a catalog that this knowledge base did not export/.test(error.message) && /--into-catalog/.test(error.message),
    );
  });

  test('with --into-catalog it adds its own files, deletes none of the team\'s and keeps their .doc-root.yaml', () => {
    const plan = planExport(RENDERED, folder(CATALOG), { label: 'docs', intoCatalog: true });
    assert.deepEqual(plan.changes.map((c) => [c.kind, c.path]), [
      ['added', '02-infrastruktura/README.md'],
      ['added', '02-infrastruktura/02-01-servery/README.md'],
    ]);
    assert.deepEqual(plan.manifest.files, ['02-infrastruktura/02-01-servery/README.md', '02-infrastruktura/README.md'], 'the team\'s .doc-root.yaml is not the export\'s');
  });

  test('a file the export would write over but did not write is a refusal listing it, and nothing is planned', () => {
    const clash: MirrorFile[] = [...RENDERED, { path: '02-infra/02-01-servers/README.md', content: 'other', sectionId: 'c' }];
    assert.throws(
      () => planExport(clash, folder(CATALOG), { label: 'docs', intoCatalog: true }),
      (error: unknown) => isKbError(error, 'conflict') && /would overwrite 1 file it did not write; nothing was written/.test(error.message) && /02-infra\/02-01-servers\/README\.md: a file the export did not write/.test(error.message),
    );
  });

  test('on later exports it deletes and changes only manifest files; scripts beside them stay', () => {
    const mirror = {
      ...CATALOG,
      '02-infrastruktura/README.md': '---\ncode: "02"\n---\n',
      '02-infrastruktura/02-01-servery/README.md': 'old text',
      '02-infrastruktura/02-02-old/README.md': 'a section deleted since',
      '02-infrastruktura/02-02-old/backup.sh': 'a script someone put beside it',
    };
    const manifest = { format: 1 as const, files: ['02-infrastruktura/02-01-servery/README.md', '02-infrastruktura/02-02-old/README.md', '02-infrastruktura/README.md'] };
    const plan = planExport(RENDERED, folder(mirror, { manifest }), { label: 'docs', intoCatalog: false });
    assert.deepEqual(plan.changes.map((c) => [c.kind, c.path]), [
      ['changed', '02-infrastruktura/02-01-servery/README.md'],
      ['deleted', '02-infrastruktura/02-02-old/README.md'],
    ]);
    assert.equal(plan.unchanged, 2);
    assert.equal(plan.writeManifest, true);
  });

  test('an export from before manifests is recognised and keeps working; nothing changed means no manifest churn', () => {
    const files = Object.fromEntries(RENDERED.map((f) => [f.path, f.content]));
    const earlier = planExport(RENDERED, folder({ ...files, 'notes.md': 'mine' }, { earlierExport: RENDERED.map((f) => f.path) }), { label: 'm', intoCatalog: false });
    assert.deepEqual(earlier.changes, []);
    assert.equal(earlier.writeManifest, true, 'the first export with manifests writes one');
    const again = planExport(RENDERED, folder(files, { manifest: earlier.manifest }), { label: 'm', intoCatalog: false });
    assert.equal(again.writeManifest, false);
  });

  test('a symbolic link is removed only where the export\'s own file was; a stranger\'s link on its way is a refusal', () => {
    const manifest = { format: 1 as const, files: RENDERED.map((f) => f.path) };
    const planted = planExport(RENDERED, folder({ '.doc-root.yaml': 'title: tapbot-kb\n' }, { manifest, links: ['02-infrastruktura', 'stale.md'] }), { label: 'm', intoCatalog: false });
    assert.deepEqual(planted.unlinks, ['02-infrastruktura'], 'the link that replaced the export\'s folder goes; the stray link is not the export\'s');
    assert.throws(() => planExport(RENDERED, folder({}, { links: ['02-infrastruktura'] }), { label: 'm', intoCatalog: true }), /a symbolic link the export did not make/);
  });

  test('a folder with other files and no .doc-root.yaml is refused', () => {
    assert.throws(() => planExport(RENDERED, folder({ 'notes.txt': 'x' }), { label: 'x', intoCatalog: false }), /is not empty and is not an export/);
  });

  test('renames pair a deleted file with the added file of the same section', () => {
    const renames = pairRenames(
      [
        { kind: 'deleted', path: 'a/02-01-old/README.md' },
        { kind: 'added', path: 'a/02-01-new/README.md', content: '', sectionId: 's1' },
        { kind: 'deleted', path: 'a/02-02-gone/README.md' },
      ],
      new Map([['a/02-01-old/README.md', 's1'], ['a/02-02-gone/README.md', 's2']]),
    );
    assert.deepEqual([...renames], [['a/02-01-old/README.md', 'a/02-01-new/README.md']]);
  });
});
