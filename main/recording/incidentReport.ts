import { indicatorSourceText, knownDetectionLabel, type AlarmCondition, type AlarmPriority, type AlarmTransition, type Bookmark, type IndicatorKeyNames, type LocalizedText, type Role, type TimelineMarker } from '../contracts/index.js';
import { redactSecrets } from '../platform/index.js';
import type { RecordingSet } from './RecordingSet.js';
import { REPORT_STRINGS, type ReportLocale } from './reportStrings.js';

export type IncidentReportOptions = {
  fromMs?: number;
  toMs?: number;
  locale: ReportLocale;
  /** IANA zone for times (default: this machine's). */
  timeZone?: string;
  bookmarks?: Bookmark[];
  /** Snapshots are embedded up to this many bytes in all (default 20 MiB) so the file stays shareable. */
  maxSnapshotBytes?: number;
  /** Snapshots show people: a reader without personnel:viewNames gets the report without them (and is told so). */
  withholdSnapshots?: boolean;
  nowMs?: number;
  /** The site's name from the scene, shown in the report's language; without it the recording's site id. */
  siteName?: LocalizedText;
  /** The scene's area names, for area alarms (their source is the area id). */
  areaNames?: Record<string, LocalizedText>;
  /** The scene's camera names, so a camera's detections read by its name, not its id. */
  cameraNames?: Record<string, LocalizedText>;
  /** The scene organisation's department names: a declining indicator's department in words. */
  departmentNames?: Record<string, LocalizedText>;
};

export type AlarmResponse = { alarmId: string; priority: AlarmPriority; raisedMs: number; acknowledgedMs: number | null; acknowledgedBy: string | null; clearedMs: number | null };

/**
 * Response times per alarm activation (ISA-18.2 §16: time to acknowledge, time to return to normal):
 * from each "activate" to the first acknowledgement and the first clear that follow it.
 */
export function alarmResponses(transitions: { logMs: number; transition: AlarmTransition }[]): AlarmResponse[] {
  const open = new Map<string, AlarmResponse>();
  const responses: AlarmResponse[] = [];
  for (const { logMs, transition } of transitions) {
    const id = transition.alarm.alarmId;
    if (transition.action === 'activate') {
      const response: AlarmResponse = { alarmId: id, priority: transition.alarm.priority, raisedMs: logMs, acknowledgedMs: null, acknowledgedBy: null, clearedMs: null };
      open.set(id, response);
      responses.push(response);
      continue;
    }
    const response = open.get(id);
    if (!response) continue;
    if (transition.action === 'acknowledge' && response.acknowledgedMs === null) {
      response.acknowledgedMs = logMs;
      response.acknowledgedBy = transition.by;
    }
    if (transition.action === 'clear' && response.clearedMs === null) response.clearedMs = logMs;
    if (response.acknowledgedMs !== null && response.clearedMs !== null) open.delete(id);
  }
  return responses;
}

const median = (values: number[]): number | null => {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * A self-contained HTML incident report (print it to PDF from any browser): summary, response
 * times per alarm, the timeline of alarms and operator actions, drill/simulation marks, snapshots
 * (embedded) and the trainer's bookmarks, in English or Chinese.
 */
export async function renderIncidentReport(set: RecordingSet, options: IncidentReportOptions): Promise<string> {
  const s = REPORT_STRINGS[options.locale];
  const from = Math.max(options.fromMs ?? set.startMs, set.startMs);
  const to = Math.min(options.toMs ?? set.endMs, set.endMs);
  const format = new Intl.DateTimeFormat(options.locale, { dateStyle: 'short', timeStyle: 'medium', timeZone: options.timeZone, hourCycle: 'h23' });
  const time = (ms: number) => escapeHtml(format.format(new Date(ms)));
  const duration = (ms: number | null) => (ms === null ? null : s.seconds(ms / 1000));

  const transitions: { logMs: number; transition: AlarmTransition }[] = [];
  const spans: TimelineMarker[] = (await set.index()).markers.filter((m) => m.kind !== 'alarm' && m.kind !== 'operatorAction' && m.tsMs <= to && (m.endMs ?? m.tsMs) >= from);
  for await (const message of set.messagesBetween(from - 0.001, to, new Set(['alarmTransition']))) {
    if (message.kind === 'alarmTransition') transitions.push({ logMs: message.logMs, transition: message.payload });
  }
  const responses = alarmResponses(transitions);
  const ackTimes = responses.filter((r) => r.acknowledgedMs !== null).map((r) => r.acknowledgedMs! - r.raisedMs);
  const clearTimes = responses.filter((r) => r.clearedMs !== null).map((r) => r.clearedMs! - r.raisedMs);
  const operatorActions = transitions.filter((t) => t.transition.by !== 'system');
  const unacknowledged = responses.filter((r) => r.acknowledgedMs === null).length;

  const snapshots: string[] = [];
  let snapshotBytes = 0;
  const maxSnapshotBytes = options.maxSnapshotBytes ?? 20 * 2 ** 20;
  for (const file of options.withholdSnapshots ? [] : set.files) {
    for await (const attachment of file.attachments(from, to)) {
      if (!attachment.mediaType.startsWith('image/') || snapshotBytes + attachment.data.byteLength > maxSnapshotBytes) continue;
      snapshotBytes += attachment.data.byteLength;
      snapshots.push(`<figure><img alt="${escapeHtml(attachment.name)}" src="data:${escapeHtml(attachment.mediaType)};base64,${Buffer.from(attachment.data).toString('base64')}"><figcaption>${time(attachment.logMs)} · ${escapeHtml(attachment.name)}</figcaption></figure>`);
    }
  }

  const row = (cells: (string | null)[]) => `<tr>${cells.map((c) => `<td>${c ?? ''}</td>`).join('')}</tr>`;
  const table = (headers: string[], rows: string[]) => (rows.length === 0 ? `<p>${s.none}</p>` : `<table><thead><tr>${headers.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`);
  const summary: [string, string][] = [
    [s.alarmsRaised, String(responses.length)],
    [s.operatorActions, String(operatorActions.length)],
    [s.medianAck, duration(median(ackTimes)) ?? '—'],
    [s.maxAck, ackTimes.length ? s.seconds(Math.max(...ackTimes) / 1000) : '—'],
    [s.medianClear, duration(median(clearTimes)) ?? '—'],
    [s.unacknowledgedAtEnd, String(unacknowledged)],
  ];
  const lang = options.locale === 'zh-CN' ? 'zh-CN' : 'en';
  const inLanguage = (text: LocalizedText) => (lang === 'zh-CN' ? text['zh-CN'] : undefined) ?? text.en;
  const site = escapeHtml(options.siteName ? inLanguage(options.siteName) : set.siteId);
  // Words in the report's language for what the core records as ids (issue 12.7): the alarm's condition,
  // the core's own actors and the implicit local session (local-<role>), a rule's reason by its code.
  // A declining indicator's source (`<indicatorId>/<dimension>/<key>`) by the catalogue's name and the area's or department's.
  const named = (names: Record<string, LocalizedText> | undefined) => Object.entries(names ?? {}).map(([id, name]) => ({ id, name }));
  const indicatorKeys: IndicatorKeyNames = { areas: named(options.areaNames), organisation: { departments: named(options.departmentNames) } };
  const alarmName = (alarmId: string) => {
    const at = alarmId.lastIndexOf(':'); // alarm ids are `${sourceId}:${condition}`
    const condition = alarmId.slice(at + 1) as AlarmCondition;
    const area = options.areaNames?.[alarmId.slice(0, at)];
    const source = area ? inLanguage(area) : (indicatorSourceText(alarmId.slice(0, at), lang, indicatorKeys) ?? alarmId.slice(0, at));
    return at < 0 || s.conditions[condition] === undefined ? escapeHtml(alarmId) : `${escapeHtml(source)} ${s.conditions[condition]}`;
  };
  const actor = (by: string) => {
    if (by === 'system' || by === 'simulator') return s.actors[by];
    const role = /^local-(.+)$/.exec(by)?.[1];
    return role !== undefined && role in s.roles ? s.actors.local(s.roles[role as Role]) : escapeHtml(by);
  };
  const areaName = (areaId: string) => escapeHtml(options.areaNames?.[areaId] ? inLanguage(options.areaNames[areaId]) : areaId);
  const cameraName = (cameraId: string) => escapeHtml(options.cameraNames?.[cameraId] ? inLanguage(options.cameraNames[cameraId]) : cameraId);
  const detection = (label: string) => {
    const known = knownDetectionLabel(label);
    return escapeHtml(known ? s.detections[known] : s.otherDetection(label));
  };
  const escapedParams = (params: Record<string, string | number>) => Object.fromEntries(Object.entries(params).map(([k, v]) => [k, typeof v === 'string' ? escapeHtml(v) : v]));
  // A mark by its code in the report's language (issue 12.7); a note's text, and the English label of a
  // recording made before marks had codes, as recorded.
  const markText = (m: TimelineMarker) => escapeHtml(m.what ? s.marks[m.what.code](m.what, (text) => (text ? inLanguage(text) : '')) : m.label);
  const reason = (transition: AlarmTransition) => {
    // The words are the report's own and numbers; ids in them are escaped by alarmName.
    if (transition.reasonCode) return s.reasons[transition.reasonCode.code](escapedParams(transition.reasonCode.params), { alarmName, areaName, cameraName, detection });
    return transition.reason ? escapeHtml(redactSecrets(transition.reason)) : null;
  };
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<title>${s.title} — ${site}</title>
<style>
body{font:14px/1.45 system-ui,"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:2em;color:#111}
h1{font-size:1.6em}h2{font-size:1.2em;margin-top:1.6em;border-bottom:1px solid #ccc}
table{border-collapse:collapse;width:100%}th,td{border:1px solid #ccc;padding:.3em .5em;text-align:left;vertical-align:top}
th{background:#f2f2f2}.p-urgent{color:#b00000}.p-high{color:#c25e00}.p-medium{color:#8a7000}.p-low{color:#0050a0}
figure{display:inline-block;margin:.5em}img{max-width:320px;border:1px solid #ccc}
@media print{body{margin:0}h2{page-break-after:avoid}tr{page-break-inside:avoid}}
</style>
</head>
<body>
<h1>${s.title}</h1>
<table>
${row([s.site, site])}
${row([s.period, `${time(from)} – ${time(to)}`])}
${row([s.recordings, set.files.map((f) => escapeHtml(f.name)).join('<br>')])}
${row([s.generated, time(options.nowMs ?? Date.now())])}
</table>
<h2>${s.summary}</h2>
<table>${summary.map(([k, v]) => row([k, escapeHtml(v)])).join('')}</table>
<h2>${s.responseTimes}</h2>
${table(
  [s.alarm, s.priority, s.raised, s.acknowledgedBy, s.alarmToAck, s.alarmToClear],
  responses.map((r) =>
    row([
      alarmName(r.alarmId),
      `<span class="p-${r.priority}">${s.priorities[r.priority]}</span>`,
      time(r.raisedMs),
      r.acknowledgedBy === null ? null : actor(r.acknowledgedBy),
      r.acknowledgedMs === null ? s.notAcknowledged : s.seconds((r.acknowledgedMs - r.raisedMs) / 1000),
      r.clearedMs === null ? s.notCleared : s.seconds((r.clearedMs - r.raisedMs) / 1000),
    ]),
  ),
)}
<h2>${s.timeline}</h2>
${table(
  [s.time, s.event, s.alarm, s.priority, s.by, s.reason],
  transitions.map(({ logMs, transition }) =>
    row([time(logMs), s.actions[transition.action], alarmName(transition.alarm.alarmId), `<span class="p-${transition.alarm.priority}">${s.priorities[transition.alarm.priority]}</span>`, actor(transition.by), reason(transition)]),
  ),
)}
<h2>${s.markers}</h2>
${table(
  [s.time, s.event, s.by],
  spans.map((m) => row([`${time(m.tsMs)}${m.endMs !== undefined && m.endMs !== m.tsMs ? ` – ${time(m.endMs)}` : ''}`, `${s.markerKinds[m.kind as 'drill'] ?? m.kind}: ${markText(m)}`, m.by ? actor(m.by) : null])),
)}
<h2>${s.bookmarks}</h2>
${table(
  [s.time, s.event, s.by],
  (options.bookmarks ?? []).filter((b) => b.tsMs >= from && b.tsMs <= to).map((b) => row([time(b.tsMs), `<b>${escapeHtml(b.label)}</b>${b.note ? `<br>${escapeHtml(b.note)}` : ''}`, escapeHtml(b.by)])),
)}
<h2>${s.snapshots}</h2>
${snapshots.length ? snapshots.join('\n') : `<p>${options.withholdSnapshots ? s.snapshotsWithheld : s.none}</p>`}
</body>
</html>
`;
}
