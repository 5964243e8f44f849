/**
 * The manager's indicators at run time (issue 20, docs/indicators.md §computation and storage): each day's facts read
 * from the historian, computed by main/indicators into stored days (back-filled at start, today and yesterday
 * recomputed), the values, trends, indices, declines and drill-down served over HTTP, and the incident log.
 */
export { DayFactsReader, dayRangeMs, plantDayOf, PRESENCE_GAP_CAP_MS, type FactsContext } from './dayFactsReader.js';
export { IndicatorBook, MAX_DAY_ROWS_READ, MAX_RANGE_DAYS, type IndicatorBookOptions } from './IndicatorBook.js';
export { indicatorCapability, registerIndicatorRoutes } from './indicatorCapability.js';
export { dayDimensionsOf, startIndicators, type StartIndicatorsOptions } from './startIndicators.js';
export { cameraViewCentre, hotspotCapability, HotspotMap, MAX_HOTSPOT_RANGE_DAYS, MAX_HOTSPOT_ROWS, type HotspotMapOptions, type HotspotQuery } from './hotspotMap.js';
