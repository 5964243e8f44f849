import { createHmac } from 'node:crypto';
import type { WebhookChannelConfig } from '../../dispatch/index.js';
import { plainText } from '../../dispatch/index.js';
import { answerExcerpt, httpRequest, httpStatusError, type Channel, type ChannelTarget, type OutgoingMessage } from './channel.js';

/** The webhook body's format version: a receiver checks it before reading the fields (docs/dispatch.md §channels). */
export const WEBHOOK_FORMAT_VERSION = 1;

/**
 * The signature a receiver recomputes: hex HMAC-SHA256, keyed by the shared secret, of `${timestamp}.${body}`
 * (the timestamp header, a dot, the raw body), as Stripe and Slack sign theirs; the timestamp lets a receiver
 * refuse replays older than it allows.
 */
export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * A JSON POST per message to the configured URL: the message's facts (ids, grade, priority, condition, place,
 * value, deadline), its words in the configured language, and the roster ids it @mentions (ids only: names
 * and contacts are personal data). Headers X-SafeTwin-Delivery (a retried copy has the same), X-SafeTwin-Timestamp
 * (Unix seconds) and, with a secret, X-SafeTwin-Signature. Any 2xx is taken.
 */
export class WebhookChannel implements Channel {
  readonly name = 'webhook' as const;
  readonly group = true;
  readonly groupLocale;

  constructor(
    private readonly config: WebhookChannelConfig,
    private readonly secret: string | undefined,
    private readonly timeoutMs: number,
    private readonly nowMs: () => number = Date.now,
  ) {
    this.groupLocale = config.locale;
  }

  reaches(): boolean {
    return false;
  }

  async send(message: OutgoingMessage, target: ChannelTarget): Promise<void> {
    const body = JSON.stringify(webhookBody(message, target));
    const timestamp = String(Math.floor(this.nowMs() / 1000));
    const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8', 'x-safetwin-delivery': message.deliveryId, 'x-safetwin-timestamp': timestamp };
    if (this.secret !== undefined) headers['x-safetwin-signature'] = webhookSignature(this.secret, timestamp, body);
    const answer = await httpRequest(this.config.url, { method: 'POST', headers, body }, this.timeoutMs);
    if (answer.status < 200 || answer.status >= 300) throw httpStatusError(answer.status, answerExcerpt(answer.text));
  }
}

/** The JSON a webhook receives (docs/dispatch.md §channels). */
export function webhookBody(message: OutgoingMessage, target: ChannelTarget) {
  return {
    version: WEBHOOK_FORMAT_VERSION,
    deliveryId: message.deliveryId,
    kind: message.kind,
    grade: message.grade,
    locale: message.locale,
    title: message.rendered.title,
    text: plainText(message.rendered),
    warning: message.message,
    digest: message.digest,
    mentionPersonIds: target.kind === 'group' ? target.mentions.map((p) => p.id) : [],
  };
}
