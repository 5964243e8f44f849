import { z } from 'zod';

export { DESKTOP_BRIDGE_GLOBAL, DESKTOP_CHANNELS, type DesktopBridge } from './desktopChannels.js';

export const DisplayInfoSchema = z.object({
  id: z.number(),
  label: z.string(),
  bounds: z.object({ x: z.number(), y: z.number(), width: z.number(), height: z.number() }),
  scaleFactor: z.number(),
  primary: z.boolean(),
});
export type DisplayInfo = z.infer<typeof DisplayInfoSchema>;

export const AppInfoSchema = z.object({ version: z.string(), platform: z.string(), electron: z.string() });
export type AppInfo = z.infer<typeof AppInfoSchema>;


/** What one screen shows. */
export const SCREEN_VIEWS = ['controlRoom', 'overview', 'siteMap', 'cameras', 'alarms', 'kpis', 'manager'] as const;
export type ScreenView = (typeof SCREEN_VIEWS)[number];

/**
 * A video-wall layout: one entry per screen (by index in the OS display list in Electron, or
 * `?layout=<name>&screen=<n>` in a browser), each with its view. `rotate` cycles views on an
 * unattended wall (kiosk rotation); `highContrast` enlarges text for reading from metres away.
 */
export const WindowLayoutSchema = z.object({
  version: z.literal(1),
  windows: z
    .array(
      z.object({
        displayIndex: z.number().int().nonnegative(),
        view: z.enum(SCREEN_VIEWS).default('controlRoom'),
        fullscreen: z.boolean().default(false),
        highContrast: z.boolean().default(false),
        rotate: z.object({ views: z.array(z.enum(SCREEN_VIEWS)).min(2), periodS: z.number().int().min(10).max(3600) }).optional(),
      }),
    )
    .min(1),
});
export type WindowLayout = z.infer<typeof WindowLayoutSchema>;
