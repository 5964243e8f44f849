import type { FastifyInstance } from 'fastify';
import { API_PATHS, PushSubscriptionSchema, type DispatchChannelStatus, type SessionUser } from '../contracts/index.js';
import { sendCoded, sendInvalid, type CodedResult, type RouteGuards } from '../http/index.js';
import type { Capability } from '../realtime/index.js';
import { refused, refuseUnlessNamed } from './deskResults.js';
import type { Outbox } from './Outbox.js';
import type { PushSubscriptionBook } from './PushSubscriptionBook.js';

/** A PushSubscription's JSON: an endpoint URL (≤ 1,000 characters) and two short keys. */
const SUBSCRIPTION_BODY_LIMIT_BYTES = 4 * 1024;

export type OutboxParts = {
  outbox: Outbox;
  subscriptions: PushSubscriptionBook;
  /** The VAPID public key browsers subscribe with; null when Web Push is off. */
  vapidPublicKey: string | null;
  /**
   * Takes subscriptions whose endpoint is plain http:// (a push service on the local network, tests). Off by
   * default: every browser's push service is https, and the core POSTs to whatever endpoint it is given.
   */
  allowHttpPushEndpoints?: boolean;
};

/**
 * The outbox's HTTP routes (docs/dispatch.md §channels), token-authenticated like every API route:
 * GET /api/dispatch/channels (dispatch:manage) — each channel's configured/active/healthy, last error, last
 * send and waiting messages, never an address, URL or secret; GET /api/push/vapid-public-key (signed in:
 * alarm:read) — `{ publicKey }`, null when Web Push is off; POST /api/push/subscriptions — a browser's
 * PushSubscription for the signed-in named account (at most MAX_PUSH_SUBSCRIPTIONS_PER_USER, oldest dropped).
 */
export function registerOutboxRoutes(app: FastifyInstance, guards: RouteGuards, parts: OutboxParts): void {
  const user = (request: { user: SessionUser | null }) => request.user!;
  app.get(`${API_PATHS.dispatch}/channels`, { preHandler: guards.requireAction('dispatch:manage') }, async (): Promise<DispatchChannelStatus[]> => parts.outbox.channelStatus());
  const read = guards.requireAction('alarm:read');
  app.get(`${API_PATHS.push}/vapid-public-key`, { preHandler: read }, async () => ({ publicKey: parts.vapidPublicKey }));
  app.post(`${API_PATHS.push}/subscriptions`, { preHandler: read, bodyLimit: SUBSCRIPTION_BODY_LIMIT_BYTES }, async (request, reply) => {
    const body = PushSubscriptionSchema.safeParse(request.body);
    if (!body.success) return sendInvalid(reply, 'ST_ERR_DISPATCH_INVALID', body.error);
    return sendCoded(reply, await subscribe(parts, body.data, user(request)), 201);
  });
}

async function subscribe(parts: OutboxParts, subscription: Parameters<PushSubscriptionBook['add']>[1], by: SessionUser): Promise<CodedResult<{ endpoint: string }>> {
  const refusal = refuseUnlessNamed(by, 'alarm:read', 'subscribing to warning notifications');
  if (refusal) return refusal;
  if (parts.vapidPublicKey === null) return refused('ST_ERR_DISPATCH_PUSH_OFF', 'Web Push is not configured on this core');
  const protocol = new URL(subscription.endpoint).protocol;
  if (protocol !== 'https:' && !(protocol === 'http:' && parts.allowHttpPushEndpoints)) return refused('ST_ERR_DISPATCH_INVALID', 'endpoint: a push service is reached over https');
  if (!(await parts.subscriptions.add(by.name, subscription))) return refused('ST_ERR_DISPATCH_OUTBOX_FULL', 'as many push subscriptions are kept as the core holds');
  return { ok: true, value: { endpoint: subscription.endpoint } };
}

/** The outbox as a capability: its routes (it has no socket events of its own). */
export function outboxCapability(parts: OutboxParts): Capability {
  return { onConnection: () => undefined, routes: (app, guards) => registerOutboxRoutes(app, guards, parts) };
}
