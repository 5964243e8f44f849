import type { IncidentRecord, IndexId, PermitType, ReportKind, RiskGrade } from '../contracts/index.js';
import type { ReportLocale } from '../recording/index.js';

type Words = {
  title: Record<ReportKind, string>;
  site: string;
  period: string;
  previousPeriod: string;
  generated: string;
  noData: string;
  none: string;
  sections: { indices: string; indicators: string; drills: string; risks: string; hotSpots: string; alarms: string; hazards: string; permits: string; incidents: string; notes: string };
  indexNames: Record<IndexId, string>;
  indexChart: (periods: number, unit: 'month' | 'week' | 'slice') => string;
  why: string;
  columns: { indicator: string; value: string; previous: string; change: string; benchmark: string; formula: string; weight: string; score: string; points: string; area: string; grade: string; causes: string; alarms: string; hazards: string; alarm: string; activations: string; kpi: string; count: string; type: string; occurred: string; severity: string; title: string };
  change: { better: string; worse: string; same: string };
  benchmarkMet: (met: boolean) => string;
  notCounted: string;
  riskGrades: Record<RiskGrade, string>;
  mapLegend: string;
  /** With the cell grid: the live risk heatmap's weighting of the period's alarms and camera detections. */
  mapLegendGrid: (cellM: number) => string;
  alarmKpis: { rate: string; maxRate: string; flood: string; standing: string; chattering: string; activeAtEnd: string; badActors: string };
  hazardRows: { reported: string; major: string; closure: string; overdue: string; repeats: string; carriedOver: string; month: (month: string) => string };
  permitRows: { issued: string; suspensions: string; automatic: string; overdueReviews: string; pending: string };
  permitTypes: Record<PermitType, string>;
  severities: Record<IncidentRecord['severity'], string>;
  moreIncidents: (n: number) => string;
  pageFooter: string;
};

/**
 * The report's words, zh-CN as the site's managers read a 安全运行月报 (terms of docs/glossary-zh.md: 隐患, 作业票,
 * GB 30871 作业 types, 四色 risk grades) and English for the same report abroad. Priorities, alarm conditions and
 * actors come from the recording reports' REPORT_STRINGS, so every report says them alike.
 */
export const REPORT_WORDS: Record<ReportLocale, Words> = {
  'zh-CN': {
    title: { monthly: '安全运行月报', weekly: '安全运行周报', onDemand: '安全运行报告' },
    site: '厂区',
    period: '统计期间',
    previousPeriod: '对比期间',
    generated: '生成时间',
    noData: '暂无数据',
    none: '无',
    sections: { indices: '一、安全指数', indicators: '二、安全指标', drills: '三、应急演练', risks: '四、主要风险', hotSpots: '五、风险热点图', alarms: '六、报警管理', hazards: '七、隐患排查治理', permits: '八、特殊作业', incidents: '九、事件事故', notes: '十、安全管理人员意见' },
    indexNames: { safetyHealth: '安全健康指数', enterpriseRisk: '企业安全风险指数' },
    indexChart: (n, unit) => (unit === 'month' ? `近 ${n} 个月趋势` : unit === 'week' ? `近 ${n} 周趋势` : `统计期间分 ${n} 段趋势`),
    why: '计算说明（各指标得分 × 权重）',
    columns: { indicator: '指标', value: '本期', previous: '上期', change: '变化', benchmark: '基准', formula: '计算方法', weight: '权重', score: '得分', points: '贡献', area: '区域', grade: '风险等级', causes: '管控失效项', alarms: '报警次数', hazards: '隐患数', alarm: '报警', activations: '触发次数', kpi: '指标', count: '数量', type: '类别', occurred: '发生时间', severity: '严重程度', title: '事件' },
    change: { better: '↑ 改善', worse: '↓ 变差', same: '→ 持平' },
    benchmarkMet: (met) => (met ? '达标' : '未达标'),
    notCounted: '无数据，不计入',
    riskGrades: { major: '重大风险', large: '较大风险', general: '一般风险', low: '低风险' },
    mapLegend: '颜色越深表示本期报警与隐患越多',
    mapLegendGrid: (cellM) => `颜色越深表示本期风险越高（报警与视频识别事件按风险热力图权重累计，${cellM} 米网格）`,
    alarmKpis: { rate: '平均报警率（次/10 分钟/操作岗位）', maxRate: '最大 10 分钟报警数', flood: '报警泛滥时间占比', standing: '长期报警（超 24 小时）', chattering: '振荡报警', activeAtEnd: '期末活动报警', badActors: '高频报警（前 10）' },
    hazardRows: { reported: '上报隐患', major: '其中重大隐患', closure: '整改闭环率', overdue: '超期未整改', repeats: '重复隐患', carriedOver: '期末未销号', month: (m) => `（${m} 月度分析）` },
    permitRows: { issued: '签发作业票', suspensions: '作业暂停', automatic: '其中系统自动暂停', overdueReviews: '超期未复核', pending: '待审批' },
    permitTypes: { hotWork: '动火作业', confinedSpace: '受限空间作业', blinding: '盲板抽堵作业', workAtHeight: '高处作业', lifting: '吊装作业', temporaryPower: '临时用电作业', excavation: '动土作业', roadClosure: '断路作业' },
    severities: { nearMiss: '未遂事件', firstAid: '急救箱事件', recordable: '可记录事件', lostTime: '损工事件', fatality: '死亡事故' },
    moreIncidents: (n) => `另有 ${n} 起未列出`,
    pageFooter: 'SafeTwin 自动生成',
  },
  en: {
    title: { monthly: 'Monthly safety operations report', weekly: 'Weekly safety operations report', onDemand: 'Safety operations report' },
    site: 'Site',
    period: 'Period',
    previousPeriod: 'Compared with',
    generated: 'Generated',
    noData: 'No data yet',
    none: 'None',
    sections: { indices: '1. Safety indices', indicators: '2. Indicators', drills: '3. Emergency drills', risks: '4. Top risks', hotSpots: '5. Risk hot spots', alarms: '6. Alarm management', hazards: '7. Hidden dangers', permits: '8. Special-operation permits', incidents: '9. Incidents', notes: "10. Manager's notes" },
    indexNames: { safetyHealth: 'Safety health index', enterpriseRisk: 'Enterprise safety risk index' },
    indexChart: (n, unit) => (unit === 'month' ? `Last ${n} months` : unit === 'week' ? `Last ${n} weeks` : `The period in ${n} slices`),
    why: 'How it is computed (each indicator’s score × weight)',
    columns: { indicator: 'Indicator', value: 'This period', previous: 'Previous', change: 'Change', benchmark: 'Benchmark', formula: 'Formula', weight: 'Weight', score: 'Score', points: 'Points', area: 'Area', grade: 'Risk grade', causes: 'Failed controls', alarms: 'Alarms', hazards: 'Hidden dangers', alarm: 'Alarm', activations: 'Activations', kpi: 'KPI', count: 'Count', type: 'Type', occurred: 'Occurred', severity: 'Severity', title: 'Incident' },
    change: { better: '↑ better', worse: '↓ worse', same: '→ same' },
    benchmarkMet: (met) => (met ? 'met' : 'not met'),
    notCounted: 'no data, not counted',
    riskGrades: { major: 'Major', large: 'Large', general: 'General', low: 'Low' },
    mapLegend: 'Darker areas had more alarms and hidden dangers in the period',
    mapLegendGrid: (cellM) => `Darker cells carried more risk in the period (alarms and camera detections weighted as the risk heatmap weighs them, ${cellM} m cells)`,
    alarmKpis: { rate: 'Average alarm rate (per 10 min per operator position)', maxRate: 'Maximum alarms in 10 min', flood: 'Time in flood', standing: 'Standing alarms (over 24 h)', chattering: 'Chattering alarms', activeAtEnd: 'Active at the end', badActors: 'Bad actors (top 10)' },
    hazardRows: { reported: 'Reported', major: 'of which major', closure: 'Closure rate', overdue: 'Overdue', repeats: 'Repeats', carriedOver: 'Open at the end', month: (m) => ` (analysis of ${m})` },
    permitRows: { issued: 'Permits issued', suspensions: 'Suspensions', automatic: 'of which by the live checks', overdueReviews: 'Reviews overdue', pending: 'Awaiting approval' },
    permitTypes: { hotWork: 'Hot work', confinedSpace: 'Confined space', blinding: 'Blinding', workAtHeight: 'Work at height', lifting: 'Lifting', temporaryPower: 'Temporary power', excavation: 'Excavation', roadClosure: 'Road closure' },
    severities: { nearMiss: 'Near miss', firstAid: 'First aid', recordable: 'Recordable', lostTime: 'Lost time', fatality: 'Fatality' },
    moreIncidents: (n) => `${n} more not listed`,
    pageFooter: 'Generated by SafeTwin',
  },
};
