import type { AlarmAction, AlarmCondition, AlarmPriority, AlarmReason, CertificateType, KnownDetectionLabel, LocalizedText, QualificationProblemCode, Role, TimelineMarkCode, TimelineMarkWhat } from '../contracts/index.js';

export const REPORT_LOCALES = ['en', 'zh-CN'] as const;
export type ReportLocale = (typeof REPORT_LOCALES)[number];

/** Names in the report's language for the ids a reason holds (escaped for HTML). */
export type ReasonWords = { alarmName: (alarmId: string) => string; areaName: (areaId: string) => string; cameraName: (cameraId: string) => string; detection: (label: string) => string };

type Strings = {
  title: string;
  site: string;
  period: string;
  recordings: string;
  generated: string;
  summary: string;
  alarmsRaised: string;
  operatorActions: string;
  medianAck: string;
  maxAck: string;
  medianClear: string;
  unacknowledgedAtEnd: string;
  responseTimes: string;
  alarm: string;
  priority: string;
  raised: string;
  acknowledgedBy: string;
  alarmToAck: string;
  alarmToClear: string;
  notAcknowledged: string;
  notCleared: string;
  timeline: string;
  time: string;
  event: string;
  by: string;
  reason: string;
  markers: string;
  snapshots: string;
  snapshotsWithheld: string;
  bookmarks: string;
  none: string;
  seconds: (s: number) => string;
  actions: Record<AlarmAction, string>;
  priorities: Record<AlarmPriority, string>;
  markerKinds: Record<'drill' | 'simulation' | 'incident' | 'note', string>;
  conditions: Record<AlarmCondition, string>;
  /** A rule's reason by code (AlarmTransition.reasonCode), in the report's language. */
  reasons: Record<AlarmReason['code'], (p: AlarmReason['params'], words: ReasonWords) => string>;
  /** A camera detection's class by its key (contracts KNOWN_DETECTION_LABELS), and the words for any other class. */
  detections: Record<KnownDetectionLabel, string>;
  otherDetection: (label: string) => string;
  /** What a drill, simulation or incident mark records (TimelineMarker.what), in the report's language; `name` gives a scene name in it. */
  marks: Record<TimelineMarkCode, (what: TimelineMarkWhat, name: (text: LocalizedText | undefined) => string) => string>;
  actors: { system: string; simulator: string; local: (role: string) => string };
  roles: Record<Role, string>;
};

/**
 * The contractor checks' words (contracts/contractors.ts): a certificate by its type (特种作业操作证 classes by
 * their catalogue names) and why a person does not qualify, by code.
 */
const CERTIFICATE_WORDS: Record<ReportLocale, Record<CertificateType, string>> = {
  en: { electrician: 'electrical work certificate', welding: 'welding and hot cutting certificate', workAtHeight: 'work-at-height certificate', hazardousChemicals: 'hazardous-chemicals operation certificate', lifting: 'crane operation certificate', watcher: 'watcher certificate', other: 'certificate' },
  'zh-CN': { electrician: '电工作业操作证', welding: '焊接与热切割作业操作证', workAtHeight: '高处作业操作证', hazardousChemicals: '危险化学品安全作业操作证', lifting: '起重机械作业人员证', watcher: '监护人培训合格证', other: '证书' },
};
const QUALIFICATION_WORDS: Record<ReportLocale, Record<QualificationProblemCode, (certificate: string) => string>> = {
  en: {
    notRegistered: () => 'badge bound to no registered person',
    inactive: () => 'person no longer active',
    companyUnknown: () => 'company not registered',
    companyNotWhitelisted: () => 'company not whitelisted',
    companyLicenceExpired: () => "company's licence expired",
    briefingMissing: () => 'no safety briefing',
    briefingFailed: () => 'briefing exam below the pass mark',
    briefingExpired: () => 'safety briefing lapsed',
    certificateMissing: (c) => `no ${c}`,
    certificateExpired: (c) => `${c} expired`,
    certificateNotHeld: (c) => `the ${c} on the permit is not theirs`,
  },
  'zh-CN': {
    notRegistered: () => '定位卡未绑定登记人员',
    inactive: () => '人员已停用',
    companyUnknown: () => '所属单位未登记',
    companyNotWhitelisted: () => '所属单位不在白名单内',
    companyLicenceExpired: () => '所属单位资质证书已过期',
    briefingMissing: () => '未参加入场安全教育',
    briefingFailed: () => '安全教育考试成绩低于合格分',
    briefingExpired: () => '入场安全教育已过有效期',
    certificateMissing: (c) => `无${c}`,
    certificateExpired: (c) => `${c}已过期`,
    certificateNotHeld: (c) => `作业票所列${c}不属于本人`,
  },
};
const qualificationWords = (locale: ReportLocale, p: AlarmReason['params']) => QUALIFICATION_WORDS[locale][p.problem as QualificationProblemCode]?.(CERTIFICATE_WORDS[locale][p.certificateType as CertificateType] ?? '') ?? String(p.problem);
const certificateWord = (locale: ReportLocale, p: AlarmReason['params']) => CERTIFICATE_WORDS[locale][p.certificateType as CertificateType] ?? String(p.certificateType);
const days = (p: AlarmReason['params']) => Number(p.daysLeft);
const expiryEn = (p: AlarmReason['params']) => `person ${p.personId}: the ${certificateWord('en', p)} ${days(p) < 0 ? `expired ${-days(p)} day(s) ago` : `expires in ${days(p)} day(s)`}`;
const expiryZh = (p: AlarmReason['params']) => `人员 ${p.personId}：${certificateWord('zh-CN', p)}${days(p) < 0 ? `已过期 ${-days(p)} 天` : `将于 ${days(p)} 天后到期`}`;

/** Report wording; zh-CN follows docs/glossary-zh.md (报警, 确认, 搁置, 时间轴, 抓拍, 书签 …). */
export const REPORT_STRINGS: Record<ReportLocale, Strings> = {
  en: {
    title: 'Incident report',
    site: 'Site',
    period: 'Period',
    recordings: 'Recordings',
    generated: 'Generated',
    summary: 'Summary',
    alarmsRaised: 'Alarms raised',
    operatorActions: 'Operator actions',
    medianAck: 'Median alarm to acknowledge',
    maxAck: 'Longest alarm to acknowledge',
    medianClear: 'Median alarm to clear',
    unacknowledgedAtEnd: 'Unacknowledged at the end of the period',
    responseTimes: 'Response times',
    alarm: 'Alarm',
    priority: 'Priority',
    raised: 'Raised',
    acknowledgedBy: 'Acknowledged by',
    alarmToAck: 'Alarm to acknowledge',
    alarmToClear: 'Alarm to clear',
    notAcknowledged: 'not acknowledged',
    notCleared: 'not cleared',
    timeline: 'Timeline of alarms and actions',
    time: 'Time',
    event: 'Event',
    by: 'By',
    reason: 'Reason',
    markers: 'Drills, simulations and notes',
    snapshots: 'Snapshots',
    snapshotsWithheld: 'Not included: camera evidence of people needs the right to view personal data.',
    bookmarks: 'Bookmarks and annotations',
    none: 'None',
    seconds: (s) => `${s.toFixed(1)} s`,
    actions: {
      activate: 'alarm raised',
      clear: 'returned to normal',
      acknowledge: 'acknowledged',
      shelve: 'shelved',
      unshelve: 'unshelved',
      shelveExpired: 'shelving expired',
      suppress: 'suppressed by design',
      unsuppress: 'suppression lifted',
      removeFromService: 'removed from service',
      returnToService: 'returned to service',
      priorityChange: 'priority changed',
    },
    priorities: { urgent: 'urgent (red)', high: 'high (orange)', medium: 'medium (yellow)', low: 'low (blue)' },
    markerKinds: { drill: 'emergency drill', simulation: 'simulation', incident: 'incident', note: 'note' },
    conditions: { highHigh: 'High-high', high: 'High', low: 'Low', lowLow: 'Low-low', gasWarning: 'Gas warning', rateOfChange: 'Rate of change', badQuality: 'Bad quality', commLoss: 'Communication loss', outOfRange: 'Out of range', areaVoting: 'Area gas alarm (voting)', manDown: 'Man down', restrictedEntry: 'Restricted-zone entry', gathering: 'Gathering', ppeViolation: 'No PPE (camera)', loitering: 'Loitering', cameraOffline: 'Camera offline', releaseReported: 'Release reported', stuck: 'Value frozen (stuck)', drift: 'Drift from partner detectors', combustibleGasNearby: 'Gas near hot work', lelZoneReachesPermit: 'Leak cloud reaches hot work', gasTestOverdue: 'Confined-space gas test overdue', oxygenOutOfRange: 'Confined-space O2 out of range', entrantCountMismatch: 'Confined-space head count differs from permit', watcherAway: 'Permit watcher away from the work', unlistedBadgeInZone: 'Person not on the permit in its zone', ppeEventInZone: 'PPE violation in a permit zone', outsideWorkWindow: 'Work outside the permit window', unqualifiedInPermitZone: 'Unqualified person in a permit zone', contractorOutsideAuthorisation: 'Contractor outside the authorised area or window', certificateExpiresWithin30Days: 'Certificate expires within 30 days', certificateExpiresWithin7Days: 'Certificate expires within 7 days or has expired', inspectionRoundLate: 'Inspection round late', inspectionRoundMissed: 'Inspection round missed', hazardTicketOverdue: 'Hidden danger overdue', indicatorDeclining: 'Indicator declining' },
    reasons: {
      manDownStill: (p) => `no movement beyond ${p.radiusM} m for ${p.stillS} s`,
      restrictedEntry: () => 'a badge not authorized in the restricted area',
      gathering: (p) => `${p.persons} people within ${p.radiusM} m of each other for ${p.forS} s (limit ${p.limit})`,
      superseded: (p, w) => `superseded by ${w.alarmName(String(p.alarmId))}`,
      supersededEnded: (p, w) => `no longer superseded by ${w.alarmName(String(p.alarmId))}`,
      visionDetection: (p, w) => `${w.detection(String(p.label))}${p.zoneId !== undefined ? ` in ${w.areaName(String(p.zoneId))}` : ''} seen by ${w.cameraName(String(p.cameraId))}${p.source === 'simulated' ? ' (simulated)' : ''}`,
      // The live checks of permits (main/permits permitLiveRules: the params each rule names).
      combustibleGasNearby: (p) => `permit ${p.permit}: detector ${p.sensorId} ${p.distanceM} m from the hot work reads ${p.valueLelPct} %LEL (pre-warning ${p.preWarningLelPct} %LEL)`,
      lelZoneReachesPermit: (p) => `permit ${p.permit}: the leak cloud's LEL zone reaches the work zone`,
      gasTestOverdue: (p) => `permit ${p.permit}: ${p.ageMin === undefined ? 'no gas test recorded' : `the last gas test is ${p.ageMin} min old`} (limit ${p.limitMin} min)`,
      oxygenOutOfRange: (p) => `permit ${p.permit}: ${p.source === 'gasTest' ? 'the last gas test reads' : `O2 monitor ${p.source} reads`} O2 ${p.oxygenPct} %vol (allowed ${p.minPct}–${p.maxPct} %vol)`,
      entrantCountMismatch: (p) => `permit ${p.permit}: ${p.inside} people located inside, ${p.listed} on the permit`,
      watcherAway: (p) => `permit ${p.permit}: ${p.distanceM === undefined ? `the watcher's badge ${p.badgeId} is not located` : `the watcher (${p.badgeId}) is ${p.distanceM} m from the work`} (limit ${p.limitM} m)`,
      unlistedBadgeInZone: (p) => `permit ${p.permit}: ${p.count} badge(s) not on the permit in the zone (${p.badgeId}${Number(p.count) > 1 ? ' and others' : ''})`,
      ppeEventInZone: (p, w) => `permit ${p.permit}: ${w.cameraName(String(p.cameraId))} saw ${p.kind === 'harness' ? 'no safety harness' : 'missing PPE'} in the zone`,
      outsideWorkWindow: (p) => `permit ${p.permit}: ${p.side === 'before' ? `work began ${p.byMin} min before the permit's window` : `work goes on ${p.byMin} min after the permit's window ended`}`,
      // The contractor checks (main/contractors qualificationRules: the params each names).
      unqualifiedInPermitZone: (p) => `permit ${p.permit}: ${p.count} person(s) on the permit not qualified in the zone (${p.badgeId}: ${qualificationWords('en', p)})`,
      contractorOutsideAuthorisation: (p, w) => `contractor badge ${p.badgeId} (${p.personId}) ${p.kind === 'area' ? `in ${w.areaName(String(p.areaId))}, which no authorisation valid now covers` : 'on site with no authorisation valid now'}`,
      certificateExpiresWithin30Days: (p) => expiryEn(p),
      certificateExpiresWithin7Days: (p) => expiryEn(p),
      inspectionRoundLate: (p) => `inspection plan ${p.planId}: the round due by ${p.slotEnd} is not complete`,
      inspectionRoundMissed: (p) => `inspection plan ${p.planId}: no complete round for the period ending ${p.slotEnd}`,
      hazardTicketOverdue: (p) => `hidden danger ${p.number}: not rectified by its deadline ${p.deadline}`,
      // The indicator and its key are the alarm's name beside the reason (alarmName), worded from the catalogue and the scene.
      indicatorDeclining: (p) => `worse ${p.periods} ${p.period}s in a row: ${p.fromValue} → ${p.toValue}`,
    },
    detections: {
      person: 'person', head: 'head without hard hat', helmet: 'hard hat', hardhat: 'hard hat', no_helmet: 'no hard hat', no_hardhat: 'no hard hat',
      vest: 'safety vest', safety_vest: 'safety vest', no_vest: 'no safety vest', no_safety_vest: 'no safety vest', mask: 'mask', no_mask: 'no mask',
      gloves: 'gloves', no_gloves: 'no gloves', goggles: 'goggles', no_goggles: 'no goggles', ladder: 'ladder', safety_cone: 'safety cone',
      fall_detected: 'fall detected', fallen: 'person down', car: 'car', truck: 'truck', bus: 'bus', motorbike: 'motorbike', bicycle: 'bicycle',
      fire: 'fire', smoke: 'smoke', intrusion: 'intrusion',
    },
    otherDetection: (label) => label,
    marks: {
      drillStarted: (w, name) => name(w.scenario),
      drillEnded: (w, name) => `${name(w.scenario)} ended`,
      evacuationOrdered: () => 'evacuation ordered',
      evacuationStoodDown: () => 'evacuation stood down',
      leakStudyStarted: (w, name) => `what-if leak study at ${w.equipmentId ?? ''}: ${name(w.substance)}`,
      simulatedReleaseStarted: (w, name) => `release simulated on the demo plant at ${w.equipmentId ?? ''}: ${name(w.substance)}`,
      leakStopped: () => 'leak stopped',
      simulationRecorded: (w) => `${w.model === 'dispersion' ? 'dispersion' : w.model === 'evacuation' ? 'evacuation' : 'study'} input and result recorded`,
    },
    actors: { system: 'system', simulator: 'plant simulator', local: (role) => `local session (${role})` },
    roles: { viewer: 'viewer', operator: 'operator', commander: 'commander', trainer: 'trainer', manager: 'manager', admin: 'administrator' },
  },
  'zh-CN': {
    title: '事件报告',
    site: '厂区',
    period: '时段',
    recordings: '记录文件',
    generated: '生成时间',
    summary: '概要',
    alarmsRaised: '报警次数',
    operatorActions: '操作员操作',
    medianAck: '报警至确认（中位数）',
    maxAck: '报警至确认（最长）',
    medianClear: '报警至恢复（中位数）',
    unacknowledgedAtEnd: '时段结束时未确认',
    responseTimes: '响应时间',
    alarm: '报警',
    priority: '优先级',
    raised: '报警时间',
    acknowledgedBy: '确认人',
    alarmToAck: '报警至确认',
    alarmToClear: '报警至恢复',
    notAcknowledged: '未确认',
    notCleared: '未恢复',
    timeline: '报警与操作时间轴',
    time: '时间',
    event: '事件',
    by: '操作人',
    reason: '原因',
    markers: '应急演练、模拟与备注',
    snapshots: '抓拍',
    snapshotsWithheld: '未包含：查看人员影像证据需要个人信息查看权限。',
    bookmarks: '书签与批注',
    none: '无',
    seconds: (s) => `${s.toFixed(1)} 秒`,
    actions: {
      activate: '报警',
      clear: '恢复正常',
      acknowledge: '确认',
      shelve: '搁置',
      unshelve: '取消搁置',
      shelveExpired: '搁置到期',
      suppress: '设计抑制',
      unsuppress: '解除抑制',
      removeFromService: '停用',
      returnToService: '恢复运行',
      priorityChange: '优先级变更',
    },
    priorities: { urgent: '紧急（红色）', high: '高（橙色）', medium: '中（黄色）', low: '低（蓝色）' },
    markerKinds: { drill: '应急演练', simulation: '泄漏扩散模拟', incident: '事件', note: '备注' },
    conditions: { highHigh: '高高报', high: '高报', low: '低报', lowLow: '低低报', gasWarning: '气体预警', rateOfChange: '变化率报警', badQuality: '数据质量坏', commLoss: '通讯中断', outOfRange: '超量程', areaVoting: '区域气体报警（表决）', manDown: '人员倒地', restrictedEntry: '闯入禁入区', gathering: '人员聚集预警', ppeViolation: '未佩戴安全帽/防护用品', loitering: '徘徊', cameraOffline: '摄像头离线', releaseReported: '泄漏报告', stuck: '数值冻结', drift: '与冗余探测器偏差（漂移）', combustibleGasNearby: '动火点附近可燃气体超预警', lelZoneReachesPermit: '可燃气云到达动火作业区', gasTestOverdue: '受限空间气体分析超时', oxygenOutOfRange: '受限空间氧含量超限', entrantCountMismatch: '受限空间人数与作业票不符', watcherAway: '监护人离开作业现场', unlistedBadgeInZone: '非作业票人员进入作业区', ppeEventInZone: '作业区内未佩戴防护用品', outsideWorkWindow: '超出作业票作业实施时间', unqualifiedInPermitZone: '作业区域内人员资格不符', contractorOutsideAuthorisation: '承包商人员超出授权区域或时段', certificateExpiresWithin30Days: '证书 30 天内到期', certificateExpiresWithin7Days: '证书 7 天内到期或已过期', inspectionRoundLate: '巡检超时未完成', inspectionRoundMissed: '巡检漏检', hazardTicketOverdue: '隐患整改超期', indicatorDeclining: '指标持续下降' },
    reasons: {
      manDownStill: (p) => `${p.stillS} 秒内移动未超过 ${p.radiusM} 米`,
      restrictedEntry: () => '无权进入该禁入区的人员卡',
      gathering: (p) => `${p.persons} 人彼此相距 ${p.radiusM} 米以内已 ${p.forS} 秒（限值 ${p.limit} 人）`,
      superseded: (p, w) => `被 ${w.alarmName(String(p.alarmId))} 取代（状态抑制）`,
      supersededEnded: (p, w) => `不再被 ${w.alarmName(String(p.alarmId))} 取代`,
      visionDetection: (p, w) => `${w.cameraName(String(p.cameraId))} 检测到${w.detection(String(p.label))}${p.zoneId !== undefined ? `（${w.areaName(String(p.zoneId))}）` : ''}${p.source === 'simulated' ? '（模拟）' : ''}`,
      combustibleGasNearby: (p) => `作业票 ${p.permit}：距动火点 ${p.distanceM} 米的可燃气体探测器 ${p.sensorId} 读数 ${p.valueLelPct} %LEL（预警值 ${p.preWarningLelPct} %LEL）`,
      lelZoneReachesPermit: (p) => `作业票 ${p.permit}：泄漏可燃气云（爆炸下限区域）已到达作业区域`,
      gasTestOverdue: (p) => `作业票 ${p.permit}：${p.ageMin === undefined ? '无气体分析记录' : `最近一次气体分析已过 ${p.ageMin} 分钟`}（限值 ${p.limitMin} 分钟）`,
      oxygenOutOfRange: (p) => `作业票 ${p.permit}：${p.source === 'gasTest' ? '最近一次气体分析' : `氧含量监测仪 ${p.source} `}氧含量 ${p.oxygenPct} %（允许 ${p.minPct}–${p.maxPct} %）`,
      entrantCountMismatch: (p) => `作业票 ${p.permit}：受限空间内定位到 ${p.inside} 人，作业票登记 ${p.listed} 人`,
      watcherAway: (p) => `作业票 ${p.permit}：${p.distanceM === undefined ? `监护人定位卡 ${p.badgeId} 未定位` : `监护人（${p.badgeId}）距作业点 ${p.distanceM} 米`}（限值 ${p.limitM} 米）`,
      unlistedBadgeInZone: (p) => `作业票 ${p.permit}：作业区域内有 ${p.count} 张未登记在作业票上的定位卡（${p.badgeId}${Number(p.count) > 1 ? ' 等' : ''}）`,
      ppeEventInZone: (p, w) => `作业票 ${p.permit}：${w.cameraName(String(p.cameraId))} 在作业区域内检测到${p.kind === 'harness' ? '未系安全带' : '未佩戴个体防护装备'}`,
      outsideWorkWindow: (p) => `作业票 ${p.permit}：${p.side === 'before' ? `早于作业实施时间 ${p.byMin} 分钟开始作业` : `超出作业实施时间 ${p.byMin} 分钟仍在作业`}`,
      unqualifiedInPermitZone: (p) => `作业票 ${p.permit}：作业区域内有 ${p.count} 名作业票人员资格不符（${p.badgeId}：${qualificationWords('zh-CN', p)}）`,
      contractorOutsideAuthorisation: (p, w) => `承包商人员定位卡 ${p.badgeId}（${p.personId}）${p.kind === 'area' ? `进入未授权区域 ${w.areaName(String(p.areaId))}` : '不在任何有效的准入时段内'}`,
      certificateExpiresWithin30Days: (p) => expiryZh(p),
      certificateExpiresWithin7Days: (p) => expiryZh(p),
      inspectionRoundLate: (p) => `巡检计划 ${p.planId}：应于 ${p.slotEnd} 前完成的巡检尚未完成`,
      inspectionRoundMissed: (p) => `巡检计划 ${p.planId}：截至 ${p.slotEnd} 的巡检周期内无完整巡检记录`,
      hazardTicketOverdue: (p) => `隐患 ${p.number}：超过整改期限 ${p.deadline} 未完成整改`,
      indicatorDeclining: (p) => `连续 ${p.periods} 个${({ day: '日', week: '周', month: '月' } as Record<string, string>)[String(p.period)] ?? p.period}变差：${p.fromValue} → ${p.toValue}`,
    },
    detections: {
      person: '人员', head: '未戴安全帽的头部', helmet: '安全帽', hardhat: '安全帽', no_helmet: '未佩戴安全帽', no_hardhat: '未佩戴安全帽',
      vest: '反光背心', safety_vest: '反光背心', no_vest: '未穿反光背心', no_safety_vest: '未穿反光背心', mask: '口罩', no_mask: '未佩戴口罩',
      gloves: '防护手套', no_gloves: '未戴防护手套', goggles: '护目镜', no_goggles: '未戴护目镜', ladder: '梯子', safety_cone: '安全锥',
      fall_detected: '检测到跌倒', fallen: '人员倒地', car: '小汽车', truck: '货车', bus: '客车', motorbike: '摩托车', bicycle: '自行车',
      fire: '明火', smoke: '烟雾', intrusion: '闯入',
    },
    otherDetection: () => '其他目标',
    marks: {
      drillStarted: (w, name) => name(w.scenario),
      drillEnded: (w, name) => `${name(w.scenario)} 结束`,
      evacuationOrdered: () => '下达疏散命令',
      evacuationStoodDown: () => '解除疏散',
      leakStudyStarted: (w, name) => `假设分析：${w.equipmentId ?? ''} ${name(w.substance)}泄漏`,
      simulatedReleaseStarted: (w, name) => `在演示装置上模拟泄漏：${w.equipmentId ?? ''} ${name(w.substance)}`,
      leakStopped: () => '泄漏停止',
      simulationRecorded: (w) => `已记录${w.model === 'dispersion' ? '扩散模拟' : w.model === 'evacuation' ? '疏散模拟' : '模拟'}的输入与结果`,
    },
    actors: { system: '系统', simulator: '装置模拟器', local: (role) => `本机会话（${role}）` },
    roles: { viewer: '查看者', operator: '操作员', commander: '应急指挥', trainer: '培训师', manager: '管理人员', admin: '管理员' },
  },
};
