import type {
  ControlMeasureKind,
  HazardKind,
  HazardSource,
  HazardTicketGrade,
  HazardTicketState,
  HazardTicketView,
  RiskControlLevel,
  RiskGrade,
  RiskPointView,
  Scene,
} from '../contracts/index.js';
import { CONTROL_MEASURE_KINDS } from '../contracts/index.js';
import { localizedName } from '../evacuation/index.js';
import { csvTextField } from '../historian/index.js';
import type { ReportLocale } from '../recording/index.js';

type Words = {
  riskColumns: string[];
  ticketColumns: string[];
  riskGrade: Record<RiskGrade, string>;
  controlLevel: Record<RiskControlLevel, string>;
  controlKind: Record<ControlMeasureKind, string>;
  method: { lec: string; matrix: string };
  ticketGrade: Record<HazardTicketGrade, string>;
  ticketState: Record<HazardTicketState, string>;
  kind: Record<HazardKind, string>;
  source: Record<HazardSource['kind'], string>;
  yes: string;
  no: string;
  withheld: string;
};

/**
 * Column heads and words of 风险分级管控清单 and 隐患排查治理台账 as provincial double-prevention guides lay them
 * out (the zh-CN terms of docs/glossary-zh.md); English for the same lists abroad.
 */
const WORDS: Record<ReportLocale, Words> = {
  'zh-CN': {
    riskColumns: ['序号', '风险点编号', '风险点名称', '所在区域', '危险源及可能导致的事故', '评价方法', '评价取值', '风险值', '风险等级', '当前等级', '等级提升原因', '工程技术措施', '管理措施', '培训教育措施', '个体防护措施', '应急处置措施', '管控层级', '责任人', '评价日期'],
    ticketColumns: ['序号', '隐患编号', '发现时间', '所在区域', '隐患类别', '隐患描述', '隐患等级', '重大隐患判定依据', '来源', '状态', '整改责任人', '整改期限', '整改完成时间', '验收时间', '是否超期', '升级督办级别'],
    riskGrade: { major: '重大风险', large: '较大风险', general: '一般风险', low: '低风险' },
    controlLevel: { company: '公司级', workshop: '车间级', team: '班组级', post: '岗位级' },
    controlKind: { engineering: '工程技术措施', management: '管理措施', training: '培训教育措施', ppe: '个体防护措施', emergency: '应急处置措施' },
    method: { lec: '作业条件危险性分析法（LEC）', matrix: '风险矩阵法（LS）' },
    ticketGrade: { general: '一般隐患', major: '重大隐患' },
    ticketState: { reported: '上报', accepted: '受理', rectifying: '整改中', awaitingVerification: '待验收', closed: '已销号', rejected: '已驳回' },
    kind: { leak: '跑冒滴漏', equipment: '设备设施缺陷', electrical: '电气', instrumentation: '仪表及报警', fireProtection: '消防设施', unsafeAct: '违章作业', ppe: '个体防护', specialOperation: '特殊作业', housekeeping: '现场管理', other: '其他' },
    source: { phone: '员工上报', alarm: '报警转隐患', camera: '视频识别转隐患', inspection: '巡检发现' },
    yes: '是',
    no: '否',
    withheld: '（已隐去）',
  },
  en: {
    riskColumns: ['No.', 'Risk point', 'Name', 'Area', 'Hazards and possible accidents', 'Method', 'Inputs', 'Score', 'Assessed grade', 'Grade now', 'Raised because', 'Engineering controls', 'Management controls', 'Training', 'PPE', 'Emergency response', 'Control level', 'Responsible', 'Assessed on'],
    ticketColumns: ['No.', 'Ticket', 'Reported', 'Area', 'Kind', 'Description', 'Grade', 'Basis of major grade', 'Source', 'State', 'Rectifier', 'Deadline', 'Rectified', 'Verified', 'Overdue', 'Escalation level'],
    riskGrade: { major: 'Major', large: 'Large', general: 'General', low: 'Low' },
    controlLevel: { company: 'Company', workshop: 'Workshop', team: 'Team', post: 'Post' },
    controlKind: { engineering: 'Engineering', management: 'Management', training: 'Training', ppe: 'PPE', emergency: 'Emergency' },
    method: { lec: 'LEC (work-condition hazard analysis)', matrix: 'Risk matrix (LS)' },
    ticketGrade: { general: 'General', major: 'Major' },
    ticketState: { reported: 'Reported', accepted: 'Accepted', rectifying: 'Being rectified', awaitingVerification: 'Awaiting verification', closed: 'Closed', rejected: 'Rejected' },
    kind: { leak: 'Leak or spill', equipment: 'Equipment defect', electrical: 'Electrical', instrumentation: 'Instruments and alarms', fireProtection: 'Fire protection', unsafeAct: 'Unsafe act', ppe: 'PPE', specialOperation: 'Special operation', housekeeping: 'Housekeeping', other: 'Other' },
    source: { phone: 'Reported by staff', alarm: 'From an alarm', camera: 'From a camera event', inspection: 'Inspection round' },
    yes: 'yes',
    no: 'no',
    withheld: '(withheld)',
  },
};

/** Excel opens a UTF-8 file as UTF-8 only with the byte-order mark; Chinese text would be garbled without it. */
const BOM = '\uFEFF';
type AreaNames = Pick<Scene, 'areas'>;

function siteDate(ms: number, utcOffsetMin: number, withTime: boolean): string {
  const text = new Date(ms + utcOffsetMin * 60_000).toISOString();
  return withTime ? text.slice(0, 16).replace('T', ' ') : text.slice(0, 10);
}

function areaName(scene: AreaNames, areaId: string | undefined, locale: ReportLocale): string {
  return localizedName(scene.areas.find((a) => a.id === areaId)?.name, areaId ?? '', locale);
}

function csv(head: string[], rows: (string | number)[][]): string {
  const line = (row: (string | number)[]) => row.map((field) => (typeof field === 'number' ? String(field) : csvTextField(field))).join(',');
  return BOM + [line(head), ...rows.map(line)].join('\r\n') + '\r\n';
}

/** 风险分级管控清单: one row per risk point, its measures by kind, its live grade and why it was raised. */
export function riskControlListCsv(points: readonly RiskPointView[], scene: AreaNames, locale: ReportLocale, utcOffsetMin: number, names: boolean): string {
  const w = WORDS[locale];
  const rows = points.map((view, i) => {
    const { point } = view;
    const a = point.assessment;
    const inputs = a.method === 'lec' ? `L=${a.likelihood} E=${a.exposure} C=${a.consequence}` : `L=${a.likelihood} S=${a.severity}`;
    const causes = view.causes.map((c) => (c.kind === 'interlockBypassed' ? c.interlockId : c.sensorId)).join('; ');
    return [
      i + 1,
      point.id,
      point.name,
      areaName(scene, point.areaId, locale),
      point.hazards.map((h) => h.description).join('; '),
      w.method[a.method],
      inputs,
      view.score,
      w.riskGrade[view.assessed],
      w.riskGrade[view.grade],
      causes,
      ...CONTROL_MEASURE_KINDS.map((kind) =>
        point.controls
          .filter((c) => c.kind === kind)
          .map((c) => c.description)
          .join('; '),
      ),
      w.controlLevel[point.responsible.level],
      names ? point.responsible.name : w.withheld,
      siteDate(point.assessedAtMs, utcOffsetMin, false),
    ];
  });
  return csv(w.riskColumns, rows);
}

/** 隐患排查治理台账: one row per ticket as the reader sees it (names as the view gives them). */
export function hazardListCsv(views: readonly HazardTicketView[], scene: AreaNames, locale: ReportLocale, utcOffsetMin: number): string {
  const w = WORDS[locale];
  const rows = views.map((view, i) => {
    const { ticket, timing } = view;
    const lastOf = (action: string) => ticket.signatures.findLast((s) => s.action === action)?.atMs;
    const rectified = lastOf('rectify');
    const verified = ticket.state === 'closed' ? lastOf('verify') : undefined;
    return [
      i + 1,
      ticket.number,
      siteDate(ticket.reportedAtMs, utcOffsetMin, true),
      areaName(scene, ticket.location.areaId, locale),
      w.kind[ticket.kind],
      ticket.description,
      w.ticketGrade[ticket.grade],
      ticket.majorBasis ?? '',
      w.source[ticket.source.kind],
      w.ticketState[ticket.state],
      ticket.assignee === undefined ? '' : ticket.assignee || w.withheld,
      siteDate(timing.deadlineMs, utcOffsetMin, true),
      rectified === undefined ? '' : siteDate(rectified, utcOffsetMin, true),
      verified === undefined ? '' : siteDate(verified, utcOffsetMin, true),
      timing.overdue ? w.yes : w.no,
      timing.escalationLevel,
    ];
  });
  return csv(w.ticketColumns, rows);
}
