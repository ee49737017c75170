/**
 * Old codes claimed twice. Since the hook keeps each old code with its last holder alone, two
 * sections never claim one old code — but a database from before that rule can hold such claims,
 * some of them planted (a student's new section "remembering" 02.03 took over its redirect). Pure:
 * `npm run doctor` gives it the sections and, from their revisions, when each last held each code.
 */

export interface ClaimingSection {
  id: string;
  code: string | null;
  previous_codes: readonly string[];
}

/** The newest revision (by id order) in which section `id` had code `code`, or null if none did. */
export type LastHeld = (id: string, code: string) => number | null;

export interface OldCodeClaim {
  code: string;
  /** Every section that keeps the code as an old one. */
  claimants: string[];
  /** The section the redirect keeps leading to; null when a section holds the code now. */
  keeper: string | null;
  /** Why: `holder` (a section has the code now), `revisions` (the last to hold it), `undecided` (no revision says). */
  by: 'holder' | 'revisions' | 'undecided';
}

export interface ClaimRewrite {
  id: string;
  previous_codes: string[];
}

export interface OldCodeDiagnosis {
  claims: OldCodeClaim[];
  rewrites: ClaimRewrite[];
}

export function diagnoseOldCodes(sections: readonly ClaimingSection[], lastHeld: LastHeld): OldCodeDiagnosis {
  const holders = new Set(sections.map((s) => s.code).filter((c): c is string => c !== null));
  const claimantsOf = new Map<string, string[]>();
  for (const s of sections) {
    for (const code of new Set(s.previous_codes)) {
      if (code === s.code) continue;
      claimantsOf.set(code, [...(claimantsOf.get(code) ?? []), s.id]);
    }
  }
  const claims: OldCodeClaim[] = [];
  const dropped = new Map<string, Set<string>>();
  const drop = (id: string, code: string) => dropped.set(id, new Set([...(dropped.get(id) ?? []), code]));
  for (const [code, claimants] of [...claimantsOf].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (holders.has(code)) {
      // The current holder's page is where /c/<code>/ leads; the stale claims only wait to mislead.
      claims.push({ code, claimants, keeper: null, by: 'holder' });
      for (const id of claimants) drop(id, code);
      continue;
    }
    if (claimants.length < 2) continue;
    const held = claimants.map((id) => ({ id, at: lastHeld(id, code) })).filter((c): c is { id: string; at: number } => c.at !== null);
    if (held.length === 0) {
      claims.push({ code, claimants, keeper: null, by: 'undecided' });
      continue;
    }
    const keeper = held.reduce((best, c) => (c.at > best.at ? c : best)).id;
    claims.push({ code, claimants, keeper, by: 'revisions' });
    for (const id of claimants) if (id !== keeper) drop(id, code);
  }
  const rewrites = sections
    .filter((s) => dropped.has(s.id))
    .map((s) => ({ id: s.id, previous_codes: s.previous_codes.filter((c) => !dropped.get(s.id)?.has(c)) }));
  return { claims, rewrites };
}

/** Claims that the doctor repairs (an undecided one is only reported: no revision says who held it). */
export function repairableClaims(diagnosis: OldCodeDiagnosis): OldCodeClaim[] {
  return diagnosis.claims.filter((c) => c.by !== 'undecided');
}

export function formatOldCodeClaims(diagnosis: OldCodeDiagnosis, name: (id: string) => string): string[] {
  const lines: string[] = [];
  for (const claim of diagnosis.claims) {
    const who = claim.claimants.map(name).join(', ');
    if (claim.by === 'holder') lines.push(`  прежний код занят (old code in use): ${claim.code} сейчас у другого раздела, но его помнят как прежний ${who}; они его отдадут`);
    else if (claim.by === 'revisions') lines.push(`  прежний код у двоих (old code claimed twice): ${claim.code} помнят ${who}; по истории последним его носил ${name(claim.keeper as string)}, ему он и остаётся`);
    else lines.push(`  прежний код у двоих, не решено (undecided): ${claim.code} помнят ${who}; ни одна ревизия не показывает, кто его носил — решите в админке (поле «Прежние коды»)`);
  }
  return lines;
}
