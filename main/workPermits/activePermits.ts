import type { Permit, PermitRule } from '../contracts/index.js';

/**
 * What the live checks (PermitWatch) need of the permit register: the permits as they stand, told when one
 * changes, and the one act a rule may take on its own, suspending a permit whose work goes on (GB 30871-2022:
 * gas near hot work, the LEL zone reaching it, oxygen out of range). The register signs that step as
 * 'system' with the rule as the reason, stores it, journals it and tells every screen.
 */
export interface ActivePermits {
  /** Every permit not closed or reviewed (the rules report the others' conditions inactive). */
  current(): readonly Permit[];
  /** Called after any permit changes (created, a step taken, imported); returns the unsubscribe. */
  onChange(listener: () => void): () => void;
  /** Suspends the permit for the rule; resolves false when it is no longer in work (nothing written). */
  suspendByRule(permitId: string, rule: PermitRule, atMs: number): Promise<boolean>;
}
