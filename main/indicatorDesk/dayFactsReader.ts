import { currentCertificates } from '../contractors/index.js';
import { areaAt, type AlarmCondition, type AlarmSourceKind, type Disposition, type IncidentEntry, type Scene } from '../contracts/index.js';
import type { DayRows, FactSource, MinutePosition, RunningHistorian } from '../historian/index.js';
import type { DayFacts, PresenceSlice } from '../indicators/index.js';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** A certificate expiring within this many days counts as expiring (main/contractors' 30-day expiry warning). */
const CERTIFICATE_WARNING_MS = 30 * DAY_MS;
/**
 * Presence: a badge's minute counts until its next minute with a fix, at most PRESENCE_GAP_CAP_MS. The historian
 * keeps one fix per badge every 5 s (HistorianWriter positionIntervalMs), so a badge silent for 5 minutes has left
 * coverage (gone home, battery, dead zone) and is not counted on site meanwhile.
 */
export const PRESENCE_GAP_CAP_MS = 5 * MINUTE_MS;
/** Model classes that mean a person seen without required PPE (contracts/vision's class names; "head": a bare head). */
const PPE_VIOLATION_LABELS: ReadonlySet<string> = new Set(['no_helmet', 'no_hardhat', 'no_vest', 'no_safety_vest', 'head', 'bareHead']);
const PERSON_LABEL = 'person';
/**
 * The RTLS alarms the per-person-hour rates count, by the source that raises them (main/personnel WorkerSafetyMonitor:
 * `${badgeId}:restrictedEntry`, `${areaId}:gathering`). A camera's intrusion or crowding alarm carries the same
 * condition (main/vision visionAlarms) but is the camera's: counting it too would count one entry twice.
 */
const RTLS_ALARM_SOURCE: Readonly<Record<string, AlarmSourceKind>> = { restrictedEntry: 'worker', gathering: 'area' };

/** Whether an alarm activation is one the RTLS rates count (the figure and its drill-down records alike). */
export const isRtlsAlarm = (activation: { condition: string; sourceKind: string }): boolean => RTLS_ALARM_SOURCE[activation.condition] === activation.sourceKind;

/** What the reader needs besides the historian: the scene's places and people, and the configs the figures follow. */
export type FactsContext = {
  scene: Pick<Scene, 'areas' | 'cameras' | 'personnel'>;
  /** The site's local time minus UTC, minutes (config.permits.utcOffsetMin): days are plant-local. */
  utcOffsetMin: number;
  operatorPositions: number;
  reviewOverdueAfterMs: number;
  hazards: NonNullable<DayFacts['hazards']>['config'];
};

/** [start, end) of a plant-local day 'YYYY-MM-DD'. */
export function dayRangeMs(day: string, utcOffsetMin: number): { startMs: number; endMs: number } {
  const startMs = Date.parse(`${day}T00:00:00Z`) - utcOffsetMin * MINUTE_MS;
  return { startMs, endMs: startMs + DAY_MS };
}

/** The plant-local day of an instant. */
export function plantDayOf(tMs: number, utcOffsetMin: number): string {
  return new Date(tMs + utcOffsetMin * MINUTE_MS).toISOString().slice(0, 10);
}

/**
 * One plant-local day's facts, each source's section read from its historian table (IndicatorRecords.dayRows,
 * bounded per day). A source whose table holds no row at all is left out (its indicators show "no data yet");
 * so is data quality, whose per-sensor score is not kept in the historian yet. `sources` and `firstRecordMs`
 * are read once per pass by the caller.
 */
export class DayFactsReader {
  private readonly badges: Map<string, { company?: string }>;
  private readonly cameraAreas: Map<string, string>;
  private readonly coveredAreas: Set<string>;
  private readonly areaCache = new Map<string, string | null>();

  constructor(
    private readonly historian: Pick<RunningHistorian, 'indicators' | 'contractors'>,
    private readonly context: FactsContext,
  ) {
    this.badges = new Map(context.scene.personnel.map((p) => [p.badgeId, p.company === undefined ? {} : { company: p.company }]));
    this.cameraAreas = new Map(context.scene.cameras.flatMap((c) => (c.areaId === undefined ? [] : [[c.id, c.areaId] as const])));
    this.coveredAreas = new Set(this.cameraAreas.values());
  }

  async read(day: string, pass: { sources: ReadonlySet<FactSource>; firstRecordMs: number }): Promise<{ facts: DayFacts; truncated: FactSource[] }> {
    const { startMs, endMs } = dayRangeMs(day, this.context.utcOffsetMin);
    const rows = await this.historian.indicators.dayRows({ fromMs: startMs, toMs: endMs, reviewOverdueAfterMs: this.context.reviewOverdueAfterMs }, pass.sources);
    const facts: DayFacts = { day, dayStartMs: startMs, dayEndMs: endMs };
    const contractorOfBadge = await this.contractorsByBadge(pass.sources);
    const presence = rows.positions ? this.presence(rows.positions, contractorOfBadge) : [];
    if (rows.alarms) {
      const people = rows.alarms.activations.filter(isRtlsAlarm);
      facts.alarms = { activations: rows.alarms.activations, alarmsAtEnd: rows.alarms.alarmsAtEnd, measuredFromMs: pass.firstRecordMs, operatorPositions: this.context.operatorPositions };
      if (pass.sources.has('rtls')) {
        const placed = (condition: string) =>
          people.filter((a) => a.condition === condition).map((a) => ({ atMs: a.atMs, ...(a.areaId !== undefined && { areaId: a.areaId }), ...this.contractorOf(a.sourceKind === 'worker' ? a.sourceId : undefined, contractorOfBadge) }));
        facts.rtls = { presence, restrictedEntries: placed('restrictedEntry'), gatherings: placed('gathering') };
      }
    } else if (pass.sources.has('rtls')) facts.rtls = { presence, restrictedEntries: [], gatherings: [] };
    if (rows.dispatch) {
      facts.dispatch = {
        warnings: rows.dispatch.warnings.map(({ disposition, ...w }) => ({
          ...w,
          sourceKind: w.sourceKind as AlarmSourceKind,
          condition: w.condition as AlarmCondition,
          ...(disposition !== undefined && { disposition: disposition as Disposition }),
        })),
      };
    }
    if (rows.camera) facts.camera = { observations: this.observations(rows.camera), exposure: presence.filter((s) => s.areaId !== undefined && this.coveredAreas.has(s.areaId)) };
    if (rows.drills) facts.drills = { drills: drillsOf(rows.drills) };
    if (rows.hazards) facts.hazards = { tickets: rows.hazards, asOfMs: Math.max(endMs, Date.now()), config: this.context.hazards };
    if (rows.permits) facts.permits = rows.permits;
    if (contractorOfBadge) facts.contractors = { certificates: contractorOfBadge.certificates(endMs) };
    if (rows.incidents) {
      facts.incidents = {
        records: rows.incidents.map((i) => ({ occurredAtMs: i.occurredAtMs, severity: i.severity as IncidentEntry['severity'], ...(i.areaId !== undefined && { areaId: i.areaId }), ...(i.contractor !== undefined && { contractor: i.contractor }) })),
        hoursWorked: presence,
      };
    }
    return { facts, truncated: rows.truncated };
  }

  /** Person-hours per badge minute: each minute with a fix counts until the next one, capped (PRESENCE_GAP_CAP_MS). */
  private presence(positions: readonly MinutePosition[], contractors: ContractorIndex | null): PresenceSlice[] {
    const slices: PresenceSlice[] = [];
    for (let i = 0; i < positions.length; i++) {
      const p = positions[i]!;
      const next = positions[i + 1];
      const untilMs = next && next.badgeId === p.badgeId ? Math.min(next.minuteMs - p.minuteMs, PRESENCE_GAP_CAP_MS) : MINUTE_MS;
      const areaId = this.areaOf(p.x, p.y);
      slices.push({ atMs: p.minuteMs, hours: untilMs / HOUR_MS, ...(areaId !== null && { areaId }), ...this.contractorOf(p.badgeId, contractors) });
    }
    return slices;
  }

  /** Areas are looked up per metre cell: a day of minutes visits the same few thousand cells again and again. */
  private areaOf(x: number, y: number): string | null {
    const cell = `${Math.floor(x)},${Math.floor(y)}`;
    let areaId = this.areaCache.get(cell);
    if (areaId === undefined) {
      areaId = areaAt(this.context.scene, Math.floor(x) + 0.5, Math.floor(y) + 0.5);
      if (this.areaCache.size < 1_000_000) this.areaCache.set(cell, areaId);
    }
    return areaId;
  }

  /** A badge's company: the contractor register's, else the scene's personnel entry (the demo's contractors). */
  private contractorOf(badgeId: string | undefined, contractors: ContractorIndex | null): { contractor?: string } {
    if (badgeId === undefined) return {};
    const company = contractors?.companyOfBadge.get(badgeId) ?? this.badges.get(badgeId)?.company;
    return company === undefined ? {} : { contractor: company };
  }

  /** Each person box of a camera in an area is an observation; as many of them as the frame's no-PPE boxes are violations. */
  private observations(events: NonNullable<DayRows['camera']>): NonNullable<DayFacts['camera']>['observations'] {
    const observations: { atMs: number; cameraId: string; areaId?: string; violation: boolean }[] = [];
    for (const event of events) {
      const areaId = this.cameraAreas.get(event.cameraId);
      if (areaId === undefined || event.detailJson === null) continue;
      const labels = detectionLabels(event.detailJson);
      const persons = labels.filter((l) => l === PERSON_LABEL).length;
      let violations = Math.min(persons, labels.filter((l) => PPE_VIOLATION_LABELS.has(l)).length);
      for (let k = 0; k < persons; k++) observations.push({ atMs: event.atMs, cameraId: event.cameraId, areaId, violation: violations-- > 0 });
    }
    return observations;
  }

  private async contractorsByBadge(sources: ReadonlySet<FactSource>): Promise<ContractorIndex | null> {
    if (!sources.has('contractors')) return null;
    const { companies, people } = await this.historian.contractors.all();
    const names = new Map(companies.map((c) => [c.company.id, c.company.name]));
    const active = people.map((p) => p.person).filter((p) => p.active);
    const companyOfBadge = new Map(active.flatMap((p) => (p.badgeId === undefined ? [] : [[p.badgeId, names.get(p.companyId) ?? p.companyId] as const])));
    return {
      companyOfBadge,
      certificates: (atMs) =>
        active.flatMap((p) => currentCertificates(p).map((c) => ({ contractor: names.get(p.companyId) ?? p.companyId, expiringOrExpired: c.validUntilMs - atMs <= CERTIFICATE_WARNING_MS }))),
    };
  }
}

type ContractorIndex = { companyOfBadge: Map<string, string>; certificates(atMs: number): { contractor: string; expiringOrExpired: boolean }[] };

function detectionLabels(detailJson: string): string[] {
  try {
    const detail = JSON.parse(detailJson) as { detections?: { label?: unknown }[] };
    return (detail.detections ?? []).flatMap((d) => (typeof d.label === 'string' ? [d.label] : []));
  } catch {
    // The writer stores bounded JSON (historianBatch boundedJson): a cut record has no labels to count.
    return [];
  }
}

/** A drill started in the day is done once its end marker is stored. */
function drillsOf(markers: NonNullable<DayRows['drills']>): NonNullable<DayFacts['drills']>['drills'] {
  const ended = new Set(markers.filter((m) => m.phase === 'end').map((m) => m.markerId));
  return markers.filter((m) => m.phase === 'start').map((m) => ({ drillId: m.markerId, plannedAtMs: m.atMs, done: ended.has(m.markerId) }));
}
