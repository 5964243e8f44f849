import { z } from 'zod';
import { WARNING_GRADES } from '../contracts/index.js';

/**
 * The outbound channels of warning dispatch (issue 19 item 3, docs/dispatch.md §channels): each one off unless
 * its key is present. Secrets (HMAC keys, SMTP passwords, signing secrets, a VAPID private key) come from the
 * configuration file or, better, from an environment variable named by the `…Env` key; they never leave the core
 * (no screen, log or journal shows them: GET /api/dispatch/channels says only whether a channel is configured).
 */

/** The least severe grade a channel carries: 1 = red only … 4 = every grade (evacuation notices always go). */
const minGrade = (fallback: (typeof WARNING_GRADES)[number]) =>
  z
    .number()
    .int()
    .refine((g) => (WARNING_GRADES as readonly number[]).includes(g), 'a warning grade: 1 (red) … 4 (blue)')
    .default(fallback);
/** The name of an environment variable holding a secret. */
const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,127}$/, 'an environment variable name');
const secretText = z.string().min(1).max(512);
const httpUrl = z.url({ protocol: /^https?$/ }).max(2_000);
/** The language the group channels write in (a group has no one person's locale). */
const groupLocale = z.enum(['zh-CN', 'en']).default('zh-CN');
/** A secret is given in the file or by an environment variable's name, not both. */
const notBoth = (a: string, b: string) => [(c: Record<string, unknown>) => c[a] === undefined || c[b] === undefined, `give ${a} or ${b}, not both`] as const;

/**
 * A plain HTTPS webhook (any system: a DCS gateway, an incident tool): a JSON body per message, signed with
 * HMAC-SHA256 over `${timestamp}.${body}` when a secret is set (X-SafeTwin-Signature: sha256=<hex>).
 */
export const WebhookChannelSchema = z
  .strictObject({ url: httpUrl, secret: secretText.optional(), secretEnv: envName.optional(), locale: groupLocale, minGrade: minGrade(4) })
  .refine(...notBoth('secret', 'secretEnv'));

/** E-mail through an SMTP relay (nodemailer). `secure`: TLS from the first byte (port 465); otherwise STARTTLS when offered. */
export const EmailChannelSchema = z
  .strictObject({
    host: z.string().min(1).max(253),
    port: z.number().int().min(1).max(65_535).default(587),
    secure: z.boolean().default(false),
    user: z.string().min(1).max(254).optional(),
    password: secretText.optional(),
    passwordEnv: envName.optional(),
    /** The sender, `alarms@plant.example` or `"SafeTwin" <alarms@plant.example>`. */
    from: z.string().min(3).max(320),
    minGrade: minGrade(4),
  })
  .refine(...notBoth('password', 'passwordEnv'));

/**
 * A WeCom (企业微信) group robot: POST JSON to https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=… (the key is
 * the secret: the URL is never shown). `text` messages carry @mentions (mentioned_mobile_list / mentioned_list);
 * `markdown` ones are richer but mention by <@userid> only.
 */
export const WecomChannelSchema = z.strictObject({ webhookUrl: httpUrl, msgtype: z.enum(['text', 'markdown']).default('text'), locale: groupLocale, minGrade: minGrade(4) });

/**
 * A DingTalk (钉钉) group robot: POST JSON to https://oapi.dingtalk.com/robot/send?access_token=…; with 加签 the
 * URL gets &timestamp=&sign= (HMAC-SHA256 of `${timestamp}\n${secret}`, base64, URL-encoded).
 */
export const DingtalkChannelSchema = z
  .strictObject({ webhookUrl: httpUrl, secret: secretText.optional(), secretEnv: envName.optional(), locale: groupLocale, minGrade: minGrade(4) })
  .refine(...notBoth('secret', 'secretEnv'));

/** A header name as RFC 9110 allows (a token). */
const headerName = z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}$/, 'an HTTP header name');

/**
 * An SMS gateway through a configurable HTTP request: `{{phone}}` and `{{text}}` in the URL and the body are
 * replaced by the values escaped as the place needs (URL-encoded in the URL and in a form body, JSON string
 * escapes in a JSON body: write "{{text}}" inside the quotes). Red and orange only by default: a text message
 * costs money and a flood of them helps nobody.
 */
export const SmsChannelSchema = z.strictObject({
  url: z.string().min(1).max(2_000).refine((u) => URL.canParse(u.replaceAll(/\{\{(phone|text)\}\}/g, 'x')) && /^https?:/.test(u), 'an http(s) URL, placeholders allowed'),
  method: z.enum(['POST', 'GET', 'PUT']).default('POST'),
  /** Plain headers; an API key belongs in `headersEnv` (header name → environment variable). */
  headers: z.record(headerName, z.string().max(1_000)).refine((h) => Object.keys(h).length <= 20, 'at most 20 headers').default({}),
  headersEnv: z.record(headerName, envName).refine((h) => Object.keys(h).length <= 20, 'at most 20 headers').default({}),
  contentType: z.enum(['application/json', 'application/x-www-form-urlencoded', 'text/plain']).default('application/json'),
  bodyTemplate: z.string().max(10_000).default('{"phone":"{{phone}}","text":"{{text}}"}'),
  /** Longer texts are cut with an ellipsis: three 70-character Chinese segments. */
  maxTextChars: z.number().int().min(20).max(1_000).default(210),
  minGrade: minGrade(2),
});

/**
 * Web Push to the phone page (RFC 8030 with VAPID, RFC 8292, and aes128gcm payloads, RFC 8291). Without keys the
 * core generates a pair once and keeps it in the data directory (dispatch-vapid.json).
 */
export const WebPushChannelSchema = z
  .strictObject({
    /** Who the push services may contact: mailto:… or https://… (RFC 8292 §2.1). */
    vapidSubject: z.string().regex(/^(mailto:|https:\/\/)\S+$/, 'mailto: or https:// (RFC 8292)').max(500),
    vapidPublicKey: z.string().regex(/^[A-Za-z0-9_-]{80,90}$/, 'the base64url uncompressed P-256 public key').optional(),
    vapidPrivateKey: z.string().regex(/^[A-Za-z0-9_-]{40,45}$/, 'the base64url P-256 private key').optional(),
    vapidPrivateKeyEnv: envName.optional(),
    /** How long a push service keeps an undelivered message (a phone off the network), seconds. */
    ttlS: z.number().int().min(0).max(2_419_200).default(3_600),
    minGrade: minGrade(4),
  })
  .refine(...notBoth('vapidPrivateKey', 'vapidPrivateKeyEnv'))
  .refine((c) => (c.vapidPrivateKey !== undefined || c.vapidPrivateKeyEnv !== undefined) === (c.vapidPublicKey !== undefined), 'give both VAPID keys, or neither (a pair is then generated)');

/**
 * Flood digesting: per recipient and channel, at most `maxPerRecipient` messages in `windowS`; the rest of the
 * window's messages become one summary at its end (a plant upset raising 200 alarms sends one message, not 200).
 */
export const DigestConfigSchema = z.strictObject({ windowS: z.number().int().min(5).max(3_600).default(60), maxPerRecipient: z.number().int().min(1).max(100).default(5) });

/**
 * Retries of a failed delivery: exponential back-off from `firstDelayS` doubling to `maxDelayS`, each delay
 * jittered to between half and all of it (so channels recovering together are not hit at once); given up after
 * `maxAttempts` attempts or `giveUpAfterS` after it was queued, whichever is first (the delivery is then `failed`,
 * shown on the warning; the warning itself stays on every screen).
 */
export const RetryConfigSchema = z
  .strictObject({
    firstDelayS: z.number().min(0.1).max(3_600).default(5),
    maxDelayS: z.number().min(1).max(86_400).default(600),
    maxAttempts: z.number().int().min(1).max(1_000).default(50),
    giveUpAfterS: z.number().int().min(60).max(7 * 86_400).default(86_400),
    /** One request's time limit. */
    timeoutS: z.number().min(1).max(120).default(10),
  })
  .refine((r) => r.maxDelayS >= r.firstDelayS, 'maxDelayS must be at least firstDelayS');

export const ChannelsConfigSchema = z.strictObject({
  webhook: WebhookChannelSchema.optional(),
  email: EmailChannelSchema.optional(),
  wecom: WecomChannelSchema.optional(),
  dingtalk: DingtalkChannelSchema.optional(),
  sms: SmsChannelSchema.optional(),
  webPush: WebPushChannelSchema.optional(),
  digest: DigestConfigSchema.prefault({}),
  retry: RetryConfigSchema.prefault({}),
});
export type ChannelsConfig = z.infer<typeof ChannelsConfigSchema>;
export type ChannelsConfigInput = z.input<typeof ChannelsConfigSchema>;
export type WebhookChannelConfig = z.infer<typeof WebhookChannelSchema>;
export type EmailChannelConfig = z.infer<typeof EmailChannelSchema>;
export type WecomChannelConfig = z.infer<typeof WecomChannelSchema>;
export type DingtalkChannelConfig = z.infer<typeof DingtalkChannelSchema>;
export type SmsChannelConfig = z.infer<typeof SmsChannelSchema>;
export type WebPushChannelConfig = z.infer<typeof WebPushChannelSchema>;
export type DigestConfig = z.infer<typeof DigestConfigSchema>;
export type RetryConfig = z.infer<typeof RetryConfigSchema>;

/** The outbound channels (contracts DeliveryChannel less 'screen', which the desk's socket is). */
export const OUTBOUND_CHANNELS = ['webhook', 'email', 'wecom', 'dingtalk', 'sms', 'webPush'] as const;
export type OutboundChannel = (typeof OUTBOUND_CHANNELS)[number];
/** Channels that post to a group (take messages with no person) and those that reach one person. */
export const GROUP_CHANNELS: readonly OutboundChannel[] = ['webhook', 'wecom', 'dingtalk'];
export const isGroupChannel = (channel: OutboundChannel) => GROUP_CHANNELS.includes(channel);

/** Whether `channel`'s configuration carries a message of this grade and kind (evacuation notices go on every channel). */
export function channelCarries(config: { minGrade: number }, message: { grade: number; kind: string }): boolean {
  return message.kind === 'evacuate' || message.grade <= config.minGrade;
}

/**
 * Exponential back-off with jitter: the n-th retry (n = 1 after the first failure) waits firstDelay·2^(n−1),
 * capped at maxDelay, times a factor in [0.5, 1) from `random` ("equal jitter": never less than half the delay).
 */
export function retryDelayMs(retry: Pick<RetryConfig, 'firstDelayS' | 'maxDelayS'>, failedAttempts: number, random: number): number {
  const exponent = Math.min(Math.max(failedAttempts - 1, 0), 40);
  const delayS = Math.min(retry.firstDelayS * 2 ** exponent, retry.maxDelayS);
  return Math.round(delayS * 1000 * (0.5 + 0.5 * Math.min(Math.max(random, 0), 1)));
}

/** Whether a delivery that has failed `attempts` times, first queued at `queuedAtMs`, is given up at `nowMs`. */
export function retryGivenUp(retry: Pick<RetryConfig, 'maxAttempts' | 'giveUpAfterS'>, attempts: number, queuedAtMs: number, nowMs: number): boolean {
  return attempts >= retry.maxAttempts || nowMs - queuedAtMs >= retry.giveUpAfterS * 1000;
}
