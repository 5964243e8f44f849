import type { WecomChannelConfig } from '../../dispatch/index.js';
import { markdownText, plainText } from '../../dispatch/index.js';
import { clipUtf8, httpRequest, robotAnswer, type Channel, type ChannelTarget, type OutgoingMessage } from './channel.js';

/**
 * WeCom (企业微信) group robot limits and codes (developer.work.weixin.qq.com/document/path/91770): a text's
 * content at most 2,048 bytes, a markdown's 4,096 (UTF-8); errcode -1 "system busy" and 45009 "api freq out of
 * limit" (20 messages a minute per robot) pass later, any other code (93000 invalid key, 40008 bad type) will not.
 */
const TEXT_MAX_BYTES = 2_048;
const MARKDOWN_MAX_BYTES = 4_096;
const RETRYABLE_CODES = [-1, 45009];

/**
 * Posts to a WeCom group robot's webhook (https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…). A text message
 * @mentions by `mentioned_list` (WeCom member ids) and `mentioned_mobile_list` (phones); a markdown message by
 * `<@userid>` in its content (markdown has no mention lists).
 */
export class WecomChannel implements Channel {
  readonly name = 'wecom' as const;
  readonly group = true;
  readonly groupLocale;

  constructor(
    private readonly config: WecomChannelConfig,
    private readonly timeoutMs: number,
  ) {
    this.groupLocale = config.locale;
  }

  reaches(): boolean {
    return false;
  }

  async send(message: OutgoingMessage, target: ChannelTarget): Promise<void> {
    const answer = await httpRequest(this.config.webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(wecomBody(this.config.msgtype, message, target)) }, this.timeoutMs);
    robotAnswer(answer, RETRYABLE_CODES);
  }
}

/** The documented body: {msgtype:'text', text:{content, mentioned_list, mentioned_mobile_list}} or {msgtype:'markdown', markdown:{content}}. */
export function wecomBody(msgtype: WecomChannelConfig['msgtype'], message: OutgoingMessage, target: ChannelTarget) {
  const mentions = target.kind === 'group' ? target.mentions : [];
  if (msgtype === 'markdown') {
    const tags = mentions.flatMap((p) => (p.wecomUserId ? [`<@${p.wecomUserId}>`] : []));
    const suffix = tags.length > 0 ? `\n\n${tags.join(' ')}` : '';
    return { msgtype, markdown: { content: clipUtf8(markdownText(message.rendered), MARKDOWN_MAX_BYTES - Buffer.byteLength(suffix)) + suffix } };
  }
  return {
    msgtype,
    text: {
      content: clipUtf8(plainText(message.rendered), TEXT_MAX_BYTES),
      mentioned_list: mentions.flatMap((p) => (p.wecomUserId ? [p.wecomUserId] : [])),
      // A person with a WeCom id is mentioned by it; the phone is for those without one (one mention each).
      mentioned_mobile_list: mentions.flatMap((p) => (!p.wecomUserId && p.phone ? [p.phone] : [])),
    },
  };
}
