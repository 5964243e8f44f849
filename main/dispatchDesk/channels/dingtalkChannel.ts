import { createHmac } from 'node:crypto';
import type { DingtalkChannelConfig } from '../../dispatch/index.js';
import { markdownText } from '../../dispatch/index.js';
import { clipUtf8, httpRequest, robotAnswer, type Channel, type ChannelTarget, type OutgoingMessage } from './channel.js';

/**
 * DingTalk (钉钉) custom robot codes (open.dingtalk.com, 自定义机器人发送群消息): 130101 "send too fast" (20 a
 * minute per robot) and -1 "system busy" pass later; 310000 (keyword, signature or IP check failed), 300001
 * (bad token) and the rest will not. A markdown text is kept under 5,000 bytes (20,000 is the documented limit
 * of a message; a phone shows far less).
 */
const RETRYABLE_CODES = [-1, 130101];
const MARKDOWN_MAX_BYTES = 5_000;

/**
 * 加签: sign = URL-encode(base64(HMAC-SHA256(key = secret, `${timestamp}\n${secret}`))), timestamp in ms; the
 * robot refuses a timestamp more than an hour from its clock.
 */
export function dingtalkSign(secret: string, timestampMs: number): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`).digest('base64');
}

/** The robot's URL with &timestamp=&sign= when a secret is set (URLSearchParams URL-encodes the base64's + / =). */
export function dingtalkUrl(webhookUrl: string, secret: string | undefined, timestampMs: number): string {
  if (secret === undefined) return webhookUrl;
  const url = new URL(webhookUrl);
  url.searchParams.set('timestamp', String(timestampMs));
  url.searchParams.set('sign', dingtalkSign(secret, timestampMs));
  return url.toString();
}

/** Posts a markdown message to a DingTalk group robot (https://oapi.dingtalk.com/robot/send?access_token=…), @mentioning by phone. */
export class DingtalkChannel implements Channel {
  readonly name = 'dingtalk' as const;
  readonly group = true;
  readonly groupLocale;

  constructor(
    private readonly config: DingtalkChannelConfig,
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
    const url = dingtalkUrl(this.config.webhookUrl, this.secret, this.nowMs());
    const answer = await httpRequest(url, { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(dingtalkBody(message, target)) }, this.timeoutMs);
    robotAnswer(answer, RETRYABLE_CODES);
  }
}

/**
 * The documented body: {msgtype:'markdown', markdown:{title, text}, at:{atMobiles, isAtAll:false}}; a mention
 * shows only when its "@phone" is also in the text, so each is appended.
 */
export function dingtalkBody(message: OutgoingMessage, target: ChannelTarget) {
  const mobiles = target.kind === 'group' ? target.mentions.flatMap((p) => (p.phone ? [p.phone] : [])) : [];
  const suffix = mobiles.length > 0 ? `\n\n${mobiles.map((m) => `@${m}`).join(' ')}` : '';
  return {
    msgtype: 'markdown',
    markdown: { title: message.rendered.title, text: clipUtf8(markdownText(message.rendered), MARKDOWN_MAX_BYTES - Buffer.byteLength(suffix)) + suffix },
    at: { atMobiles: mobiles, isAtAll: false },
  };
}
