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


/**
 * Window layout for video walls: one window per display (by index in the OS display list),
 * each opening a renderer view. Stored as JSON, validated here.
 */
export const WindowLayoutSchema = z.object({
  version: z.literal(1),
  windows: z
    .array(
      z.object({
        displayIndex: z.number().int().nonnegative(),
        view: z.enum(['controlRoom', 'alarms', 'cameras', 'siteMap']).default('controlRoom'),
        fullscreen: z.boolean().default(false),
      }),
    )
    .min(1),
});
export type WindowLayout = z.infer<typeof WindowLayoutSchema>;
