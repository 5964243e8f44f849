import type { AlarmCondition, AlarmPriority, EscalationReason, MessageKind, WarningGrade } from '../contracts/index.js';

/**
 * The words of outbound warning messages (issue 19 item 3, docs/dispatch.md §channels) in zh-CN and en: a title
 * and a few lines per message kind, which each channel lays out as it must (plain text, markdown, an e-mail, a
 * push notification, 70-character SMS segments). Pure: names come from the caller (the scene's and the roster's,
 * in the recipient's language) and times are formatted at the site's UTC offset. zh-CN follows
 * docs/glossary-zh.md: 一级(红色)预警…四级(蓝色)预警 for the grade, 确认, 升级, 时限, 撤离.
 */

export const MESSAGE_LOCALES = ['zh-CN', 'en'] as const;
export type MessageLocale = (typeof MESSAGE_LOCALES)[number];

/** What a warning message says (main/dispatchDesk OutboundMessage has these fields). */
export type WarningMessageFacts = {
  /** A digest is the outbox's own (renderDigestMessage), never one warning's message. */
  kind: Exclude<MessageKind, 'digest'>;
  warningId: string;
  grade: WarningGrade;
  priority: AlarmPriority;
  condition: AlarmCondition;
  areaId?: string;
  sourceId: string;
  value?: number;
  unit?: string;
  /** Escalation level (0 = the owner's post). */
  level?: number;
  /** The post answerable now (the owner's or the escalated one). */
  postId?: string;
  /** An escalation's cause (kind 'escalated'). */
  reason?: EscalationReason;
  /** When it must be acknowledged (assigned, escalated) — epoch ms. */
  deadlineMs?: number;
  /** Evacuation notices: where to go. */
  musterPointIds?: string[];
  createdAtMs: number;
};

/** The messages one digest folds (floodDigest.ts): how many, of which grades and kinds, over which span. */
export type DigestFacts = { count: number; byGrade: Record<WarningGrade, number>; byKind: Partial<Record<MessageKind, number>>; firstAtMs: number; lastAtMs: number };

/**
 * Names in the recipient's language; undefined where the scene or roster has none (the id is then shown).
 * `condition` is the alarm condition in words (main/recording REPORT_STRINGS' conditions, shared with the
 * incident report so a condition reads the same on paper and on a phone).
 */
export type MessageNames = {
  area(areaId: string): string | undefined;
  source(sourceId: string): string | undefined;
  post(postId: string): string | undefined;
  musterPoint(musterPointId: string): string | undefined;
  condition(condition: AlarmCondition): string;
};

export type RenderedMessage = { title: string; lines: string[] };

/** The grade as regulators write it (《突发事件应对法》 art. 42: 一级 red the most severe … 四级 blue). */
export const GRADE_WORDS: Record<MessageLocale, Record<WarningGrade, string>> = {
  'zh-CN': { 1: '一级(红色)预警', 2: '二级(橙色)预警', 3: '三级(黄色)预警', 4: '四级(蓝色)预警' },
  en: { 1: 'Level 1 (red) warning', 2: 'Level 2 (orange) warning', 3: 'Level 3 (yellow) warning', 4: 'Level 4 (blue) warning' },
};

/** hh:mm at the site (a message is read on the day it is sent; the date would be noise). */
export function siteClock(ms: number, utcOffsetMin: number): string {
  return new Date(ms + utcOffsetMin * 60_000).toISOString().slice(11, 16);
}

/** A reading as a person reads it: four significant digits at most, the unit after a space (18.2 %vol). */
function reading(value: number | undefined, unit: string | undefined): string | undefined {
  if (value === undefined || !Number.isFinite(value)) return undefined;
  const shown = Math.abs(value) >= 1000 ? Math.round(value).toString() : Number(value.toPrecision(4)).toString();
  return unit ? `${shown} ${unit}` : shown;
}

type Words = {
  place: (area: string | undefined, source: string) => string;
  assignedTitle: (grade: string, place: string, condition: string) => string;
  alarmLine: (grade: string, place: string, condition: string, value: string | undefined) => string;
  at: (clock: string) => string;
  post: (post: string) => string;
  ackBy: (clock: string) => string;
  escalatedTitle: (level: number, grade: string, place: string, condition: string) => string;
  escalatedLine: (reason: EscalationReason | undefined, post: string, level: number) => string;
  evacuateTitle: (area: string) => string;
  evacuateLine: (area: string, condition: string, value: string | undefined) => string;
  musterAt: (points: string[]) => string;
  musterAny: string;
  clearedTitle: (grade: string, place: string, condition: string) => string;
  clearedLine: (place: string, condition: string) => string;
  warningId: (id: string) => string;
  digestTitle: (count: number) => string;
  digestGrades: (counts: string[]) => string;
  digestGradeCount: (grade: string, count: number) => string;
  digestKinds: (counts: string[]) => string;
  digestKindCount: (kind: MessageKind, count: number) => string;
  digestSpan: (from: string, to: string) => string;
  digestHint: string;
  list: (items: string[]) => string;
};

const KIND_WORDS: Record<MessageLocale, Record<MessageKind, string>> = {
  'zh-CN': { assigned: '新预警', escalated: '升级', evacuate: '撤离通知', digest: '汇总', cleared: '已恢复' },
  en: { assigned: 'new', escalated: 'escalated', evacuate: 'evacuation', digest: 'digest', cleared: 'cleared' },
};

const WORDS: Record<MessageLocale, Words> = {
  'zh-CN': {
    place: (area, source) => (area ? `${area} ${source}` : source),
    assignedTitle: (grade, place, condition) => `【${grade}】${place} ${condition}`,
    alarmLine: (grade, place, condition, value) => `${grade}：${place} ${condition}${value ? `，读数 ${value}` : ''}。`,
    at: (clock) => `报警时间：${clock}`,
    post: (post) => `责任岗位：${post}`,
    ackBy: (clock) => `请于 ${clock} 前确认。`,
    escalatedTitle: (level, grade, place, condition) => `【升级至第 ${level} 级】${grade} ${place} ${condition}`,
    escalatedLine: (reason, post, level) => `${reason === 'resolveOverdue' ? '预警未在处置时限内消除' : '预警未在确认时限内确认'}，已升级至 ${post}（第 ${level} 级）。`,
    evacuateTitle: (area) => `【紧急撤离】${area}`,
    evacuateLine: (area, condition, value) => `${area} ${condition}${value ? `（${value}）` : ''}，区域内人员立即撤离。`,
    musterAt: (points) => `撤离至集合点：${points.join('、')}。`,
    musterAny: '撤离至最近的集合点。',
    clearedTitle: (grade, place, condition) => `【已恢复】${grade} ${place} ${condition}`,
    clearedLine: (place, condition) => `${place} ${condition}已恢复正常。`,
    warningId: (id) => `预警编号：${id}`,
    digestTitle: (count) => `【汇总通知】另有 ${count} 条预警消息`,
    digestGrades: (counts) => `按等级：${counts.join('，')}。`,
    digestGradeCount: (grade, count) => `${grade} ${count} 条`,
    digestKinds: (counts) => `按类型：${counts.join('，')}。`,
    digestKindCount: (kind, count) => `${KIND_WORDS['zh-CN'][kind]} ${count} 条`,
    digestSpan: (from, to) => `时段：${from}–${to}`,
    digestHint: '报警集中发生，逐条消息已合并；详情请在 SafeTwin 预警列表中查看。',
    list: (items) => items.join('、'),
  },
  en: {
    place: (area, source) => (area ? `${source}, ${area}` : source),
    assignedTitle: (grade, place, condition) => `[${grade}] ${condition}: ${place}`,
    alarmLine: (grade, place, condition, value) => `${grade}: ${condition} at ${place}${value ? `, reading ${value}` : ''}.`,
    at: (clock) => `Raised at ${clock}`,
    post: (post) => `Owner post: ${post}`,
    ackBy: (clock) => `Acknowledge by ${clock}.`,
    escalatedTitle: (level, grade, place, condition) => `[Escalated to level ${level}] ${grade}: ${condition} at ${place}`,
    escalatedLine: (reason, post, level) => `${reason === 'resolveOverdue' ? 'Not resolved within its deadline' : 'Not acknowledged within its deadline'}: escalated to ${post} (level ${level}).`,
    evacuateTitle: (area) => `[EVACUATE] ${area}`,
    evacuateLine: (area, condition, value) => `${condition}${value ? ` (${value})` : ''} in ${area}: everyone inside leave now.`,
    musterAt: (points) => `Go to muster point ${points.join(', ')}.`,
    musterAny: 'Go to the nearest muster point.',
    clearedTitle: (grade, place, condition) => `[Cleared] ${grade}: ${condition} at ${place}`,
    clearedLine: (place, condition) => `${condition} at ${place} has returned to normal.`,
    warningId: (id) => `Warning ${id}`,
    digestTitle: (count) => `[Warning digest] ${count} more warning messages`,
    digestGrades: (counts) => `By grade: ${counts.join(', ')}.`,
    digestGradeCount: (grade, count) => `${count} × ${grade}`,
    digestKinds: (counts) => `By kind: ${counts.join(', ')}.`,
    digestKindCount: (kind, count) => `${count} ${KIND_WORDS.en[kind]}`,
    digestSpan: (from, to) => `Between ${from} and ${to}`,
    digestHint: 'Many alarms at once: the messages were folded into this one; see the warning list in SafeTwin.',
    list: (items) => items.join(', '),
  },
};

/** A warning message's title and lines in `locale`. */
export function renderWarningMessage(facts: WarningMessageFacts, locale: MessageLocale, names: MessageNames, utcOffsetMin: number): RenderedMessage {
  const w = WORDS[locale];
  const grade = GRADE_WORDS[locale][facts.grade];
  const area = facts.areaId === undefined ? undefined : (names.area(facts.areaId) ?? facts.areaId);
  const place = w.place(area, names.source(facts.sourceId) ?? facts.sourceId);
  const condition = names.condition(facts.condition);
  const value = reading(facts.value, facts.unit);
  const post = facts.postId === undefined ? undefined : (names.post(facts.postId) ?? facts.postId);
  const deadline = facts.deadlineMs === undefined ? [] : [w.ackBy(siteClock(facts.deadlineMs, utcOffsetMin))];
  const at = w.at(siteClock(facts.createdAtMs, utcOffsetMin));
  const id = w.warningId(facts.warningId);
  switch (facts.kind) {
    case 'assigned':
      return { title: w.assignedTitle(grade, place, condition), lines: [w.alarmLine(grade, place, condition, value), at, ...(post ? [w.post(post)] : []), ...deadline, id] };
    case 'escalated': {
      const level = facts.level ?? 1;
      return { title: w.escalatedTitle(level, grade, place, condition), lines: [w.escalatedLine(facts.reason, post ?? '', level), w.alarmLine(grade, place, condition, value), ...deadline, id] };
    }
    case 'evacuate': {
      const where = area ?? place;
      const points = (facts.musterPointIds ?? []).map((m) => names.musterPoint(m) ?? m);
      return { title: w.evacuateTitle(where), lines: [w.evacuateLine(where, condition, value), points.length > 0 ? w.musterAt(points) : w.musterAny, at, id] };
    }
    case 'cleared':
      return { title: w.clearedTitle(grade, place, condition), lines: [w.clearedLine(place, condition), id] };
  }
}

/** One digest's title and lines: "23 more warnings: 5 一级…" by grade (most severe first), by kind, and the span. */
export function renderDigestMessage(facts: DigestFacts, locale: MessageLocale, utcOffsetMin: number): RenderedMessage {
  const w = WORDS[locale];
  const grades = ([1, 2, 3, 4] as const).filter((g) => facts.byGrade[g] > 0).map((g) => w.digestGradeCount(GRADE_WORDS[locale][g], facts.byGrade[g]));
  const kinds = (Object.entries(facts.byKind) as [MessageKind, number][]).filter(([, n]) => n > 0);
  const onlyNew = kinds.length === 1 && kinds[0]![0] === 'assigned';
  return {
    title: w.digestTitle(facts.count),
    lines: [w.digestGrades(grades), ...(onlyNew ? [] : [w.digestKinds(kinds.map(([k, n]) => w.digestKindCount(k, n)))]), w.digestSpan(siteClock(facts.firstAtMs, utcOffsetMin), siteClock(facts.lastAtMs, utcOffsetMin)), w.digestHint],
  };
}

/** Plain text: the title, then the lines (SMS, WeCom text, e-mail body, push body). */
export const plainText = (message: RenderedMessage) => [message.title, ...message.lines].join('\n');

/** Markdown (WeCom and DingTalk robots): the title as a heading, names escaped so a scene's name cannot format the message. */
export function markdownText(message: RenderedMessage): string {
  return [`### ${escapeMarkdown(message.title)}`, ...message.lines.map(escapeMarkdown)].join('\n\n');
}

/** Emphasis and code marks escaped, angle brackets made harmless (WeCom reads <font> and <@userid> tags in markdown). */
const escapeMarkdown = (text: string) => text.replaceAll(/[\\`*_]/g, (c) => `\\${c}`).replaceAll('<', '‹').replaceAll('>', '›');

/** At most `maxChars` characters (code points, so a Chinese character is never split), with an ellipsis when cut. */
export function clipText(text: string, maxChars: number): string {
  const chars = Array.from(text);
  return chars.length <= maxChars ? text : `${chars.slice(0, Math.max(maxChars - 1, 0)).join('')}…`;
}
