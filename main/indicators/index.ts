/**
 * The manager's indicators (issue 20, docs/indicators.md): the catalogue of documented indicators, a day's
 * numerators and denominators from each source's records, values over any period (Σnumerator / Σdenominator),
 * trends by day, ISO week and month, rankings, the two indices explained indicator by indicator, and graded
 * declines. Pure: no I/O, time as a parameter. main/indicatorDesk reads the historian and runs them.
 */
export { INDICATOR_CATALOGUE, indicatorById, OSHA_RATE_HOURS } from './catalogue.js';
export { indicatorDays, type DayDimensions, type DayFacts, type Place, type PlacedEvent, type PresenceSlice } from './dayFacts.js';
export { dayNumber, dayOf, MAX_TREND_POINTS, periodStart, ranking, trendOf, valueOver } from './aggregate.js';
export { DEFAULT_INDEX_CONFIGS, DEMO_INDICES_FILE, indexValue, indicatorScore, MAX_INDEX_CONFIG_CHARS, parseIndexConfigFile, type IndexConfigParse, type IndexScope } from './indices.js';
export { declines } from './declines.js';
export { compareHotspots, hotspotCells, periodDays, seasonalHotspots, type HotspotPoint } from './hotspots.js';
export { defaultIndicatorsConfig, IndicatorsConfigSchema, type IndicatorsConfig } from './indicatorsConfig.js';
