import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { RosterPerson } from '../../contracts/index.js';
import { ChannelsConfigSchema } from '../../dispatch/index.js';
import { clipUtf8, httpStatusError, robotAnswer, type OutgoingMessage } from './channel.js';
import { dingtalkBody, dingtalkSign, dingtalkUrl } from './dingtalkChannel.js';
import { fillTemplate, smsRequest } from './smsChannel.js';
import { pushPayload } from './webPushChannel.js';
import { webhookBody, webhookSignature } from './webhookChannel.js';
import { wecomBody } from './wecomChannel.js';

const person = (id: string, extra: Partial<RosterPerson> = {}): RosterPerson => ({ id, name: id, locale: 'zh-CN', ...extra });
const message: OutgoingMessage = {
  deliveryId: 'm1/wecom',
  kind: 'assigned',
  grade: 1,
  locale: 'zh-CN',
  rendered: { title: '【一级(红色)预警】污水池 低低报', lines: ['读数 18.2 %vol。', '请于 14:05 前确认。'] },
  message: { messageId: 'm1', kind: 'assigned', warningId: 'w1', personId: null, grade: 1, priority: 'urgent', alarmId: 'a1', condition: 'lowLow', sourceId: 'O2-201', createdAtMs: 1 },
  digest: null,
};
const group = { kind: 'group' as const, mentions: [person('p1', { wecomUserId: 'zhangsan', phone: '13800000001' }), person('p2', { phone: '13800000002' }), person('p3')] };

describe('channel bodies', () => {
  it('signs a webhook as HMAC-SHA256 of timestamp.body, and carries the facts and mention ids', () => {
    expect(webhookSignature('key', '1700000000', '{"a":1}')).toBe(`sha256=${createHmac('sha256', 'key').update('1700000000.{"a":1}').digest('hex')}`);
    const body = webhookBody(message, group);
    expect(body).toMatchObject({ version: 1, deliveryId: 'm1/wecom', kind: 'assigned', grade: 1, locale: 'zh-CN', title: '【一级(红色)预警】污水池 低低报', text: '【一级(红色)预警】污水池 低低报\n读数 18.2 %vol。\n请于 14:05 前确认。', mentionPersonIds: ['p1', 'p2', 'p3'], digest: null });
    expect(body.warning?.warningId).toBe('w1');
  });

  it('writes a WeCom text with its mention lists, and a markdown with <@userid>', () => {
    expect(wecomBody('text', message, group)).toEqual({ msgtype: 'text', text: { content: '【一级(红色)预警】污水池 低低报\n读数 18.2 %vol。\n请于 14:05 前确认。', mentioned_list: ['zhangsan'], mentioned_mobile_list: ['13800000002'] } });
    const md = wecomBody('markdown', message, group) as { msgtype: string; markdown: { content: string } };
    expect(md.msgtype).toBe('markdown');
    expect(md.markdown.content).toBe('### 【一级(红色)预警】污水池 低低报\n\n读数 18.2 %vol。\n\n请于 14:05 前确认。\n\n<@zhangsan>');
    const long = { ...message, rendered: { title: '长', lines: ['预'.repeat(2_000)] } };
    const clipped = wecomBody('text', long, { kind: 'group', mentions: [] }) as { text: { content: string } };
    expect(Buffer.byteLength(clipped.text.content)).toBeLessThanOrEqual(2_048);
    expect(clipped.text.content.endsWith('…')).toBe(true);
  });

  it('writes a DingTalk markdown whose @phones are in the text too, and signs its URL', () => {
    expect(dingtalkBody(message, group)).toEqual({
      msgtype: 'markdown',
      markdown: { title: '【一级(红色)预警】污水池 低低报', text: '### 【一级(红色)预警】污水池 低低报\n\n读数 18.2 %vol。\n\n请于 14:05 前确认。\n\n@13800000001 @13800000002' },
      at: { atMobiles: ['13800000001', '13800000002'], isAtAll: false },
    });
    const sign = createHmac('sha256', 'SECabc').update('1700000000000\nSECabc').digest('base64');
    expect(dingtalkSign('SECabc', 1_700_000_000_000)).toBe(sign);
    const url = dingtalkUrl('https://oapi.dingtalk.com/robot/send?access_token=t0', 'SECabc', 1_700_000_000_000);
    expect(url).toBe(`https://oapi.dingtalk.com/robot/send?access_token=t0&timestamp=1700000000000&sign=${encodeURIComponent(sign)}`);
    expect(dingtalkUrl('https://oapi.dingtalk.com/robot/send?access_token=t0', undefined, 1)).toBe('https://oapi.dingtalk.com/robot/send?access_token=t0');
  });

  it('fills the SMS template, escaped as JSON, as a form, and in the URL', () => {
    const text = '报警 "O2" 18%\n& more';
    const json = ChannelsConfigSchema.parse({ sms: { url: 'https://sms.example/send' } }).sms!;
    const req = smsRequest(json, { 'x-api-key': 'k' }, '+8613800000001', text);
    expect(req).toMatchObject({ url: 'https://sms.example/send', method: 'POST', headers: { 'x-api-key': 'k', 'content-type': 'application/json; charset=utf-8' } });
    expect(JSON.parse(req.body!)).toEqual({ phone: '+8613800000001', text });
    const form = ChannelsConfigSchema.parse({ sms: { url: 'https://sms.example/send', contentType: 'application/x-www-form-urlencoded', bodyTemplate: 'to={{phone}}&msg={{text}}&sig={{sig}}' } }).sms!;
    const formBody = new URLSearchParams(smsRequest(form, {}, '+8613800000001', text).body!);
    expect([formBody.get('to'), formBody.get('msg'), formBody.get('sig')]).toEqual(['+8613800000001', text, '{{sig}}']);
    const get = ChannelsConfigSchema.parse({ sms: { url: 'https://sms.example/send?to={{phone}}&msg={{text}}', method: 'GET', maxTextChars: 20 } }).sms!;
    const getReq = smsRequest(get, {}, '+8613800000001', '一'.repeat(30));
    expect(getReq.body).toBeUndefined();
    expect(new URL(getReq.url).searchParams.get('msg')).toBe(`${'一'.repeat(19)}…`);
    expect(new URL(getReq.url).searchParams.get('to')).toBe('+8613800000001');
    expect(fillTemplate('{{text}}{{text}}', { phone: '', text: 'a' }, (v) => v)).toBe('aa');
  });

  it('puts the words and the warning in a push payload, tagged by warning', () => {
    expect(pushPayload(message)).toEqual({ title: '【一级(红色)预警】污水池 低低报', body: '读数 18.2 %vol。\n请于 14:05 前确认。', deliveryId: 'm1/wecom', kind: 'assigned', grade: 1, warningId: 'w1', tag: 'w1' });
  });

  it('tells retryable answers from final ones', () => {
    expect(httpStatusError(503).retryable).toBe(true);
    expect(httpStatusError(429).retryable).toBe(true);
    expect(httpStatusError(400).retryable).toBe(false);
    expect(() => robotAnswer({ status: 200, text: '{"errcode":0,"errmsg":"ok"}' }, [45009])).not.toThrow();
    expect(() => robotAnswer({ status: 200, text: '{"errcode":45009,"errmsg":"api freq out of limit"}' }, [45009])).toThrow(expect.objectContaining({ retryable: true, message: 'errcode 45009: api freq out of limit' }));
    expect(() => robotAnswer({ status: 200, text: '{"errcode":93000,"errmsg":"invalid webhook url"}' }, [45009])).toThrow(expect.objectContaining({ retryable: false }));
    expect(clipUtf8('一二三', 9)).toBe('一二三');
    expect(clipUtf8('一二三四', 9)).toBe('一二…');
  });
});
