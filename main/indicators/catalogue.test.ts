import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { INDICATOR_DIMENSIONS, INDICATOR_SOURCES } from '../contracts/index.js';
import { INDICATOR_CATALOGUE, indicatorById } from './catalogue.js';

/** The indicators issue 20 asks for by name. */
const REQUIRED = [
  'ppeCompliance',
  'ppeViolationsPer100h',
  'restrictedEntryPer1000h',
  'gatheringPer1000h',
  'alarmRatePer10Min',
  'floodTimeShare',
  'standingAlarms',
  'chatteringAlarms',
  'mttaMin',
  'mttrMin',
  'falseAlarmRate',
  'dataQualityScore',
  'drillCompletion',
  'drillScore',
  'hazardClosureRate',
  'hazardMeanRectificationDays',
  'repeatHazards',
  'permitSuspensions',
  'permitOverdueReviews',
  'certificateExpiries',
  'daysWithoutRecordableIncident',
  'recordableIncidentRate',
];

describe('the catalogue', () => {
  it('holds every indicator the issue names, each once', () => {
    const ids = INDICATOR_CATALOGUE.map((d) => d.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of REQUIRED) expect(indicatorById(id), id).toBeDefined();
    expect(indicatorById('nope')).toBeUndefined();
  });

  it('documents each in both languages with its source, dimensions and reference', () => {
    for (const def of INDICATOR_CATALOGUE) {
      for (const text of [def.name, def.formula, def.unit]) {
        expect(text.en.length, def.id).toBeGreaterThan(0);
        expect(text['zh-CN']?.length, def.id).toBeGreaterThan(0);
      }
      expect(INDICATOR_SOURCES).toContain(def.source);
      expect(def.dimensions[0], def.id).toBe('site');
      for (const dimension of def.dimensions) expect(INDICATOR_DIMENSIONS).toContain(dimension);
      expect(def.scale).toBeGreaterThan(0);
      expect(def.reference.length, def.id).toBeGreaterThan(0);
      if (def.benchmark) expect(def.benchmark.source.length).toBeGreaterThan(0);
      // No person dimension: individual figures are not indicators (docs/indicators.md §privacy).
      expect(def.readAction).toBe('indicators:read');
    }
  });

  it('shows the alarm benchmarks of ISA-18.2 / EEMUA 191 beside the alarm KPIs', () => {
    expect(indicatorById('alarmRatePer10Min')?.benchmark).toMatchObject({ value: 1, comparison: 'atMost' });
    expect(indicatorById('floodTimeShare')?.benchmark).toMatchObject({ value: 1, comparison: 'atMost' });
    expect(indicatorById('standingAlarms')?.benchmark).toMatchObject({ value: 5, comparison: 'atMost' });
    expect(indicatorById('chatteringAlarms')?.benchmark).toMatchObject({ value: 0, comparison: 'atMost' });
  });

  it('counts only the incidents as lagging', () => {
    expect(INDICATOR_CATALOGUE.filter((d) => d.kind === 'lagging').map((d) => d.id)).toEqual(['daysWithoutRecordableIncident', 'recordableIncidentRate']);
    expect(INDICATOR_CATALOGUE.filter((d) => d.aggregation === 'streak').map((d) => d.id)).toEqual(['daysWithoutRecordableIncident']);
  });
});

describe('docs/indicators.md', () => {
  it('lists every indicator of the catalogue in its table, with its zh-CN name', () => {
    const doc = readFileSync(new URL('../../docs/indicators.md', import.meta.url), 'utf8');
    for (const def of INDICATOR_CATALOGUE) expect(doc, def.id).toContain(`| \`${def.id}\` | ${def.name['zh-CN']} / ${def.name.en} |`);
  });
});
