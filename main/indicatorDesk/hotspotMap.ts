import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  alarmPosition,
  API_PATHS,
  applyHomography,
  HOTSPOT_CELL_MAX_M,
  HOTSPOT_CELL_MIN_M,
  HOTSPOT_LAYERS,
  imageToGroundHomography,
  type AlarmPriority,
  type Camera,
  type HotspotGrid,
  type HotspotLayer,
  type RiskWeights,
  type Scene,
  type WorkerPosition,
} from '../contracts/index.js';
import type { HotspotRecords } from '../historian/index.js';
import { sendCoded, sendInvalid, type CodedResult, type RouteGuards } from '../http/index.js';
import { compareHotspots, hotspotCells, periodDays, seasonalHotspots, type HotspotPoint } from '../indicators/index.js';
import type { Capability } from '../realtime/index.js';
import { dayRangeMs, plantDayOf } from './dayFactsReader.js';

/** Rows one read of one layer may return; beyond it the answer says `capped` (the map shows the period's first part). */
export const MAX_HOTSPOT_ROWS = 200_000;
/** Camera events read for their foot points; beyond it an even sample stands for the rest (counts stay exact). */
export const MAX_CAMERA_SAMPLE_ROWS = 50_000;
/** The longest range asked: the seasonal view over ten years of history. */
export const MAX_HOTSPOT_RANGE_DAYS = 3_660;
/** A camera whose optical axis meets the ground farther than this (or never) is placed at its mast. */
const MAX_VIEW_CENTRE_M = 150;
const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
const NO_WORKERS = new Map<string, WorkerPosition>();

type Refusal = Extract<CodedResult<never>, { ok: false }>;
const refused = (status: Refusal['status'], message: string): Refusal => ({
  ok: false,
  status,
  problem: { code: status === 503 ? 'ST_ERR_INDICATORS_UNAVAILABLE' : 'ST_ERR_INDICATORS_INVALID', severity: 'info', message } as Refusal['problem'],
});

export type HotspotQuery = { layer: HotspotLayer; fromDay: string; toDay: string; cellM: number; compare?: { fromDay: string; toDay: string }; seasonal?: boolean };

export type HotspotMapOptions = {
  records: Pick<HotspotRecords, 'activationDays' | 'ticketPoints' | 'cameraDays' | 'cameraEvents' | 'firstMs'> | null;
  scene: Pick<Scene, 'sensors' | 'areas' | 'cameras'>;
  /** The live risk heatmap's weights (config.risk): the 'risk' layer weighs the period's records with them. */
  riskWeights: RiskWeights;
  /** The site's local time minus UTC (config.permits.utcOffsetMin): days and months are plant-local. */
  utcOffsetMin: number;
  nowMs?: () => number;
};

/**
 * Where on the ground a camera looks: the image centre through its ground homography (the scene's calibrated one,
 * else the pose's), or its mast when the axis meets the ground far away or not at all (a level camera).
 */
export function cameraViewCentre(camera: Camera): { x: number; y: number } {
  const homography = camera.imageToGroundHomography ?? imageToGroundHomography(camera);
  const ground = applyHomography(homography, camera.imageWidthPx / 2, camera.imageHeightPx / 2);
  if (ground === null || Math.hypot(ground[0] - camera.position.x, ground[1] - camera.position.y) > MAX_VIEW_CENTRE_M) return { x: camera.position.x, y: camera.position.y };
  return { x: ground[0], y: ground[1] };
}

/** The mean foot point of an event's stored detections (HistorianWriter keeps each one's `ground`), null when none was projected. */
function footPoint(detailJson: string | null): { x: number; y: number } | null {
  if (detailJson === null) return null;
  let detail: unknown;
  try {
    detail = JSON.parse(detailJson);
  } catch {
    return null;
  }
  const detections = (detail as { detections?: unknown }).detections;
  if (!Array.isArray(detections)) return null;
  let x = 0;
  let y = 0;
  let n = 0;
  for (const d of detections) {
    const ground = (d as { ground?: unknown } | null)?.ground;
    if (Array.isArray(ground) && Number.isFinite(ground[0]) && Number.isFinite(ground[1])) {
      x += ground[0] as number;
      y += ground[1] as number;
      n += 1;
    }
  }
  return n === 0 ? null : { x: x / n, y: y / n };
}

/**
 * The site map's hot spots over time (issue 20 item 4, docs/risk-heatmap.md §hot spots over time): each layer's
 * records of a period placed on the plant and summed into cells by main/indicators. Alarms sit at their source
 * (sensor, camera's view, area centroid); hidden dangers at their ticket's point; camera events at their
 * detections' foot point, else the camera's view centre; 'risk' is alarms × the live heatmap's priority weights
 * plus camera events × its detection weight. Reports draw the same grid (grid()).
 */
export class HotspotMap {
  private readonly sensors: Map<string, Scene['sensors'][number]>;
  private readonly areas: Map<string, Scene['areas'][number]>;
  private readonly cameraCentres: Map<string, { x: number; y: number }>;
  private readonly now: () => number;

  constructor(private readonly options: HotspotMapOptions) {
    this.sensors = new Map(options.scene.sensors.map((s) => [s.id, s]));
    this.areas = new Map(options.scene.areas.map((a) => [a.id, a]));
    this.cameraCentres = new Map(options.scene.cameras.map((c) => [c.id, cameraViewCentre(c)]));
    this.now = options.nowMs ?? Date.now;
  }

  get available(): boolean {
    return this.options.records !== null;
  }

  /** A layer's grid over a range of plant-local days (inclusive), with a comparison period or the seasonal months. */
  async grid(query: HotspotQuery): Promise<CodedResult<HotspotGrid>> {
    if (this.options.records === null) return refused(503, 'hot spots are read from the historian: start the core with --historian');
    const period = this.range(query.fromDay, query.toDay);
    if (typeof period === 'string') return refused(400, period);
    const current = await this.points(query.layer, period);
    const grid: HotspotGrid = { layer: query.layer, cellM: query.cellM, fromDay: query.fromDay, toDay: query.toDay, days: period.days, cells: [], max: 0, capped: current.capped };
    if (query.compare) {
      const other = this.range(query.compare.fromDay, query.compare.toDay);
      if (typeof other === 'string') return refused(400, `compare: ${other}`);
      const previous = await this.points(query.layer, other);
      const compared = compareHotspots({ points: current.points, days: period.days }, { points: previous.points, days: other.days }, query.cellM);
      Object.assign(grid, { cells: compared.cells, max: compared.max, capped: current.capped || previous.capped });
      grid.compare = { fromDay: query.compare.fromDay, toDay: query.compare.toDay, days: other.days, maxAbsDelta: compared.maxAbsDelta };
    } else Object.assign(grid, hotspotCells(current.points, query.cellM));
    if (query.seasonal) {
      const first = await this.options.records.firstMs(query.layer === 'risk' ? ['alarms', 'camera'] : [query.layer]);
      // The history covers from its first record (or the range's start, if later) to now (or the range's end, if earlier).
      const coverage = { fromMs: Math.max(period.fromMs, first ?? period.toMs), toMs: Math.min(period.toMs, this.now()) };
      grid.months = seasonalHotspots(current.points, coverage, query.cellM, this.options.utcOffsetMin);
      grid.monthsCovered = grid.months.filter((m) => m.years > 0).length;
    }
    return { ok: true, value: grid };
  }

  private range(fromDay: string, toDay: string): { fromMs: number; toMs: number; days: number } | string {
    const fromMs = dayRangeMs(fromDay, this.options.utcOffsetMin).startMs;
    const toMs = dayRangeMs(toDay, this.options.utcOffsetMin).endMs;
    // A day that does not exist (2026-02-30) parses to NaN or rolls over: refused, not guessed.
    if (!Number.isFinite(fromMs) || !Number.isFinite(toMs) || plantDayOf(fromMs, this.options.utcOffsetMin) !== fromDay || plantDayOf(toMs - DAY_MS, this.options.utcOffsetMin) !== toDay) return 'from and to are plant-local days YYYY-MM-DD';
    const days = periodDays(fromMs, toMs);
    if (days < 1 || days > MAX_HOTSPOT_RANGE_DAYS) return `from must not be after to, and the range at most ${MAX_HOTSPOT_RANGE_DAYS} days`;
    return { fromMs, toMs, days };
  }

  /** The layer's weighted points of [fromMs, toMs), and whether a read stopped at its bound. */
  private async points(layer: HotspotLayer, range: { fromMs: number; toMs: number }): Promise<{ points: HotspotPoint[]; capped: boolean }> {
    const records = this.options.records!;
    const weights = this.options.riskWeights;
    const points: HotspotPoint[] = [];
    let capped = false;
    if (layer === 'alarms' || layer === 'risk') {
      const read = await records.activationDays({ ...range, utcOffsetMin: this.options.utcOffsetMin, limit: MAX_HOTSPOT_ROWS });
      capped ||= read.capped;
      for (const row of read.rows) {
        const where = this.alarmPlace(row);
        if (where === null) continue;
        const each = layer === 'alarms' ? 1 : (weights.alarmPriority[row.priority as AlarmPriority] ?? 0);
        // The day's start in plant time: the day (and so the month) the activations belong to.
        points.push({ atMs: row.dayIndex * DAY_MS - this.options.utcOffsetMin * MINUTE_MS, ...where, weight: each * row.count });
      }
    }
    if (layer === 'camera' || layer === 'risk') {
      const each = layer === 'camera' ? 1 : weights.detection;
      const offsetMs = this.options.utcOffsetMin * MINUTE_MS;
      // Exact counts per day and camera; where they go from a sample of at most MAX_CAMERA_SAMPLE_ROWS events spread
      // evenly over the period, each standing for its day and camera's count / sampled.
      const days = await records.cameraDays({ ...range, utcOffsetMin: this.options.utcOffsetMin, limit: MAX_HOTSPOT_ROWS });
      capped ||= days.capped;
      const total = days.rows.reduce((sum, d) => sum + d.count, 0);
      const everyNth = Math.max(1, Math.ceil(total / MAX_CAMERA_SAMPLE_ROWS));
      const sample = await records.cameraEvents({ ...range, utcOffsetMin: this.options.utcOffsetMin, limit: MAX_CAMERA_SAMPLE_ROWS, everyNth });
      const sampled = new Map<string, (typeof sample.rows)[number][]>();
      for (const event of sample.rows) {
        const key = `${event.dayIndex}|${event.cameraId}`;
        (sampled.get(key) ?? sampled.set(key, []).get(key)!).push(event);
      }
      for (const day of days.rows) {
        const centre = this.cameraCentres.get(day.cameraId);
        const events = sampled.get(`${day.dayIndex}|${day.cameraId}`) ?? [];
        if (events.length === 0) {
          if (centre) points.push({ atMs: day.dayIndex * DAY_MS - offsetMs, ...centre, weight: each * day.count });
          continue;
        }
        const share = day.count / events.length;
        for (const event of events) {
          const where = footPoint(event.detailJson) ?? centre;
          if (where) points.push({ atMs: event.atMs, ...where, weight: each * share });
        }
      }
    }
    if (layer === 'hazards') {
      const read = await records.ticketPoints({ ...range, limit: MAX_HOTSPOT_ROWS });
      capped ||= read.capped;
      for (const ticket of read.rows) points.push({ ...ticket, weight: 1 });
    }
    return { points, capped };
  }

  /** An alarm source's place: a camera's view centre, else the live heatmap's placement (sensor, area), else its area's centroid. */
  private alarmPlace(row: { sourceId: string; sourceKind: string; areaId: string | null }): { x: number; y: number } | null {
    if (row.sourceKind === 'camera') {
      const centre = this.cameraCentres.get(row.sourceId);
      if (centre) return centre;
    }
    const areaId = row.areaId ?? undefined;
    const alarm = { sourceKind: row.sourceKind as Parameters<typeof alarmPosition>[0]['sourceKind'], sourceId: row.sourceId, ...(areaId !== undefined && { areaId }) };
    return alarmPosition(alarm, this.sensors, this.areas, NO_WORKERS) ?? (areaId === undefined ? null : alarmPosition({ sourceKind: 'area', sourceId: areaId }, this.sensors, this.areas, NO_WORKERS));
  }
}

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a plant-local day YYYY-MM-DD');
const HotspotQuerySchema = z
  .strictObject({
    layer: z.enum(HOTSPOT_LAYERS).default('risk'),
    from: Day,
    to: Day,
    cellM: z.coerce.number().min(HOTSPOT_CELL_MIN_M).max(HOTSPOT_CELL_MAX_M).default(20),
    compareFrom: Day.optional(),
    compareTo: Day.optional(),
    seasonal: z.enum(['0', '1']).optional(),
  })
  .refine((q) => (q.compareFrom === undefined) === (q.compareTo === undefined), { message: 'compareFrom and compareTo come together', path: ['compareFrom'] });

/** GET /api/hotspots (indicators:read): the site map's hot spots over a period, docs/risk-heatmap.md §hot spots over time. */
export function hotspotCapability(map: HotspotMap): Capability {
  return {
    onConnection: () => undefined,
    routes: (app: FastifyInstance, guards: RouteGuards) => {
      app.get(API_PATHS.hotspots, { preHandler: guards.requireAction('indicators:read') }, async (request, reply) => {
        const parsed = HotspotQuerySchema.safeParse(request.query);
        if (!parsed.success) return sendInvalid(reply, 'ST_ERR_INDICATORS_INVALID', parsed.error);
        const q = parsed.data;
        return sendCoded(
          reply,
          await map.grid({
            layer: q.layer,
            fromDay: q.from,
            toDay: q.to,
            cellM: q.cellM,
            ...(q.compareFrom !== undefined && q.compareTo !== undefined && { compare: { fromDay: q.compareFrom, toDay: q.compareTo } }),
            seasonal: q.seasonal === '1',
          }),
        );
      });
    },
  };
}
