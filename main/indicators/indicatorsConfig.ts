import { z } from 'zod';
import { TREND_PERIODS } from '../contracts/index.js';

/**
 * The manager's workstation's runtime settings (config file `indicators`, docs/indicators.md §computation and storage).
 * - recomputeEveryMin: today and yesterday are recomputed this often (yesterday too: late records — a warning
 *   disposed the next morning, a hidden danger closed — change a day after it ended); 5 min keeps the tiles as fresh
 *   as the operators' KPI tiles refresh, at a cost of two day reads.
 * - backfillDaysPerSecond: the start's back-fill of the days missing since the historian's first record, a few days
 *   each second so the core stays responsive (a year back-fills in minutes in the background).
 * - declinePeriods / declinePeriod: a graded warning when an indicator got worse this many complete periods in a row
 *   (issue 20: "when an indicator keeps falling"); 3 weeks in a row is a trend, not noise, on a plant's weekly figures.
 * - indexFile: the indices' weights and bands (main/indicators parseIndexConfigFile); absent, the defaults.
 */
export const IndicatorsConfigSchema = z.strictObject({
  recomputeEveryMin: z.number().min(0.1).max(24 * 60).default(5),
  backfillDaysPerSecond: z.number().int().min(1).max(1000).default(5),
  declinePeriods: z.number().int().min(2).max(52).default(3),
  declinePeriod: z.enum(TREND_PERIODS).default('week'),
  indexFile: z.string().min(1).max(4096).optional(),
});
export type IndicatorsConfig = z.infer<typeof IndicatorsConfigSchema>;
export const defaultIndicatorsConfig = (): IndicatorsConfig => IndicatorsConfigSchema.parse({});
