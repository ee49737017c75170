import { parseArgs } from 'node:util';
import { z } from 'zod';
import { KbError } from '../core/errors.js';
import { parseWith } from '../core/parse-with.js';
import { diagnoseTree, formatDiagnosis } from '../core/tree-doctor.js';
import { formatOldCodeClaims, repairableClaims } from '../core/old-code-claims.js';
import { applyClaimRewrites, applyRepairs, diagnoseOldCodesIn, readTree } from '../content/doctor/repair-tree.js';
import { openAdminSession } from '../platform/cli-session.js';
import { clearCmsCache } from '../platform/cms-client.js';
import { runCli } from '../platform/run-cli.js';

const USAGE = 'npm run doctor [-- --fix] [--dry-run]';
const argsSchema = z.object({
  fix: z.boolean().default(false),
  'dry-run': z.boolean().default(false),
  rest: z.array(z.string()).max(0, `${USAGE} takes no other arguments`),
});

// read → plan (core/tree-doctor.ts) → print → with --fix apply as the admin → read again and report.
await runCli('doctor', async () => {
  const { values, positionals } = parseArgs({ options: { fix: { type: 'boolean' }, 'dry-run': { type: 'boolean' } }, allowPositionals: true, strict: true });
  const args = parseWith(argsSchema, { ...values, rest: positionals }, 'npm run doctor arguments');
  const { client } = await openAdminSession();
  // The doctor is for trees broken behind Directus's back: what Directus cached before is not the tree.
  await clearCmsCache(client);
  const sections = await readTree(client);
  const diagnosis = diagnoseTree(sections);
  const oldCodes = await diagnoseOldCodesIn(client, sections);
  const name = (id: string) => {
    const s = sections.find((section) => section.id === id);
    return s ? `${s.code ?? '(без кода)'} «${s.title}»` : id;
  };
  console.log(formatDiagnosis(diagnosis, sections).join('\n'));
  if (oldCodes.claims.length > 0) console.log([`Прежние коды (old codes claimed twice): ${oldCodes.claims.length}`, ...formatOldCodeClaims(oldCodes, name)].join('\n'));
  const problems = diagnosis.problems.length + repairableClaims(oldCodes).length;
  if (problems === 0) return;
  if (!args.fix || args['dry-run']) {
    throw new KbError('conflict', `The sections tree has ${problems} problem(s); nothing was changed`, {
      hint: args['dry-run'] ? 'That was a dry run: run `npm run doctor -- --fix` to apply the plan above.' : 'Run `npm run doctor -- --fix` to apply the plan above.',
    });
  }
  const result = await applyRepairs(client, diagnosis, (r) => console.log(`  исправлено (repaired): ${r.from.code ?? r.id} → ${r.to.code}`));
  // After the moves: a repaired section's code may be one that others kept as an old code.
  const claimsNow = await diagnoseOldCodesIn(client, await readTree(client));
  const released = await applyClaimRewrites(client, claimsNow.rewrites);
  if (released > 0) console.log(`  исправлено (repaired): прежние коды отданы последним владельцам у ${released} разделов`);
  if (result.after.problems.length > 0) {
    throw new KbError('failed', `After ${result.written.length} repair(s) the tree still has ${result.after.problems.length} problem(s)`, {
      issues: formatDiagnosis(result.after, await readTree(client)).slice(1),
      hint: 'Run `npm run doctor -- --fix` again; if the same problems remain, fix them in the admin app.',
    });
  }
  console.log(`Готово (done): ${result.written.length + released} исправлений записано, дерево в порядке (the tree is sound).`);
});
