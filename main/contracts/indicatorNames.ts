import type { LocalizedText } from './scene.js';

/**
 * The indicators' names (main/indicators INDICATOR_CATALOGUE takes them from here): in contracts so that every place
 * an alarm is worded — the screens' alarm list and banner, dispatch messages, reports — names a declining indicator
 * as the manager's view and the monthly report do, without the catalogue's formulas and scoring.
 */
export const INDICATOR_NAMES = {
  ppeCompliance: { en: 'PPE compliance', 'zh-CN': '劳保用品佩戴率' },
  ppeViolationsPer100h: { en: 'PPE violations per 100 exposure hours', 'zh-CN': '每百暴露工时劳保违规次数' },
  restrictedEntryPer1000h: { en: 'Restricted-area entries per 1,000 person-hours', 'zh-CN': '每千工时违规闯入次数' },
  gatheringPer1000h: { en: 'Gatherings per 1,000 person-hours', 'zh-CN': '每千工时人员聚集次数' },
  alarmRatePer10Min: { en: 'Alarm rate per operator position', 'zh-CN': '每操作岗位报警率' },
  floodTimeShare: { en: 'Time in alarm flood', 'zh-CN': '报警泛滥时间占比' },
  standingAlarms: { en: 'Standing alarms', 'zh-CN': '长期报警' },
  chatteringAlarms: { en: 'Chattering alarms', 'zh-CN': '振荡报警' },
  mttaMin: { en: 'Mean time to acknowledge', 'zh-CN': '平均确认时间' },
  mttrMin: { en: 'Mean time to resolve', 'zh-CN': '平均处置时间' },
  falseAlarmRate: { en: 'False-alarm rate', 'zh-CN': '误报率' },
  dataQualityScore: { en: 'Data-quality score', 'zh-CN': '数据质量得分' },
  drillCompletion: { en: 'Drill completion', 'zh-CN': '应急演练完成率' },
  drillScore: { en: 'Drill score', 'zh-CN': '应急演练评分' },
  hazardClosureRate: { en: 'Hidden-danger closure rate', 'zh-CN': '隐患整改闭环率' },
  hazardMeanRectificationDays: { en: 'Mean rectification time', 'zh-CN': '隐患平均整改时间' },
  repeatHazards: { en: 'Repeat hidden dangers', 'zh-CN': '重复隐患占比' },
  permitSuspensions: { en: 'Permit suspensions per 100 permits', 'zh-CN': '每百张作业票暂停次数' },
  permitOverdueReviews: { en: 'Overdue permit reviews', 'zh-CN': '作业票逾期未审核' },
  certificateExpiries: { en: 'Contractor certificates expired or expiring', 'zh-CN': '承包商证书过期或临期占比' },
  daysWithoutRecordableIncident: { en: 'Days without a recordable incident', 'zh-CN': '无可记录事故天数' },
  recordableIncidentRate: { en: 'Recordable incident rate (TRIR)', 'zh-CN': '可记录事故率' },
} as const satisfies Record<string, LocalizedText>;

/**
 * An 'indicatorDeclining' alarm's source id `<indicatorId>/<dimension>/<key>` (main/indicatorDesk declineCondition)
 * in parts, with the indicator's name where the catalogue holds it; null for an id of another shape. The key is
 * the rest after the second '/', so a contractor's name holding '/' stays whole.
 */
export function indicatorSourceParts(sourceId: string): { indicatorId: string; name: LocalizedText | undefined; dimension: string; key: string } | null {
  const first = sourceId.indexOf('/');
  const second = first < 0 ? -1 : sourceId.indexOf('/', first + 1);
  if (second < 0) return null;
  const indicatorId = sourceId.slice(0, first);
  const name = Object.hasOwn(INDICATOR_NAMES, indicatorId) ? (INDICATOR_NAMES as Record<string, LocalizedText>)[indicatorId] : undefined;
  return { indicatorId, name, dimension: sourceId.slice(first + 1, second), key: sourceId.slice(second + 1) };
}

/** The names an indicator's key is worded from: the scene's areas and its organisation's departments. */
export type IndicatorKeyNames = { areas: readonly { id: string; name: LocalizedText }[]; organisation?: { departments: readonly { id: string; name: LocalizedText }[] } | undefined };

/** The site-wide key in words. */
const SITE_WORDS: LocalizedText = { en: 'site', 'zh-CN': '全厂' };

/**
 * A declining indicator's source in words, as every alarm wording shows it: "平均处置时间（生产二部）" / "Mean time to
 * resolve (Production 2)" — the catalogue's name, the area's or department's scene name (a contractor or a shift as
 * it is); null when the id is not `<indicatorId>/<dimension>/<key>`. Unknown names fall back to the ids.
 */
export function indicatorSourceText(sourceId: string, locale: string, names: IndicatorKeyNames | null | undefined): string | null {
  const parts = indicatorSourceParts(sourceId);
  if (!parts) return null;
  const zh = locale === 'zh-CN';
  const say = (text: LocalizedText | undefined) => (text === undefined ? undefined : ((zh ? text['zh-CN'] : undefined) ?? text.en));
  const keyName =
    parts.dimension === 'site'
      ? say(SITE_WORDS)
      : parts.dimension === 'area'
        ? say(names?.areas.find((a) => a.id === parts.key)?.name)
        : parts.dimension === 'department'
          ? say(names?.organisation?.departments.find((d) => d.id === parts.key)?.name)
          : undefined;
  const name = say(parts.name) ?? parts.indicatorId;
  return zh ? `${name}（${keyName ?? parts.key}）` : `${name} (${keyName ?? parts.key})`;
}
