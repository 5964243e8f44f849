import { describe, expect, it } from 'vitest';
import { clipText, markdownText, plainText, renderDigestMessage, renderWarningMessage, siteClock, type MessageNames, type WarningMessageFacts } from './messageText.js';

const ZH: MessageNames = {
  area: (id) => ({ 'sump-pit': '污水池' })[id],
  source: (id) => ({ 'O2-201': '氧气探测器 O2-201' })[id],
  post: (id) => ({ shiftLead: '值班长', safetyManager: '安全经理' })[id],
  musterPoint: (id) => ({ 'mp-east': '东门集合点' })[id],
  condition: (c) => ({ lowLow: '低低报', high: '高报' })[c as string] ?? c,
};
const EN: MessageNames = {
  area: (id) => ({ 'sump-pit': 'Sump pit' })[id],
  source: (id) => ({ 'O2-201': 'O2 detector O2-201' })[id],
  post: (id) => ({ shiftLead: 'Shift lead', safetyManager: 'Safety manager' })[id],
  musterPoint: (id) => ({ 'mp-east': 'East gate' })[id],
  condition: (c) => ({ lowLow: 'Low-low', high: 'High' })[c as string] ?? c,
};
// 2026-12-07 06:03 UTC = 14:03 at UTC+8.
const AT = Date.UTC(2026, 11, 7, 6, 3);
const facts: WarningMessageFacts = { kind: 'assigned', warningId: 'O2-201.lowLow@1', grade: 1, priority: 'urgent', condition: 'lowLow', areaId: 'sump-pit', sourceId: 'O2-201', value: 18.2, unit: '%vol', postId: 'shiftLead', deadlineMs: AT + 120_000, createdAtMs: AT };

describe('warning message text', () => {
  it('writes a new warning in zh-CN with the grade as regulators do and names, not ids', () => {
    const zh = renderWarningMessage(facts, 'zh-CN', ZH, 480);
    expect(zh.title).toBe('【一级(红色)预警】污水池 氧气探测器 O2-201 低低报');
    expect(zh.lines).toEqual(['一级(红色)预警：污水池 氧气探测器 O2-201 低低报，读数 18.2 %vol。', '报警时间：14:03', '责任岗位：值班长', '请于 14:05 前确认。', '预警编号：O2-201.lowLow@1']);
    expect(plainText(zh)).not.toMatch(/sump-pit|shiftLead/);
  });

  it('writes it in English', () => {
    const en = renderWarningMessage(facts, 'en', EN, 480);
    expect(en.title).toBe('[Level 1 (red) warning] Low-low: O2 detector O2-201, Sump pit');
    expect(en.lines).toEqual(['Level 1 (red) warning: Low-low at O2 detector O2-201, Sump pit, reading 18.2 %vol.', 'Raised at 14:03', 'Owner post: Shift lead', 'Acknowledge by 14:05.', 'Warning O2-201.lowLow@1']);
  });

  it('says why and to whom a warning escalated', () => {
    const escalated = { ...facts, kind: 'escalated' as const, level: 2, postId: 'safetyManager', reason: 'ackOverdue' as const, deadlineMs: AT + 240_000 };
    const zh = renderWarningMessage(escalated, 'zh-CN', ZH, 480);
    expect(zh.title).toBe('【升级至第 2 级】一级(红色)预警 污水池 氧气探测器 O2-201 低低报');
    expect(zh.lines[0]).toBe('预警未在确认时限内确认，已升级至 安全经理（第 2 级）。');
    expect(renderWarningMessage({ ...escalated, reason: 'resolveOverdue' }, 'en', EN, 480).lines[0]).toBe('Not resolved within its deadline: escalated to Safety manager (level 2).');
  });

  it('tells the people inside to leave, and where to go', () => {
    const evacuate = { ...facts, kind: 'evacuate' as const, musterPointIds: ['mp-east', 'mp-x'] };
    const zh = renderWarningMessage(evacuate, 'zh-CN', ZH, 480);
    expect(zh.title).toBe('【紧急撤离】污水池');
    expect(zh.lines.slice(0, 2)).toEqual(['污水池 低低报（18.2 %vol），区域内人员立即撤离。', '撤离至集合点：东门集合点、mp-x。']);
    expect(renderWarningMessage({ ...evacuate, musterPointIds: [] }, 'en', EN, 480).lines.slice(0, 2)).toEqual(['Low-low (18.2 %vol) in Sump pit: everyone inside leave now.', 'Go to the nearest muster point.']);
  });

  it('says when it cleared, and shows the id only where no name exists', () => {
    const cleared = { ...facts, kind: 'cleared' as const, areaId: 'unnamed', value: undefined };
    expect(renderWarningMessage(cleared, 'zh-CN', ZH, 480)).toEqual({ title: '【已恢复】一级(红色)预警 unnamed 氧气探测器 O2-201 低低报', lines: ['unnamed 氧气探测器 O2-201 低低报已恢复正常。', '预警编号：O2-201.lowLow@1'] });
  });

  it('writes a digest by grade, most severe first, with its kinds when not all new', () => {
    const digest = { count: 23, byGrade: { 1: 5, 2: 0, 3: 10, 4: 8 }, byKind: { assigned: 20, escalated: 3 }, firstAtMs: AT, lastAtMs: AT + 60_000 };
    const zh = renderDigestMessage(digest, 'zh-CN', 480);
    expect(zh.title).toBe('【汇总通知】另有 23 条预警消息');
    expect(zh.lines.slice(0, 3)).toEqual(['按等级：一级(红色)预警 5 条，三级(黄色)预警 10 条，四级(蓝色)预警 8 条。', '按类型：新预警 20 条，升级 3 条。', '时段：14:03–14:04']);
    const en = renderDigestMessage({ ...digest, byKind: { assigned: 23 } }, 'en', 480);
    expect(en.title).toBe('[Warning digest] 23 more warning messages');
    expect(en.lines[0]).toBe('By grade: 5 × Level 1 (red) warning, 10 × Level 3 (yellow) warning, 8 × Level 4 (blue) warning.');
    expect(en.lines[1]).toBe('Between 14:03 and 14:04');
  });

  it('lays a message out as markdown with names that cannot format it, and clips by characters', () => {
    const md = markdownText({ title: '【一级(红色)预警】A*B', lines: ['x <font>_y_</font>'] });
    expect(md).toBe('### 【一级(红色)预警】A\\*B\n\nx ‹font›\\_y\\_‹/font›');
    expect(clipText('一二三四五', 5)).toBe('一二三四五');
    expect(clipText('一二三四五六', 5)).toBe('一二三四…');
    expect(clipText('😀😀😀', 2)).toBe('😀…');
    expect(siteClock(Date.UTC(2026, 0, 1, 23, 30), 480)).toBe('07:30');
  });
});
