import { DELIVERY_CHANNELS, type DeliveryChannel } from '@contracts';

/**
 * One outbound channel's health as the roster panel shows it (GET /api/dispatch/channels, dispatch:manage; never a
 * secret, URL or address): not configured, working, or failing (configured but not running — its secret missing —
 * or its last send failed), how many messages wait, when it last sent. The core's view (main/dispatchDesk
 * ChannelStatusView) is read field by field; an unknown channel is left out (no raw id on the screen).
 */
export type ChannelHealth = { channel: DeliveryChannel; state: 'ok' | 'failing' | 'off'; queued: number; lastSentAtMs: number | null };

type ChannelStatusAnswer = { channel?: unknown; configured?: unknown; active?: unknown; healthy?: unknown; queued?: unknown; lastSentAtMs?: unknown };

const isChannel = (value: unknown): value is DeliveryChannel => typeof value === 'string' && (DELIVERY_CHANNELS as readonly string[]).includes(value);

export function channelHealthOf(answer: unknown): ChannelHealth[] {
  if (!Array.isArray(answer)) return [];
  return (answer as unknown[]).flatMap((item): ChannelHealth[] => {
    if (typeof item !== 'object' || item === null) return [];
    const c = item as ChannelStatusAnswer;
    if (!isChannel(c.channel)) return [];
    const state = c.configured !== true ? 'off' : c.active === false || c.healthy === false ? 'failing' : 'ok';
    return [{ channel: c.channel, state, queued: typeof c.queued === 'number' ? c.queued : 0, lastSentAtMs: typeof c.lastSentAtMs === 'number' ? c.lastSentAtMs : null }];
  });
}
