import type { Permit, PermitRule } from '../../main/contracts/index.js';
import { suspendByRule } from '../../main/permits/index.js';
import type { ActivePermits } from '../../main/workPermits/index.js';

/**
 * ActivePermits over a Map, for tests of the live checks: the register's contract (current permits, told on
 * change, suspension by rule through the real lifecycle step) without its store and journal. `holdSuspensions`
 * makes suspendByRule answer true without changing the permit (a register slow to store), to prove the
 * checks do not ask twice while a condition stays active.
 */
export class MemoryActivePermits implements ActivePermits {
  /** Every suspension asked for, in order, and whether it was taken. */
  readonly suspensions: { number: string; rule: PermitRule; atMs: number; taken: boolean }[] = [];
  holdSuspensions = false;
  private readonly permits = new Map<string, Permit>();
  private readonly listeners = new Set<() => void>();

  constructor(permits: readonly Permit[] = []) {
    for (const permit of permits) this.permits.set(permit.number, permit);
  }

  /** Files or replaces a permit (a step taken elsewhere), and tells the listeners. */
  put(permit: Permit): void {
    this.permits.set(permit.number, permit);
    this.changed();
  }

  get(number: string): Permit | undefined {
    return this.permits.get(number);
  }

  current(): readonly Permit[] {
    return [...this.permits.values()].filter((p) => p.state !== 'closed' && p.state !== 'reviewed');
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async suspendByRule(permitId: string, rule: PermitRule, atMs: number): Promise<boolean> {
    const permit = this.permits.get(permitId);
    const taken = permit === undefined ? false : this.holdSuspensions ? true : this.suspend(permit, rule, atMs);
    this.suspensions.push({ number: permitId, rule, atMs, taken });
    return taken;
  }

  private suspend(permit: Permit, rule: PermitRule, atMs: number): boolean {
    const result = suspendByRule(permit, rule, atMs);
    if (result.ok) this.put(result.permit);
    return result.ok;
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}
