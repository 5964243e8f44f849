import { z } from 'zod';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/** A time per ticket grade (一般 / 重大). */
const perGrade = (defaults: { general: number; major: number }, maxMs: number) =>
  z.strictObject({ general: z.number().int().min(MINUTE_MS).max(maxMs), major: z.number().int().min(MINUTE_MS).max(maxMs) }).default(defaults);

/** How often a plan of one area class is walked: `rounds` rounds in every `periodDays` days. */
const frequency = (rounds: number, periodDays: number) => z.strictObject({ rounds: z.number().int().min(1).max(24), periodDays: z.number().int().min(1).max(31) }).default({ rounds, periodDays });
export type RoundFrequency = { rounds: number; periodDays: number };

/**
 * The double-prevention rules' numbers, each with its default and where it comes from (docs/hazards.md).
 * `HazardsConfigSchema.parse({})` gives the defaults; unknown keys are refused, as in the permit configuration.
 */
export const HazardsConfigSchema = z.strictObject({
  /**
   * The risk matrix (风险矩阵, GB/T 27921-2011's consequence/likelihood matrix): levels of likelihood and
   * severity, and the grade of R = likelihood × severity by the lowest R of each band. Default 5 × 5 with
   * 20–25 重大, 15–16 较大, 9–12 一般, 1–8 低: the bands of the LS method as provincial double-prevention guides
   * print it (not checked against a standard's text here; a site sets its own).
   */
  riskMatrix: z
    .strictObject({
      likelihoodLevels: z.number().int().min(2).max(10),
      severityLevels: z.number().int().min(2).max(10),
      majorFromScore: z.number().int().min(1),
      largeFromScore: z.number().int().min(1),
      generalFromScore: z.number().int().min(1),
    })
    .refine((m) => m.majorFromScore > m.largeFromScore && m.largeFromScore > m.generalFromScore, { message: 'the bands rise: majorFromScore > largeFromScore > generalFromScore' })
    .refine((m) => m.majorFromScore <= m.likelihoodLevels * m.severityLevels, { message: 'majorFromScore must be reachable (at most likelihoodLevels × severityLevels)' })
    .default({ likelihoodLevels: 5, severityLevels: 5, majorFromScore: 20, largeFromScore: 15, generalFromScore: 9 }),
  /**
   * A ticket is rectified (reaches 待验收) within this long of its report unless the acceptor sets another
   * deadline (issue 18: 4 h for a major, 24 h for a general hidden danger). At most 90 days: a longer job is a
   * 治理方案 with its own dates, set on acceptance.
   */
  ticketDeadlineMs: perGrade({ general: 24 * HOUR_MS, major: 4 * HOUR_MS }, 90 * DAY_MS),
  /**
   * Reminders to whoever holds the ticket when these fractions of its time have gone (half and three quarters:
   * 2 h and 3 h of a major's 4 h, 12 h and 18 h of a general's 24 h). An assumption: the issue asks for
   * reminders without times.
   */
  reminderAtFractions: z
    .array(z.number().gt(0).lt(1))
    .max(5)
    .refine((f) => f.every((v, i) => i === 0 || v > f[i - 1]!), { message: 'fractions rise' })
    .default([0.5, 0.75]),
  /**
   * Escalation (升级督办) of an overdue ticket: level 1 (the rectifying unit's head, 车间/部门负责人) at the
   * deadline, level 2 (the safety department, 安全管理部门) one step later, level 3 (the principal, 主要负责人) two
   * steps later. Steps: 1 h for a major, 6 h (a quarter of the day) for a general one. An assumption, like the
   * levels: the issue asks for automatic escalation without its ladder.
   */
  escalationStepMs: perGrade({ general: 6 * HOUR_MS, major: HOUR_MS }, 30 * DAY_MS),
  /**
   * Duplicate screening (issue 18: same place and kind within a set time): reports of the same kind within
   * this distance and time of each other are flagged for the acceptor. 20 m: a pin placed on the site map or a
   * badge position is good to a few metres (RTLS: UWB decimetres, Bluetooth AoA 1–3 m), and two people who see
   * the same leak may stand on opposite sides of a unit. 24 h: a general ticket's deadline; the same thing seen
   * again while the first is being fixed.
   */
  duplicateRadiusM: z.number().positive().max(500).default(20),
  duplicateWindowMs: z.number().int().min(MINUTE_MS).max(30 * DAY_MS).default(24 * HOUR_MS),
  /** Inspection frequency by area class (issue 18: A daily, B every two days, C twice a week). */
  roundFrequencies: z
    .strictObject({ A: frequency(1, 1), B: frequency(1, 2), C: frequency(2, 7) })
    .default({ A: { rounds: 1, periodDays: 1 }, B: { rounds: 1, periodDays: 2 }, C: { rounds: 2, periodDays: 7 } }),
  /**
   * A round finished this long after its slot ends is late, not missed (a walk begun before a shift change
   * and ended after it). Two hours: an assumption; the issue names late and missed rounds without a margin.
   */
  roundLateGraceMs: z.number().int().min(0).max(DAY_MS).default(2 * HOUR_MS),
  /**
   * A check-in counts only if the inspector's badge was within this distance of the checkpoint (issue 18: no
   * proxy check-ins). 5 m: RTLS error (Bluetooth AoA 1–3 m, UWB decimetres) plus standing at the equipment
   * being checked, while checkpoints of a walk are usually further apart than that. A checkpoint in poor
   * coverage sets its own radius.
   */
  checkInRadiusM: z.number().min(1).max(50).default(5),
  /**
   * ... and only if that badge fix is within this long of the check-in: badges report every 1–5 s, and a
   * minute covers a slow phone on the plant network. At walking pace (1.4 m/s) a minute is 84 m, so the radius,
   * not the window, is what tells a proxy check-in from a real one.
   */
  checkInWindowMs: z.number().int().min(1_000).max(10 * MINUTE_MS).default(MINUTE_MS),
  /**
   * Participation points (issue 18: "optional participation points, 5–20 per valid report, configurable, with a
   * leaderboard the manager can switch off"): a report earns its grade's points once it is accepted — a valid
   * report; a rejected one earns none. 5 for a general and 20 for a major hidden danger, the range's
   * ends. `leaderboard` false hides the board (GET /api/hazards/leaderboard answers 404); the points are still
   * counted, so switching it on again shows the whole period.
   */
  participation: z
    .strictObject({ generalPoints: z.number().int().min(0).max(100), majorPoints: z.number().int().min(0).max(100), leaderboard: z.boolean() })
    .default({ generalPoints: 5, majorPoints: 20, leaderboard: true }),
});
export type HazardsConfig = z.infer<typeof HazardsConfigSchema>;
export type HazardsConfigInput = z.input<typeof HazardsConfigSchema>;

/** The documented defaults. */
export function defaultHazardsConfig(): HazardsConfig {
  return HazardsConfigSchema.parse({});
}
