import { z } from 'zod';

/**
 * The permit rules' numbers, each with its default and where it comes from (docs/permits.md).
 * `PermitsConfigSchema.parse({})` gives the defaults; unknown keys are refused, as in the alarm and
 * worker-safety configurations (a misspelt key must not silently fall back to a default).
 */
export const PermitsConfigSchema = z.strictObject({
  /**
   * The site's local time minus UTC, minutes (China Standard Time: +480). Night and holidays are local
   * (GB 30871-2022 §5.1.1), and the core's clock is UTC.
   */
  utcOffsetMin: z.number().int().min(-720).max(840).default(480),
  /**
   * Night for the hot-work upgrade (§5.1.1 遇…夜间…应升级管理), minutes after local midnight: the standard
   * does not define night; the default is the legal one, 22:00 to 06:00 (《中华人民共和国噪声污染防治法》
   * 2021, art. 88). A site whose own rule says 18:00–08:00 sets 1080 and 480. Start after end wraps midnight.
   */
  nightStartMin: z.number().int().min(0).max(1_439).default(22 * 60),
  nightEndMin: z.number().int().min(0).max(1_439).default(6 * 60),
  /**
   * The site's rest days for the hot-work upgrade (§5.1.1 遇节假日、公休日…应升级管理), local dates YYYY-MM-DD:
   * Saturdays and Sundays are rest days (公休日), and so are the public holidays listed in `holidays`,
   * except the weekend days listed in `workingWeekendDays` (China moves its rest days every year, 调休:
   * the State Council's notice for the year lists both). At most 400 of each: a few years ahead.
   */
  holidays: z.array(z.iso.date()).max(400).default([]),
  workingWeekendDays: z.array(z.iso.date()).max(400).default([]),
  /**
   * Hot work is suspended when a combustible-gas detector this close reads at or above its pre-warning
   * (issue 17; the radius is GB 30871-2022 §5.2.4's: equipment within 15 m of the hot-work point that may
   * leak flammables must be isolated).
   */
  hotWorkDetectorRadiusM: z.number().positive().max(200).default(15),
  /**
   * Confined space: the last gas test may be this old while people are inside (issue 17: 30 min). The
   * standard asks for a test within 30 min before entry (§6.3 a) and continuous monitoring recorded every
   * 2 h during work (§6.5); the rule is the stricter reading, kept until a site says otherwise.
   */
  confinedSpaceGasTestMaxAgeMs: z.number().int().positive().max(24 * 3_600_000).default(30 * 60_000),
  /**
   * Confined space O2 limits, %vol (issue 17: 19.5–23.5). GB 30871-2022 §6.4 a wants 19.5–21 % and never
   * above 23.5 % in an oxygen-enriched space; the issue takes the enriched limit as the upper bound. Both
   * limits are inside the allowed range.
   */
  oxygenMinPct: z.number().min(0).max(100).default(19.5),
  oxygenMaxPct: z.number().min(0).max(100).default(23.5),
  /**
   * The watcher's badge must be within this distance of the work (§4.10 f: the watcher does not leave the
   * site; §6.8 a: stays at the confined space's entry). The standard gives no number: 10 m keeps voice
   * and sight contact and is well above RTLS error (UWB decimetres, Bluetooth AoA 1–3 m). At the
   * distance exactly is within.
   */
  watcherMaxDistanceM: z.number().positive().max(500).default(10),
  /** Badge positions older than this are ignored (as in personnel's worker-safety rules). */
  badgeStaleAfterMs: z.number().int().min(1_000).max(3_600_000).default(30_000),
  /** Detector readings older than this are ignored: a silent detector is the alarm engine's comm-loss alarm. */
  readingStaleAfterMs: z.number().int().min(1_000).max(3_600_000).default(60_000),
  /** A camera PPE or harness event counts this long after it was seen. */
  cameraEventHoldMs: z.number().int().min(1_000).max(3_600_000).default(60_000),
  /**
   * The managers' statistics count a closed permit as an overdue review when nobody has reviewed it this long
   * after its close (issue 17 item 4). GB 30871-2022 sets no deadline for a review after the close; one week
   * is an assumption (a plant's weekly safety meeting looks at the week's permits), and a plant sets its own.
   */
  reviewOverdueAfterMs: z.number().int().min(3_600_000).max(366 * 86_400_000).default(7 * 86_400_000),
  /**
   * A core running its embedded simulator (the demo) files the permits of `demo-permits.json` beside the scene
   * as the day's simulated permits, and sends its simulated people to every permit in work (issue 17 item 5,
   * docs/permits.md §9). Off unless set: the demo's
   * launchers (`npm start`, the desktop app) turn it on; a core on a plant's broker runs no simulator and
   * never reads the file.
   */
  demoPermits: z.boolean().default(false),
});
export type PermitsConfig = z.infer<typeof PermitsConfigSchema>;
export type PermitsConfigInput = z.input<typeof PermitsConfigSchema>;

/** The documented defaults. */
export function defaultPermitsConfig(): PermitsConfig {
  return PermitsConfigSchema.parse({});
}
