import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diagnoseOldCodes, formatOldCodeClaims, repairableClaims, type ClaimingSection } from './old-code-claims.js';

// A tree from before the rule that an old code stays with its last holder: 02.03 «Ресурсы» was
// re-coded to 02.09, then a student's new section planted 02.03 as its own old code.
const resources: ClaimingSection = { id: 'resources', code: '02.09', previous_codes: ['02.03'] };
const planted: ClaimingSection = { id: 'planted', code: '02.10', previous_codes: ['02.03', '02.07'] };
const history: Record<string, Record<string, number>> = { resources: { '02.03': 41, '02.09': 57 }, planted: { '02.10': 60 } };
const lastHeld = (id: string, code: string) => history[id]?.[code] ?? null;

test('of two claimants the one whose revisions show it held the code keeps it; the other gives it up', () => {
  const diagnosis = diagnoseOldCodes([resources, planted], lastHeld);
  assert.deepEqual(diagnosis.claims, [{ code: '02.03', claimants: ['resources', 'planted'], keeper: 'resources', by: 'revisions' }]);
  assert.deepEqual(diagnosis.rewrites, [{ id: 'planted', previous_codes: ['02.07'] }]);
});

test('of two that both held it, the later holder keeps it', () => {
  const newcomer: ClaimingSection = { id: 'newcomer', code: '03.04', previous_codes: ['02.03'] };
  const diagnosis = diagnoseOldCodes([resources, newcomer], (id, code) => (id === 'newcomer' && code === '02.03' ? 90 : lastHeld(id, code)));
  assert.equal(diagnosis.claims[0]?.keeper, 'newcomer');
  assert.deepEqual(diagnosis.rewrites, [{ id: 'resources', previous_codes: [] }]);
});

test('a code a section holds now is given up by everyone who kept it as an old code', () => {
  const holder: ClaimingSection = { id: 'holder', code: '02.03', previous_codes: [] };
  const diagnosis = diagnoseOldCodes([resources, holder], lastHeld);
  assert.deepEqual(diagnosis.claims, [{ code: '02.03', claimants: ['resources'], keeper: null, by: 'holder' }]);
  assert.deepEqual(diagnosis.rewrites, [{ id: 'resources', previous_codes: [] }]);
});

test('when no revision says who held it, nothing is changed and the report says to decide', () => {
  const imported: ClaimingSection = { id: 'imported', code: '05.01', previous_codes: ['02.03'] };
  const diagnosis = diagnoseOldCodes([{ ...resources, id: 'other' }, imported], () => null);
  assert.deepEqual(diagnosis.rewrites, []);
  assert.deepEqual(repairableClaims(diagnosis), []);
  assert.match(formatOldCodeClaims(diagnosis, (id) => id).join('\n'), /не решено .* решите в админке/);
});

test('a sound tree has nothing to report, and a section’s own current code in its list is not a claim', () => {
  assert.deepEqual(diagnoseOldCodes([resources, { id: 'x', code: '04.01', previous_codes: ['04.01'] }], lastHeld), { claims: [], rewrites: [] });
});
