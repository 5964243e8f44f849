import { positionWords, type CompassPoint, type EvacuationNote, type EvacuationReport, type LocalizedText, type PositionDescription } from '../contracts/index.js';

export type ReportLocale = 'en' | 'zh-CN';

/** Compass points in words, as the UI says them (renderer people catalogs). */
const PLACE_DIRECTIONS: Record<ReportLocale, Record<CompassPoint, string>> = {
  en: { N: 'north', NE: 'north-east', E: 'east', SE: 'south-east', S: 'south', SW: 'south-west', W: 'west', NW: 'north-west' },
  'zh-CN': { N: '北', NE: '东北', E: '东', SE: '东南', S: '南', SW: '西南', W: '西', NW: '西北' },
};

/** Report strings; zh-CN terms from the project glossary (shared/docs/glossary-zh.md). */
const STRINGS = {
  en: {
    title: { drill: 'Evacuation drill after-action report', live: 'Evacuation after-action report' },
    drill: 'DRILL',
    live: 'LIVE',
    site: 'Site',
    run: 'Run',
    summary: 'Summary',
    agents: 'People on site',
    arrived: 'Accounted for',
    missingCount: 'Not accounted for',
    totalTime: 'Total evacuation time',
    time95: 'Time to 95 %',
    endedAt: 'Report time (after the alarm)',
    notReached: 'not reached',
    duration: (m: number, s: number) => (m > 0 ? `${m} min ${s} s` : `${s} s`),
    threat: 'Threat zone',
    threatLevel: (level: string) => `The cloud at or above ${level}: nobody in it counts as safe.`,
    threatMusters: (names: string) => `Muster points in the zone: ${names}.`,
    threatGates: (names: string) => `Gates in the zone: ${names}.`,
    threatRoutes: (n: number) => `${n} people's predicted route crosses the zone.`,
    adviceReroute: (names: string) => `Advice: send everyone to ${names}.`,
    adviceShelter: 'Advice: every muster point is in the zone — shelter in place.',
    inZone: 'In the threat zone',
    yes: 'yes',
    no: 'no',
    reading: 'Reading',
    readings: {
      belowSlot: 'Below SLOT: serious injury not expected; check for symptoms',
      aboveSlot: 'Above SLOT: serious injury likely, needs medical attention (about 1 % could die)',
      aboveSlod: 'Above SLOD: life-threatening (about half could die): treat as a casualty',
      none: 'No SLOT/SLOD for this substance',
    },
    atThreatened: (name: string) => `at ${name}, inside the threat zone`,
    notes: {
      badgeOffSite: (n: Extract<EvacuationNote, { code: 'badgeOffSite' }>, where: string) => `Badge ${n.badgeId} was last seen ${where}, far from any walkable area: not in the prediction.`,
      injuredNoHelper: (n: Extract<EvacuationNote, { code: 'injuredNoHelper' }>) => `${n.agentId} is injured and nobody able is within ${n.radiusM} m to help: send a rescue team.`,
      noToxicLoadData: (n: Extract<EvacuationNote, { code: 'noToxicLoadData' }>) => `No HSE toxic-load data for ${n.substance}: its dose uses Haber's rule and has no SLOT/SLOD reading.`,
    },
    musterBoard: 'Muster points',
    target: 'Muster point / gate',
    modelArrived: 'Arrived (model)',
    observed: 'Badges registered',
    capacity: 'Capacity',
    overTime: 'Head count over time',
    time: 'Time',
    gates: 'Flow through gates',
    gate: 'Gate',
    crossings: 'Crossings',
    peakFlow: 'Peak flow (persons/min)',
    density: 'Maximum density',
    densityValue: (d: number, where: string, t: string) => `${d.toFixed(2)} persons/m² · ${where} · t = ${t}`,
    /** A place as the control room says it (main/contracts/landmarks.ts); coordinates only in reports made before places. */
    place: {
      outsideAreas: 'Outside the named areas',
      at: (landmark: string) => `at ${landmark}`,
      from: (landmark: string, distanceM: number, direction: CompassPoint) => `${distanceM} m ${PLACE_DIRECTIONS.en[direction]} of ${landmark}`,
      coordinates: (x: number, y: number) => `at (${x.toFixed(0)}, ${y.toFixed(0)}) m`,
    },
    exposure: 'Exposure',
    substance: 'Substance',
    exposed: 'Exposed',
    aboveSlot: 'Above SLOT',
    aboveSlod: 'Above SLOD',
    person: 'Person',
    toxicLoad: 'Toxic load',
    slotFraction: 'Fraction of SLOT',
    peak: 'Peak (ppm)',
    timeInHazard: 'Time in hazard',
    missing: 'Missing persons',
    lastSeen: 'Last seen',
    state: 'State',
    none: 'None.',
    warnings: 'Notes',
    accountedMeans: {
      live: 'Accounted for: a badge registered at a muster point outside the threat zone.',
      drill: 'Accounted for: a person arrived at a muster point outside the threat zone.',
    },
    footer:
      'SLOT: HSE Specified Level of Toxicity; SLOD: Significant Likelihood of Death. Model: collision-free speed model with Weidmann fundamental diagram; toxic load Cⁿ·t against HSE SLOT/SLOD. See docs/evacuation.md.',
    states: { waiting: 'not yet moving', moving: 'on the way', arrived: 'arrived (model)', awaitingHelp: 'injured, waiting for help', noRoute: 'cut off' },
  },
  'zh-CN': {
    title: { drill: '疏散演练复盘报告', live: '疏散事后复盘报告' },
    drill: '演练',
    live: '实时',
    site: '厂区',
    run: '运行',
    summary: '概要',
    agents: '在场人数',
    arrived: '已清点人数',
    missingCount: '未清点人数',
    totalTime: '疏散总用时',
    time95: '95 % 人员疏散用时',
    endedAt: '报告时刻（报警后）',
    notReached: '未达到',
    duration: (m: number, s: number) => (m > 0 ? `${m} 分 ${s} 秒` : `${s} 秒`),
    threat: '威胁区域',
    threatLevel: (level: string) => `浓度达到或超过 ${level} 的区域：其中的人员一律不视为安全。`,
    threatMusters: (names: string) => `位于威胁区域内的紧急集合点：${names}。`,
    threatGates: (names: string) => `位于威胁区域内的大门：${names}。`,
    threatRoutes: (n: number) => `${n} 人的预测疏散路线穿过威胁区域。`,
    adviceReroute: (names: string) => `建议：所有人员前往 ${names}。`,
    adviceShelter: '建议：所有紧急集合点均在威胁区域内——就地避险。',
    inZone: '位于威胁区域内',
    yes: '是',
    no: '否',
    reading: '解读',
    readings: {
      belowSlot: '低于 SLOT：预计不会造成严重伤害，需观察症状',
      aboveSlot: '超过 SLOT：可能严重受伤，需要医疗救治（约 1 % 可能死亡）',
      aboveSlod: '超过 SLOD：危及生命（约半数可能死亡），按伤员处理',
      none: '该物质无 SLOT/SLOD 数据',
    },
    atThreatened: (name: string) => `位于 ${name}，处于威胁区域内`,
    notes: {
      badgeOffSite: (n: Extract<EvacuationNote, { code: 'badgeOffSite' }>, where: string) => `人员卡 ${n.badgeId} 最后位置 ${where}，远离可通行区域，未纳入预测。`,
      injuredNoHelper: (n: Extract<EvacuationNote, { code: 'injuredNoHelper' }>) => `${n.agentId} 受伤，${n.radiusM} m 内无可协助人员：须派救援队。`,
      noToxicLoadData: (n: Extract<EvacuationNote, { code: 'noToxicLoadData' }>) => `${n.substance} 无 HSE 毒性负荷数据：剂量按 Haber 定律计算，无 SLOT/SLOD 解读。`,
    },
    musterBoard: '紧急集合点',
    target: '紧急集合点 / 大门',
    modelArrived: '到达人数（模型）',
    observed: '已刷卡人数',
    capacity: '容量',
    overTime: '人数统计随时间变化',
    time: '时间',
    gates: '大门通行流量',
    gate: '大门',
    crossings: '通过人次',
    peakFlow: '峰值流量（人/分钟）',
    density: '最大人员密度',
    densityValue: (d: number, where: string, t: string) => `${d.toFixed(2)} 人/m²，${where}，t = ${t}`,
    place: {
      outsideAreas: '不在已命名区域内',
      at: (landmark: string) => `${landmark}旁`,
      from: (landmark: string, distanceM: number, direction: CompassPoint) => `${landmark} ${PLACE_DIRECTIONS['zh-CN'][direction]}侧 ${distanceM} 米`,
      coordinates: (x: number, y: number) => `位置 (${x.toFixed(0)}, ${y.toFixed(0)}) m`,
    },
    exposure: '暴露',
    substance: '物质',
    exposed: '暴露人数',
    aboveSlot: '超过 SLOT',
    aboveSlod: '超过 SLOD',
    person: '人员',
    toxicLoad: '毒性负荷',
    slotFraction: 'SLOT 比例',
    peak: '峰值浓度 (ppm)',
    timeInHazard: '处于危险区域时间',
    missing: '失踪人员',
    lastSeen: '最后位置',
    state: '状态',
    none: '无。',
    warnings: '说明',
    accountedMeans: {
      live: '已清点：在威胁区域外的紧急集合点登记的人员卡。',
      drill: '已清点：到达威胁区域外紧急集合点的人员。',
    },
    footer:
      'SLOT：HSE 规定毒性水平；SLOD：显著致死可能性。模型：无碰撞速度模型与 Weidmann 基本图；毒性负荷 Cⁿ·t 对照 HSE SLOT/SLOD。详见疏散模型说明文档（随软件提供）。',
    states: { waiting: '尚未撤离', moving: '撤离途中', arrived: '已到达（模型）', awaitingHelp: '受伤，等待救助', noRoute: '被阻断' },
  },
} as const;

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A duration ("3 min 20 s" / "3 分 20 秒"), never m:ss, which reads as a time of day. */
function duration(seconds: number | null, s: (typeof STRINGS)[ReportLocale]): string {
  if (seconds === null) return s.notReached;
  const total = Math.max(0, Math.round(seconds));
  return s.duration(Math.floor(total / 60), total % 60);
}

/** The report's duration format for pages that add sections to it (the drill's score). */
export function formatReportDuration(seconds: number | null, locale: ReportLocale): string {
  return duration(seconds, STRINGS[locale]);
}

/** A scene name in the report's language: zh-CN when the scene gives it, else English, else the fallback (an id). */
export function localizedName(text: LocalizedText | undefined, fallback: string, locale: ReportLocale): string {
  return (locale === 'zh-CN' ? text?.['zh-CN'] : undefined) ?? text?.en ?? fallback;
}

function noteText(note: EvacuationNote, s: (typeof STRINGS)[ReportLocale], substanceOf: (id: string) => string, where: Where): string {
  switch (note.code) {
    case 'badgeOffSite':
      return s.notes.badgeOffSite(note, where(note.place, note.x, note.y));
    case 'injuredNoHelper':
      return s.notes.injuredNoHelper(note);
    case 'noToxicLoadData':
      return s.notes.noToxicLoadData({ ...note, substance: substanceOf(note.substance) });
  }
}

/** A place in the report's words: area and nearest landmark; the coordinates of a report made before places. */
type Where = (place: PositionDescription | undefined, x: number, y: number) => string;

/** The plain reading of a toxic load against HSE's SLOT and SLOD dangerous toxic loads. */
function toxicReading(slotFraction: number | null, slodFraction: number | null, s: (typeof STRINGS)[ReportLocale]): string {
  if (slotFraction === null) return s.readings.none;
  if (slodFraction !== null && slodFraction >= 1) return s.readings.aboveSlod;
  return slotFraction >= 1 ? s.readings.aboveSlot : s.readings.belowSlot;
}

function table(headers: string[], rows: string[][]): string {
  const head = headers.map((h) => `<th>${escape(h)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${escape(c)}</td>`).join('')}</tr>`).join('');
  return `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

/** The after-action report as one self-contained, printable HTML page (no scripts, no external files). */
export function renderEvacuationReportHtml(report: EvacuationReport, locale: ReportLocale = 'en'): string {
  const s = STRINGS[locale];
  const badge = report.mode === 'drill' ? s.drill : s.live;
  const label = report.label === undefined ? undefined : localizedName(report.names.label, report.label, locale);
  const heading = `${badge}${label ? ` · ${label}` : ''}`;
  const title = s.title[report.mode];
  const siteName = localizedName(report.names.site, report.siteName, locale);
  const nameOf = (id: string) => localizedName(report.names.targets[id], id, locale);
  const list = (ids: string[]) => ids.map(nameOf).join(locale === 'zh-CN' ? '、' : ', ');
  const musters = report.targets.map((t) => [nameOf(t.id), String(t.arrived), String(t.observedArrived), t.capacityPersons ? String(t.capacityPersons) : '—', t.threatened ? s.yes : s.no]);
  // Head count over time: one row per 30 s of run time is enough to read the fill-up on paper.
  const ids = report.targets.map((t) => t.id);
  const series = report.musterCountsOverTime.filter((p, k, all) => k === 0 || k === all.length - 1 || Math.floor(p.tS / 30) !== Math.floor(all[k - 1]!.tS / 30));
  const seriesRows = series.map((p) => [duration(p.tS, s), ...ids.map((id) => String(p.counts[id] ?? 0))]);
  const gates = report.gateFlows.map((g) => [nameOf(g.id), String(g.crossings), String(g.peakPersonsPerMin)]);
  const substanceOf = (id: string) => localizedName(report.names.substances?.[id], id, locale);
  const exposureSummary = report.exposureSummary.map((e) => [substanceOf(e.substance), String(e.agentsExposed), e.agentsAboveSlot === null ? '—' : String(e.agentsAboveSlot), e.agentsAboveSlod === null ? '—' : String(e.agentsAboveSlod)]);
  const exposureRows = report.exposure
    .slice(0, 200)
    .map((e) => [
      e.agentId,
      substanceOf(e.substance),
      e.toxicLoad.toPrecision(3),
      e.slotFraction === null ? '—' : e.slotFraction.toFixed(3),
      toxicReading(e.slotFraction, e.slodFraction, s),
      e.peakPpm.toFixed(1),
      duration(e.timeInHazardS, s),
    ]);
  const where: Where = (place, x, y) =>
    place
      ? positionWords(place, place.areaId === null ? undefined : report.names.areas?.[place.areaId], { name: (text) => localizedName(text, text.en, locale), ...s.place })
      : s.place.coordinates(x, y);
  const missing = report.missing.map((m) => [
    m.agentId,
    `${where(m.lastSeenPlace, m.lastSeenX, m.lastSeenY)} · ${duration(m.lastSeenS, s)}`,
    m.atThreatenedTargetId ? s.atThreatened(nameOf(m.atThreatenedTargetId)) : s.states[m.state],
  ]);
  const threat = report.threat;
  const threatLines = [
    threat.level ? s.threatLevel(threat.level) : '',
    threat.musterIds.length ? s.threatMusters(list(threat.musterIds)) : '',
    threat.gateIds.length ? s.threatGates(list(threat.gateIds)) : '',
    threat.agentsOnRoutesThroughThreat ? s.threatRoutes(threat.agentsOnRoutesThroughThreat) : '',
    threat.advice === 'shelter' ? s.adviceShelter : threat.advice === 'reroute' && threat.safeMusterIds.length ? s.adviceReroute(list(threat.safeMusterIds)) : '',
  ].filter(Boolean);
  const section = (title: string, content: string) => `<section><h2>${escape(title)}</h2>${content}</section>`;
  const orNone = (rows: string[][], html: string) => (rows.length ? html : `<p>${escape(s.none)}</p>`);
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<title>${escape(title)} — ${escape(siteName)}</title>
<style>
body{font-family:system-ui,"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:2em;color:#111}
h1{font-size:1.5em;margin:0 0 .2em}h2{font-size:1.15em;border-bottom:1px solid #999;margin-top:1.5em}
.badge{display:inline-block;padding:.1em .6em;border:2px solid ${report.mode === 'drill' ? '#b36b00' : '#b00020'};color:${report.mode === 'drill' ? '#b36b00' : '#b00020'};font-weight:700;margin-right:.5em}
table{border-collapse:collapse;margin:.5em 0}th,td{border:1px solid #bbb;padding:.25em .6em;text-align:left}th{background:#eee}
.kv td:first-child{font-weight:600}.threat{font-weight:700;color:#b00020}footer{margin-top:2em;font-size:.85em;color:#555}
@media print{body{margin:1cm}section{break-inside:avoid}}
</style>
</head>
<body>
<h1><span class="badge">${escape(heading)}</span>${escape(title)}</h1>
<p>${escape(s.site)}: ${escape(siteName)} · ${escape(s.run)}: ${escape(report.runId)}</p>
${section(
  s.summary,
  `<table class="kv"><tbody>${[
    [s.agents, String(report.agents)],
    [s.arrived, String(report.accounted)],
    [s.missingCount, String(report.missing.length)],
    [s.totalTime, duration(report.totalTimeS, s)],
    [s.time95, duration(report.timeTo95PctS, s)],
    [s.endedAt, duration(report.endedAtS, s)],
  ]
    .map(([k, v]) => `<tr><td>${escape(k!)}</td><td>${escape(v!)}</td></tr>`)
    .join('')}</tbody></table>`,
)}
${threat.advice !== 'none' ? section(s.threat, threatLines.map((l) => `<p class="threat">${escape(l)}</p>`).join('')) : ''}
${section(s.musterBoard, table([s.target, s.modelArrived, s.observed, s.capacity, s.inZone], musters))}
${section(s.overTime, table([s.time, ...ids.map(nameOf)], seriesRows))}
${section(s.gates, orNone(gates, table([s.gate, s.crossings, s.peakFlow], gates)))}
${section(s.density, `<p>${escape(s.densityValue(report.maxDensity.peoplePerM2, where(report.maxDensity.place, report.maxDensity.x, report.maxDensity.y), duration(report.maxDensity.tS, s)))}</p>`)}
${section(
  s.exposure,
  orNone(exposureSummary, table([s.substance, s.exposed, s.aboveSlot, s.aboveSlod], exposureSummary)) +
    (exposureRows.length ? table([s.person, s.substance, s.toxicLoad, s.slotFraction, s.reading, s.peak, s.timeInHazard], exposureRows) : ''),
)}
${section(s.missing, orNone(missing, table([s.person, s.lastSeen, s.state], missing)))}
${report.notes.length ? section(s.warnings, `<ul>${report.notes.map((n) => `<li>${escape(noteText(n, s, substanceOf, where))}</li>`).join('')}</ul>`) : ''}
<footer>${escape(s.accountedMeans[report.mode])} ${escape(s.footer)}</footer>
</body>
</html>
`;
}
