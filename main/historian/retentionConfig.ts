import { z } from 'zod';

/**
 * How long the historian keeps each class of data (issue 16.3; config key `historianRetention`, config
 * file only; docs/historian.md). Defaults: raw samples 90 days; 1-min and 1-h aggregates 10 years;
 * alarm transitions, operator actions and markers 6 years (traces of safety operations kept at least
 * six years, issue 16, as `recordingMaxAgeDays`); personal data (worker positions, camera events)
 * 30 days, the seeds' "least necessary" privacy rule (PIPL art. 19: kept for the shortest time the
 * purpose needs). Any positive number of days; no ordering between classes is enforced.
 */
export const HistorianRetentionSchema = z.strictObject({
  rawSamplesDays: z.number().positive().default(90),
  aggregatesDays: z.number().positive().default(10 * 366),
  recordsDays: z.number().positive().default(6 * 366),
  personalDataDays: z.number().positive().default(30),
});
export type HistorianRetention = z.infer<typeof HistorianRetentionSchema>;

export const defaultHistorianRetention = (): HistorianRetention => HistorianRetentionSchema.parse({});
