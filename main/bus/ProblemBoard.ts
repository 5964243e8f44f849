import type { Problem } from '../contracts/index.js';

/** What clears a problem: its code, and its location when it was raised with one. */
export type ProblemKey = Pick<Problem, 'code' | 'location'>;

/** A condition is identified by its code and location: a new report of it replaces the old one. */
export function problemKey(problem: ProblemKey): string {
  return problem.location === undefined ? problem.code : `${problem.code}@${problem.location}`;
}

/**
 * The core's active problems, keyed (issue 14 item 4): a problem raised again replaces the earlier
 * report of the same condition instead of adding an entry, and it leaves the list when the
 * condition ends (`clear`). Bounded, so a flood of distinct locations cannot grow it without end;
 * the oldest report goes first.
 */
export class ProblemBoard {
  private readonly active = new Map<string, Problem>();
  /** The list as last handed out: the same array until a problem is raised or cleared (status every 5 s to every screen). */
  private listed: Problem[] | null = null;

  constructor(private readonly maxProblems = 100) {}

  /** Returns true when the condition was not active before (a new problem, not a repeat). */
  raise(problem: Problem): boolean {
    const key = problemKey(problem);
    const isNew = !this.active.has(key);
    // Delete first so that a repeat moves to the end (the list is newest last).
    this.active.delete(key);
    this.active.set(key, problem);
    if (this.active.size > this.maxProblems) this.active.delete(this.active.keys().next().value!);
    this.listed = null;
    return isNew;
  }

  /** Returns true when the condition was active. */
  clear(key: ProblemKey): boolean {
    const cleared = this.active.delete(problemKey(key));
    if (cleared) this.listed = null;
    return cleared;
  }

  /** The active problems, oldest first; the same array until one is raised or cleared (do not modify it). */
  list(): readonly Problem[] {
    return (this.listed ??= [...this.active.values()]);
  }

  get size(): number {
    return this.active.size;
  }
}

/** Where a component raises its problems and says when they end. */
export type ProblemSink = { raise(problem: Problem): void; clear(key: ProblemKey): void };
