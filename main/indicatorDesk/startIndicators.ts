import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ExternalConditionInput } from '../alarms/index.js';
import type { JournalSink } from '../audit/index.js';
import type { IndexConfig, IndexId, IndicatorDecline, Scene } from '../contracts/index.js';
import type { HazardsConfig } from '../hazards/index.js';
import { shiftAt, shiftCalendar, type RunningHistorian } from '../historian/index.js';
import { DEFAULT_INDEX_CONFIGS, DEMO_INDICES_FILE, parseIndexConfigFile, type DayDimensions, type IndicatorsConfig } from '../indicators/index.js';
import type { Logger } from '../log/index.js';
import { DayFactsReader } from './dayFactsReader.js';
import { IndicatorBook } from './IndicatorBook.js';

export type StartIndicatorsOptions = {
  historian: Pick<RunningHistorian, 'indicators' | 'contractors'> | null;
  scene: Scene;
  config: {
    indicators: IndicatorsConfig;
    permits: { utcOffsetMin: number; reviewOverdueAfterMs: number };
    alarms: { operatorPositions: number; shifts: Parameters<typeof shiftCalendar>[0] };
    hazards: HazardsConfig;
  };
  /** The demo's scene file: its indices.json is read when the config names no index file. */
  demoScenePath: string | null;
  /** The plant's alarm hub: a declining indicator is raised on it as an external condition (null: not raised). */
  hub: { externalCondition(input: ExternalConditionInput): void } | null;
  journal: JournalSink | null;
  logger: Logger;
};

/** The scene's organisation and the operators' shifts as the indicators' dimension keys. */
export function dayDimensionsOf(scene: Pick<Scene, 'organisation' | 'site'>, shifts: Parameters<typeof shiftCalendar>[0]): DayDimensions {
  const areaToDepartment: Record<string, string> = {};
  for (const department of scene.organisation?.departments ?? []) for (const areaId of department.areaIds) areaToDepartment[areaId] = department.id;
  const calendar = shiftCalendar(shifts, scene.site.geoReference.longitudeDeg);
  return { areaToDepartment, shiftOf: (tMs) => shiftAt(tMs, calendar).shift };
}

/** The indices' weights: the config's file, else the demo's beside its scene, else the defaults; a bad file is said and the defaults used. */
async function indexConfigs(options: StartIndicatorsOptions): Promise<Record<IndexId, IndexConfig>> {
  const demoFile = options.demoScenePath === null ? null : path.join(path.dirname(options.demoScenePath), DEMO_INDICES_FILE);
  const file = options.config.indicators.indexFile ?? demoFile;
  if (file === null) return DEFAULT_INDEX_CONFIGS;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    // The demo's file is optional; a configured one that cannot be read is said.
    if (file !== demoFile) options.logger.error({ file, err: error }, 'indicators: the index weights file cannot be read; the default weights are used');
    return DEFAULT_INDEX_CONFIGS;
  }
  const parsed = parseIndexConfigFile(text);
  if (parsed.ok) return parsed.configs;
  options.logger.error({ file, error: parsed.error }, 'indicators: the index weights file is not valid; the default weights are used');
  return DEFAULT_INDEX_CONFIGS;
}

/**
 * A declining indicator as the alarm engine's external condition 'indicatorDeclining' (source kind 'indicator', id
 * `<indicatorId>/<dimension>/<key>`, the area when the key is one), its grade (1 red … 4 blue) as the value: the
 * dispatch desk then warns the manager as for any alarm. Cleared once the run ends.
 */
export function declineCondition(decline: IndicatorDecline, active: boolean, nowMs: number, areaIds: ReadonlySet<string>): ExternalConditionInput {
  const identity = {
    sourceId: `${decline.indicatorId}/${decline.dimension}/${decline.key}`,
    sourceKind: 'indicator' as const,
    condition: 'indicatorDeclining' as const,
    ...(decline.dimension === 'area' && areaIds.has(decline.key) && { areaId: decline.key }),
    active,
    nowMs,
  };
  if (!active) return identity;
  const params = { indicatorId: decline.indicatorId, key: decline.key, periods: decline.periods, period: decline.period, fromValue: Number(decline.fromValue.toPrecision(4)), toValue: Number(decline.toValue.toPrecision(4)) };
  return {
    ...identity,
    value: decline.grade,
    reason: `indicator ${decline.indicatorId} (${decline.key}) worse ${decline.periods} ${decline.period}s in a row: ${params.fromValue} → ${params.toValue}`,
    reasonCode: { code: 'indicatorDeclining', params },
  };
}

/** The indicator book of a running core, started (back-fill, then the periodic recomputation). */
export async function startIndicators(options: StartIndicatorsOptions): Promise<IndicatorBook> {
  const { historian, scene, config } = options;
  const areaIds = new Set(scene.areas.map((a) => a.id));
  const hub = options.hub;
  const reader =
    historian === null
      ? null
      : new DayFactsReader(historian, {
          scene,
          utcOffsetMin: config.permits.utcOffsetMin,
          operatorPositions: config.alarms.operatorPositions,
          reviewOverdueAfterMs: config.permits.reviewOverdueAfterMs,
          hazards: config.hazards,
        });
  const book = new IndicatorBook({
    records: historian?.indicators ?? null,
    reader,
    dims: dayDimensionsOf(scene, config.alarms.shifts),
    utcOffsetMin: config.permits.utcOffsetMin,
    config: config.indicators,
    indexConfigs: await indexConfigs(options),
    declineAlarm:
      hub === null
        ? null
        : (decline, active) => {
            try {
              hub.externalCondition(declineCondition(decline, active, Date.now(), areaIds));
            } catch (error) {
              options.logger.error({ err: error, indicatorId: decline.indicatorId, key: decline.key }, 'indicators: the alarm engine refused a decline');
            }
          },
    journal: options.journal,
    logger: options.logger,
  });
  if (!book.available) options.logger.info('indicators: no historian, so nothing to compute from; the indicator routes answer 503');
  book.start();
  return book;
}
