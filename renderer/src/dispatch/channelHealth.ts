import { DELIVERY_CHANNELS, type DeliveryChannel } from '@contracts';

/**
 * One outbound channel's health as the roster panel shows it (GET /api/dispatch/channels, dispatch:manage; never a
 * secret): whether it is configured, working or failing, how many messages wait, when it last sent. Read field by
 * field from the core's answer so an added field never breaks the panel; an unknown channel is left out (no raw id
 * on the screen).
 */
export type ChannelHealth = { channel: DeliveryChannel; state: 'ok' | 'failing' | 'off'; queued: number; lastSentAtMs: number | null };

const isChannel = (value: unknown): value is DeliveryChannel => typeof value === 'string' && (DELIVERY_CHANNELS as readonly string[]).includes(value);

export function channelHealthOf(answer: unknown): ChannelHealth[] {
  const items = Array.isArray(answer) ? answer : typeof answer === 'object' && answer !== null && Array.isArray((answer as { channels?: unknown }).channels) ? (answer as { channels: unknown[] }).channels : [];
  return (items as unknown[]).flatMap((item): ChannelHealth[] => {
    if (typeof item !== 'object' || item === null) return [];
    const c = item as Record<string, unknown>;
    const channel = c.channel ?? c.name ?? c.id;
    if (!isChannel(channel)) return [];
    const configured = c.configured ?? c.enabled ?? true;
    const failing = c.healthy === false || c.ok === false || c.status === 'failing' || c.status === 'down' || c.status === 'error';
    const queued = [c.queued, c.pending, c.waiting].find((v): v is number => typeof v === 'number') ?? 0;
    const lastSentAtMs = [c.lastSentAtMs, c.lastOkAtMs, c.lastSuccessAtMs].find((v): v is number => typeof v === 'number') ?? null;
    return [{ channel, state: configured === false ? 'off' : failing ? 'failing' : 'ok', queued, lastSentAtMs }];
  });
}
