import { z } from 'zod';

/**
 * config.reports (docs/reports.md §configuration): where Chromium is, which languages the scheduled reports are
 * made in, whether the schedule runs, and who gets them by e-mail (through config.dispatch.channels.email's relay).
 * Loaded by the configuration without the printer (reports' second entry in eslint.config.js).
 */
export const ReportsConfigSchema = z.strictObject({
  /** Debian's Chromium by default; the packaged core prints with whatever Chromium this names. */
  chromiumPath: z.string().min(1).max(4096).default('/usr/bin/chromium'),
  /** The scheduled reports' languages: zh-CN (《安全运行月报》) always first, en when listed. */
  locales: z.array(z.enum(['zh-CN', 'en'])).min(1).max(2).default(['zh-CN']),
  /** The monthly report on the 1st at 08:00 plant time, the weekly one on Mondays at 08:00. */
  schedule: z.strictObject({ monthly: z.boolean().default(true), weekly: z.boolean().default(true), hourLocal: z.number().int().min(0).max(23).default(8) }).prefault({}),
  /** Addresses the scheduled reports are mailed to, the PDF attached; none: archived only. */
  mailTo: z.array(z.email().max(254)).max(50).default([]),
});
export type ReportsConfig = z.infer<typeof ReportsConfigSchema>;
export const defaultReportsConfig = (): ReportsConfig => ReportsConfigSchema.parse({});
