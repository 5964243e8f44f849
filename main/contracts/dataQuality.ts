/**
 * Data quality of sensors and areas (GET /api/sensors/<id> `dataQuality`, GET /api/data-quality;
 * docs/http-api.md). The score is 0–1; its reasons say why it is below 1.
 */
export const DATA_QUALITY_REASONS = ['noData', 'commLoss', 'stale', 'badQuality', 'stuck', 'drift', 'uncertainQuality'] as const;
export type DataQualityReason = (typeof DATA_QUALITY_REASONS)[number];

export type SensorDataQuality = {
  /** 1: nothing known against the reading; 0: the reading is unusable. */
  score: number;
  /** Most severe first; empty when the score is 1. */
  reasons: DataQualityReason[];
};

export type AreaDataQuality = {
  /** An area id, or null for sensors without an area. */
  areaId: string | null;
  /** Mean score of the area's sensors: the share of its instrumentation that can be trusted. */
  score: number;
  /** The lowest sensor score of the area. */
  worstScore: number;
  sensors: number;
  sensorsWithIssues: number;
  /** How many of the area's sensors have each reason. */
  reasons: Partial<Record<DataQualityReason, number>>;
};

export type DataQualityResponse = {
  atMs: number;
  site: Omit<AreaDataQuality, 'areaId'>;
  areas: AreaDataQuality[];
  /** Only sensors with a score below 1, lowest first. */
  sensors: ({ sensorId: string; areaId: string | null } & SensorDataQuality)[];
};
