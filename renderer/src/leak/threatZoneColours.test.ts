import { describe, expect, it } from 'vitest';
import { THEME } from '../theme.js';
import { threatZoneColour, threatZoneRank } from './threatZoneColours.js';

describe('threat-zone colours', () => {
  it('colours levels by severity with the alarm palette', () => {
    expect(threatZoneColour('AEGL-3')).toBe(THEME.alarm.urgent);
    expect(threatZoneColour('AEGL-2/10min')).toBe(THEME.alarm.high);
    expect(threatZoneColour('AEGL-1')).toBe(THEME.alarm.medium);
    expect(threatZoneColour('LEL60')).toBe(THEME.alarm.urgent);
    expect(threatZoneColour('LEL10')).toBe(THEME.alarm.medium);
    expect(threatZoneColour('IDLH')).toBe(THEME.alarm.urgent);
    expect(threatZoneColour('site limit')).toBe(THEME.alarm.low);
  });

  it('ranks the most severe first', () => {
    expect(['AEGL-1', 'AEGL-3', 'AEGL-2'].sort((a, b) => threatZoneRank(a) - threatZoneRank(b))).toEqual(['AEGL-3', 'AEGL-2', 'AEGL-1']);
  });
});
