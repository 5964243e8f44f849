import type { Disposition } from '../contracts/index.js';

/** Why a rule disposed a warning, as a key the screens and the journal translate. */
export type AutoDispositionReason = 'sourceOutOfService' | 'simulatorInjected';

/**
 * The obvious cases a rule may dispose without the operator (issue 19 item 5: "or the rule, for obvious
 * cases"): an alarm from a source removed from service (ISA-18.2 §16.8, out of service for maintenance) is
 * 'maintenance'; a release a trainer injected on the demo's simulator is 'test'. Anything else is the
 * operator's call: a rule cannot tell a real alarm from a false one, and guessing would bend the false-alarm rate.
 */
export function autoDisposition(facts: { outOfService: boolean; injectedBySimulator: boolean }): { kind: Disposition; why: AutoDispositionReason } | null {
  if (facts.outOfService) return { kind: 'maintenance', why: 'sourceOutOfService' };
  if (facts.injectedBySimulator) return { kind: 'test', why: 'simulatorInjected' };
  return null;
}
