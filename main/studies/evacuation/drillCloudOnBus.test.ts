import { describe, expect, it } from 'vitest';
import type { DispersionSnapshot, ThreatZone } from '../../contracts/index.js';
import type { CoreTopics } from '../../bus/coreTopics.js';
import { MessageBus } from '../../bus/MessageBus.js';
import { drillCloudOnBus } from './index.js';

const picture = (atMs: number): DispersionSnapshot => ({
  seq: 1,
  atMs,
  wind: { speedMps: 2, fromDeg: 90, stabilityClass: 'F', sampleAtMs: atMs },
  leaks: [],
  grid: null,
  fields: [],
  zones: [{ leakId: 'leak-1', level: 'AEGL-2' } as ThreatZone],
  detectors: [],
  buildings: [],
  directionUncertainty: null,
  warnings: [],
  computeMs: 1,
});

describe("a drill's own cloud on the core bus (for the recorder)", () => {
  it('passes each drill picture on, and an empty picture once when the drill ends, never for other marks', () => {
    const bus = new MessageBus<CoreTopics>();
    const seen: DispersionSnapshot[] = [];
    bus.subscribe('drillDispersion', (s) => seen.push(s));
    const drillCloud = drillCloudOnBus(bus);
    // A drill ending before it had a cloud leaves nothing to clear.
    bus.publish('marker', { kind: 'drill', phase: 'end', id: 'd0', label: 'DRILL ended' });
    expect(seen).toHaveLength(0);
    drillCloud(picture(1000));
    drillCloud(picture(2000));
    bus.publish('marker', { kind: 'incident', phase: 'end', id: 'e1', label: 'evacuation stood down' });
    bus.publish('marker', { kind: 'drill', phase: 'start', id: 'd1', label: 'DRILL' });
    expect(seen.map((s) => s.zones.length)).toEqual([1, 1]);
    bus.publish('marker', { kind: 'drill', phase: 'end', id: 'd1', label: 'DRILL ended' });
    bus.publish('marker', { kind: 'drill', phase: 'end', id: 'd1', label: 'DRILL ended' });
    expect(seen.map((s) => s.zones.length)).toEqual([1, 1, 0]);
    // The empty picture keeps the last one's time and wind: the cloud is gone as of the drill's last instant.
    expect(seen[2]).toMatchObject({ atMs: 2000, leaks: [], fields: [], wind: { fromDeg: 90 } });
  });
});
