import { z } from 'zod';

/**
 * How long the historian keeps each class of data (issue 16.3; config key `historianRetention`, config
 * file only; docs/historian.md). Defaults: raw samples 90 days; 1-min and 1-h aggregates 10 years;
 * alarm transitions, operator actions and markers 6 years (traces of safety operations kept at least
 * six years, issue 16, as `recordingMaxAgeDays`); personal data (worker positions, camera events)
 * 30 days, the seeds' "least necessary" privacy rule (PIPL art. 19: kept for the shortest time the
 * purpose needs); special-operation permits and their signed steps 6 years and never less (issue 17: the
 * complete apply–approve–execute–review trace kept at least six years). Any positive number of days
 * otherwise; no ordering between classes is enforced.
 */
/** Six years of 366 days: at least six calendar years whatever the leap days (as `recordsDays`). */
export const PERMIT_RECORDS_MIN_DAYS = 6 * 366;

export const HistorianRetentionSchema = z.strictObject({
  rawSamplesDays: z.number().positive().default(90),
  aggregatesDays: z.number().positive().default(10 * 366),
  recordsDays: z.number().positive().default(6 * 366),
  personalDataDays: z.number().positive().default(30),
  permitRecordsDays: z.number().min(PERMIT_RECORDS_MIN_DAYS, `permits are kept at least 6 years (${PERMIT_RECORDS_MIN_DAYS} days)`).default(PERMIT_RECORDS_MIN_DAYS),
});
export type HistorianRetention = z.infer<typeof HistorianRetentionSchema>;

export const defaultHistorianRetention = (): HistorianRetention => HistorianRetentionSchema.parse({});
