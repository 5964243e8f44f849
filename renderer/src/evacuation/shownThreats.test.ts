import { describe, expect, it } from 'vitest';
import type { EvacuationBoard, EvacuationRunsStatus, EvacuationSnapshot, EvacuationThreat } from '@contracts';
import { shownThreats } from './evacuationFeed.js';

const threat = (musterIds: string[]): EvacuationThreat => ({ level: 'AEGL-2', musterIds, gateIds: [], agentsOnRoutesThroughThreat: 0, advice: 'reroute', safeMusterIds: ['MP-1'] });
const liveStatus = (drillPhase: 'evacuating' | 'ended' | null, liveEnded: boolean | null) =>
  ({
    live: liveEnded === null ? null : { mode: 'live', runId: 'live-1', ended: liveEnded },
    drill: drillPhase === null ? null : { mode: 'drill', runId: 'drill-1', phase: drillPhase },
    reports: [],
  }) as unknown as EvacuationRunsStatus;
const boards = new Map([
  ['live-1', { threat: threat(['MP-2']) } as EvacuationSnapshot],
  ['drill-1', { threat: threat(['MP-3']) } as EvacuationSnapshot],
]);

describe('the threat the twin and the site map flag (shownThreats)', () => {
  it("live: the drill's board when one is on, else the live evacuation's, none when neither runs", () => {
    expect(shownThreats(null, { status: liveStatus('evacuating', false), boards }).map((t) => t.musterIds)).toEqual([['MP-3']]);
    expect(shownThreats(null, { status: liveStatus('ended', false), boards }).map((t) => t.musterIds)).toEqual([['MP-2']]);
    expect(shownThreats(null, { status: liveStatus(null, true), boards })).toEqual([]);
  });

  it("replaying: the boards recorded at the replayed instant, never the live runs' (a live evacuation going on meanwhile)", () => {
    const recorded = [{ threat: threat(['MP-4']) }, { threat: threat([]) }] as EvacuationBoard[];
    const live = { status: liveStatus('evacuating', false), boards };
    expect(shownThreats(recorded, live).map((t) => t.musterIds)).toEqual([['MP-4'], []]);
    expect(shownThreats([], live)).toEqual([]);
  });
});
