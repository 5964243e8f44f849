import { describe, expect, it } from 'vitest';
import { channelCarries, ChannelsConfigSchema, retryDelayMs, retryGivenUp, RetryConfigSchema } from './channelConfig.js';

describe('channel configuration', () => {
  it('is all off by default, with the documented digest and retry numbers', () => {
    const config = ChannelsConfigSchema.parse({});
    expect(Object.keys(config).sort()).toEqual(['digest', 'retry']);
    expect(config.digest).toEqual({ windowS: 60, maxPerRecipient: 5 });
    expect(config.retry).toEqual({ firstDelayS: 5, maxDelayS: 600, maxAttempts: 50, giveUpAfterS: 86_400, timeoutS: 10 });
  });

  it('takes a secret from the file or an environment variable, not both, and refuses unknown keys', () => {
    expect(ChannelsConfigSchema.safeParse({ webhook: { url: 'https://x.example/hook', secretEnv: 'HOOK_KEY' } }).success).toBe(true);
    expect(ChannelsConfigSchema.safeParse({ webhook: { url: 'https://x.example/hook', secret: 'k', secretEnv: 'HOOK_KEY' } }).success).toBe(false);
    expect(ChannelsConfigSchema.safeParse({ webhook: { url: 'ftp://x.example/hook' } }).success).toBe(false);
    expect(ChannelsConfigSchema.safeParse({ webhook: { url: 'https://x.example/hook', sekret: 'k' } }).success).toBe(false);
    expect(ChannelsConfigSchema.safeParse({ email: { host: 'smtp.example', from: 'a@b.example', password: 'p', passwordEnv: 'P' } }).success).toBe(false);
    expect(ChannelsConfigSchema.safeParse({ webPush: { vapidSubject: 'mailto:ops@plant.example', vapidPublicKey: 'B'.repeat(87) } }).success).toBe(false);
    expect(ChannelsConfigSchema.safeParse({ webPush: { vapidSubject: 'ops@plant.example' } }).success).toBe(false);
  });

  it('takes SMS placeholders in the URL and sends only red and orange by default', () => {
    const sms = ChannelsConfigSchema.parse({ sms: { url: 'https://sms.example/send?to={{phone}}&msg={{text}}', method: 'GET' } }).sms!;
    expect(sms.minGrade).toBe(2);
    expect(channelCarries(sms, { grade: 2, kind: 'assigned' })).toBe(true);
    expect(channelCarries(sms, { grade: 3, kind: 'assigned' })).toBe(false);
    expect(channelCarries(sms, { grade: 4, kind: 'evacuate' })).toBe(true);
    expect(ChannelsConfigSchema.safeParse({ sms: { url: 'sms.example/{{phone}}' } }).success).toBe(false);
    expect(ChannelsConfigSchema.safeParse({ dingtalk: { webhookUrl: 'https://oapi.dingtalk.com/robot/send?access_token=t', minGrade: 5 } }).success).toBe(false);
  });
});

describe('retry back-off', () => {
  const retry = RetryConfigSchema.parse({ firstDelayS: 5, maxDelayS: 60, maxAttempts: 4, giveUpAfterS: 600 });

  it('doubles from the first delay to the cap, jittered between half and all of it', () => {
    expect([1, 2, 3, 4, 5, 10].map((n) => retryDelayMs(retry, n, 1))).toEqual([5_000, 10_000, 20_000, 40_000, 60_000, 60_000]);
    expect([1, 2, 5].map((n) => retryDelayMs(retry, n, 0))).toEqual([2_500, 5_000, 30_000]);
    expect(retryDelayMs(retry, 3, 0.5)).toBe(15_000);
  });

  it('gives up after the attempts or the age, whichever is first', () => {
    expect(retryGivenUp(retry, 3, 0, 599_999)).toBe(false);
    expect(retryGivenUp(retry, 4, 0, 1)).toBe(true);
    expect(retryGivenUp(retry, 1, 0, 600_000)).toBe(true);
  });

  it('refuses a cap below the first delay', () => {
    expect(RetryConfigSchema.safeParse({ firstDelayS: 10, maxDelayS: 5 }).success).toBe(false);
  });
});
