import type { RosterPerson } from '../../contracts/index.js';
import type { SmsChannelConfig } from '../../dispatch/index.js';
import { clipText, plainText } from '../../dispatch/index.js';
import { answerExcerpt, ChannelError, httpRequest, httpStatusError, type Channel, type ChannelTarget, type OutgoingMessage } from './channel.js';

type Escape = (value: string) => string;
/** JSON string content without its quotes: the template holds "{{text}}". */
const jsonEscape: Escape = (value) => JSON.stringify(value).slice(1, -1);
const escapeFor: Record<SmsChannelConfig['contentType'], Escape> = {
  'application/json': jsonEscape,
  'application/x-www-form-urlencoded': encodeURIComponent,
  'text/plain': (value) => value,
};

/** Replaces {{phone}} and {{text}} (and nothing else: a template is not a language) with escaped values. */
export function fillTemplate(template: string, values: { phone: string; text: string }, escape: Escape): string {
  return template.replaceAll(/\{\{(phone|text)\}\}/g, (_, key: 'phone' | 'text') => escape(values[key]));
}

/** The request an SMS gateway receives for one text to one phone. */
export function smsRequest(config: SmsChannelConfig, headers: Record<string, string>, phone: string, text: string) {
  const values = { phone, text: clipText(text, config.maxTextChars) };
  const url = fillTemplate(config.url, values, encodeURIComponent);
  const withBody = config.method !== 'GET';
  return {
    url,
    method: config.method,
    headers: { ...headers, ...(withBody && { 'content-type': `${config.contentType}; charset=utf-8` }) },
    ...(withBody && { body: fillTemplate(config.bodyTemplate, values, escapeFor[config.contentType]) }),
  };
}

/**
 * A text message through the site's SMS gateway, by its configured HTTP template (every gateway has its own API:
 * Aliyun, Tencent Cloud, a carrier's). The text is the message's title and lines, clipped to maxTextChars;
 * any 2xx is taken.
 */
export class SmsChannel implements Channel {
  readonly name = 'sms' as const;
  readonly group = false;
  readonly groupLocale = 'zh-CN' as const;

  constructor(
    private readonly config: SmsChannelConfig,
    /** Plain headers and those from the environment (API keys), resolved once. */
    private readonly headers: Record<string, string>,
    private readonly timeoutMs: number,
  ) {}

  reaches(person: RosterPerson): boolean {
    return person.phone !== undefined;
  }

  async send(message: OutgoingMessage, target: ChannelTarget): Promise<void> {
    if (target.kind !== 'person' || !target.person.phone) throw new ChannelError('no phone number for the person', false, true);
    const request = smsRequest(this.config, this.headers, target.person.phone, plainText(message.rendered));
    const answer = await httpRequest(request.url, request, this.timeoutMs);
    if (answer.status < 200 || answer.status >= 300) throw httpStatusError(answer.status, answerExcerpt(answer.text));
  }
}
