import { API_PATHS, type IndicatorDimension, type TrendPeriod } from '@contracts';
import { createStore } from '../state/createStore.js';

/**
 * The indicator desk's routes (docs/indicators.md, issue 20): one place for their paths and queries, so each
 * panel asks the same way.
 */
export const MANAGER_API = {
  indicators: API_PATHS.indicators,
  incidents: API_PATHS.incidents,
  reports: API_PATHS.reports,
  values: (fromDay: string, toDay: string, dimension: IndicatorDimension, ids?: readonly string[]) => `${API_PATHS.indicators}/values?${query({ from: fromDay, to: toDay, dimension, ...(ids && { ids: ids.join(',') }) })}`,
  indexValues: (fromDay: string, toDay: string) => `${API_PATHS.indices}?${query({ from: fromDay, to: toDay, dimension: 'site' })}`,
  trend: (id: string, fromDay: string, toDay: string, period: TrendPeriod) => `${API_PATHS.indicators}/${encodeURIComponent(id)}/trend?${query({ from: fromDay, to: toDay, period, dimension: 'site', key: 'site' })}`,
  records: (scope: RecordsScope) => `${API_PATHS.indicators}/${encodeURIComponent(scope.indicatorId)}/records?${query({ from: scope.fromDay, to: scope.toDay, dimension: scope.dimension, key: scope.key, limit: String(RECORDS_LIMIT) })}`,
};

const query = (params: Record<string, string>) => new URLSearchParams(params).toString();

/** The drill-down list's length: the newest records behind a figure; the report and the registers hold the rest. */
export const RECORDS_LIMIT = 200;

/** The records behind one figure: an indicator over a dimension key and a period. */
export type RecordsScope = { indicatorId: string; dimension: IndicatorDimension; key: string; keyName: string; fromDay: string; toDay: string };

/**
 * What the manager view has open over it, outside the components: a tile, a ranking row, a trend point and an
 * explanation row all open the same drill-down.
 */
export const managerStore = createStore<{ records: RecordsScope | null; explain: 'safetyHealth' | 'enterpriseRisk' | null; selected: string | null }>({ records: null, explain: null, selected: null });
