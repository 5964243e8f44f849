import webPush from 'web-push';
import type { PushSubscriptionInput, RosterPerson } from '../../contracts/index.js';
import type { WebPushChannelConfig } from '../../dispatch/index.js';
import { clipText } from '../../dispatch/index.js';
import { answerExcerpt, ChannelError, httpRequest, httpStatusError, type Channel, type ChannelTarget, type OutgoingMessage } from './channel.js';

/** The browsers a person's account has subscribed to push, and their removal when the push service says they are gone. */
export interface PushSubscriptions {
  of(userName: string): readonly PushSubscriptionInput[];
  /** The push service answered 404 or 410 (RFC 8030 §7.3): the subscription expired or was withdrawn. */
  gone(endpoint: string): void;
}

export type VapidKeys = { subject: string; publicKey: string; privateKey: string };

/** A notification body under a phone's few lines; the payload stays far below the 4,096 bytes a push service takes. */
const BODY_MAX_CHARS = 600;

/** What the phone page's service worker receives, decrypted (docs/dispatch.md §channels). */
export type PushPayload = { title: string; body: string; deliveryId: string; kind: OutgoingMessage['kind']; grade: number; warningId: string | null; tag: string };

export function pushPayload(message: OutgoingMessage): PushPayload {
  const warningId = message.message?.warningId ?? null;
  return {
    title: message.rendered.title,
    body: clipText(message.rendered.lines.join('\n'), BODY_MAX_CHARS),
    deliveryId: message.deliveryId,
    kind: message.kind,
    grade: message.grade,
    warningId,
    // One notification per warning on the phone: a later message about it replaces the earlier one.
    tag: warningId ?? message.deliveryId,
  };
}

/**
 * Web Push to each browser the person's account subscribed (RFC 8030), VAPID-signed (RFC 8292), the payload
 * encrypted aes128gcm (RFC 8291) by the web-push package; the request itself goes through fetch (time limit,
 * bounded answer). Delivered when at least one push service takes it (201); subscriptions answered 404/410 are
 * dropped; none left is a failure no retry mends.
 */
export class WebPushChannel implements Channel {
  readonly name = 'webPush' as const;
  readonly group = false;
  readonly groupLocale = 'zh-CN' as const;

  constructor(
    private readonly config: WebPushChannelConfig,
    private readonly vapid: VapidKeys,
    private readonly subscriptions: PushSubscriptions,
    private readonly timeoutMs: number,
  ) {}

  reaches(person: RosterPerson): boolean {
    return person.userName !== undefined && this.subscriptions.of(person.userName).length > 0;
  }

  async send(message: OutgoingMessage, target: ChannelTarget): Promise<void> {
    const targets = target.kind === 'person' && target.person.userName ? this.subscriptions.of(target.person.userName) : [];
    if (targets.length === 0) throw new ChannelError('no browser of the person is subscribed to push', false, true);
    const payload = JSON.stringify(pushPayload(message));
    const failures: ChannelError[] = [];
    let delivered = 0;
    for (const subscription of targets) {
      try {
        await this.sendOne(subscription, payload, message.grade <= 2 || message.kind === 'evacuate' ? 'high' : 'normal');
        delivered += 1;
      } catch (error) {
        failures.push(error instanceof ChannelError ? error : new ChannelError(String(error), true));
      }
    }
    if (delivered > 0) return;
    const retryable = failures.some((f) => f.retryable);
    throw new ChannelError(failures.map((f) => f.message).join('; ').slice(0, 300), retryable, failures.every((f) => f.recipientFault));
  }

  private async sendOne(subscription: PushSubscriptionInput, payload: string, urgency: 'high' | 'normal'): Promise<void> {
    const details = webPush.generateRequestDetails({ endpoint: subscription.endpoint, keys: subscription.keys }, payload, {
      vapidDetails: this.vapid,
      TTL: this.config.ttlS,
      contentEncoding: 'aes128gcm',
      urgency,
    });
    // fetch sets Content-Length itself; header values as strings.
    const headers = Object.fromEntries(Object.entries(details.headers).filter(([name]) => name.toLowerCase() !== 'content-length').map(([name, value]) => [name, String(value)]));
    const answer = await httpRequest(details.endpoint, { method: 'POST', headers, body: new Uint8Array(details.body ?? Buffer.alloc(0)) }, this.timeoutMs);
    if (answer.status === 404 || answer.status === 410) {
      this.subscriptions.gone(subscription.endpoint);
      throw new ChannelError(`push subscription gone (HTTP ${answer.status})`, false, true);
    }
    if (answer.status < 200 || answer.status >= 300) throw httpStatusError(answer.status, answerExcerpt(answer.text));
  }
}

/** A fresh VAPID key pair (P-256, base64url), generated once and kept in the data directory. */
export function generateVapidKeys(): { publicKey: string; privateKey: string } {
  return webPush.generateVAPIDKeys();
}
