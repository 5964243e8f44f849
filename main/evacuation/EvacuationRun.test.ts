import { describe, expect, it } from 'vitest';
import { EvacuationReportSchema, EvacuationSnapshotSchema, SceneSchema, type Scene } from '../contracts/index.js';
import { loadSceneFile } from '../scene/loadScene.js';
import { DEMO_SCENE_PATH } from '../platform/packageInfo.js';
import { EvacuationRun } from './EvacuationRun.js';
import { renderEvacuationReportHtml } from './reportHtml.js';

async function demo(): Promise<Scene> {
  const loaded = await loadSceneFile(DEMO_SCENE_PATH);
  if (!loaded.ok) throw new Error('demo scene');
  return loaded.scene;
}

/** A small plant: 60 × 40 m site, one building, a fence with a gate, two muster points. */
function smallPlant(): Scene {
  return SceneSchema.parse({
    format: 'safetwin-scene',
    version: 1,
    site: {
      id: 'small',
      name: { en: 'Small plant', 'zh-CN': '小厂区' },
      geoReference: { latitudeDeg: 31, longitudeDeg: 121 },
      boundary: [[0, 0], [60, 0], [60, 40], [0, 40]],
      fences: [{ id: 'f', path: [[0, 0], [25, 0]], heightM: 2 }, { id: 'f2', path: [[31, 0], [60, 0]], heightM: 2 }],
    },
    equipment: [{ id: 'B-1', type: 'building', name: { en: 'Control building' }, position: { x: 30, y: 20 }, size: { lengthM: 20, widthM: 10, heightM: 6 } }],
    exits: [{ id: 'gate-s', name: { en: 'South gate' }, kind: 'gate', opening: [[25, 0], [31, 0]] }],
    musterPoints: [
      { id: 'MP-W', name: { en: 'West' }, position: [5, 35], radiusM: 3, capacityPersons: 50 },
      { id: 'MP-E', name: { en: 'East' }, position: [55, 35], radiusM: 3, capacityPersons: 50 },
    ],
  });
}

describe('EvacuationRun (scene, live and drill)', () => {
  it('runs a drill from worker positions to the muster points, with snapshot and report', () => {
    const workers = [
      { badgeId: 'A', x: 10, y: 10 },
      { badgeId: 'B', x: 50, y: 10 },
      { badgeId: 'C', x: 30, y: 20 }, // inside the building: snapped out
      { badgeId: 'D', x: 12, y: 30 },
    ];
    const run = new EvacuationRun({ scene: smallPlant(), mode: 'drill', runId: 'drill-1', label: 'Leak at B-1', seed: 3, premovementS: 2 }, workers);
    const first = EvacuationSnapshotSchema.parse(run.snapshot());
    expect(first.agentIds).toEqual(['A', 'B', 'C', 'D']);
    expect(first.positionsM).toHaveLength(8);
    expect(first.counts).toMatchObject({ total: 4, waiting: 4 });
    expect(first.targets.map((t) => t.id)).toEqual(['MP-W', 'MP-E']);
    expect(first.gateCrossings).toEqual([{ id: 'gate-s', count: 0 }]);
    expect([...first.predictedArrivalS].every((t) => t > 2)).toBe(true);
    for (let k = 0; k < 120 && run.engine.remaining() > 0; k++) run.step(1);
    const last = run.snapshot();
    expect(last.counts.arrived).toBe(4);
    expect(last.targets.reduce((n, t) => n + t.arrived, 0)).toBe(4);
    const report = EvacuationReportSchema.parse(run.report());
    expect(report.label).toBe('Leak at B-1');
    expect(report.missing).toEqual([]);
    expect(report.totalTimeS).toBeGreaterThan(10);
    expect(report.musterCountsOverTime.at(-1)!.counts).toMatchObject({ 'MP-W': expect.any(Number), 'MP-E': expect.any(Number) });
    const html = renderEvacuationReportHtml(report, 'zh-CN');
    expect(html).toContain('紧急集合点');
    expect(html).toContain('演练 · Leak at B-1');
    expect(renderEvacuationReportHtml(report, 'en')).toContain('DRILL · Leak at B-1');
  });

  it('live: counts real badge arrivals against the prediction and lists who is missing, where last seen', () => {
    const run = new EvacuationRun({ scene: smallPlant(), mode: 'live', runId: 'live-1', seed: 1 }, [
      { badgeId: 'A', x: 10, y: 10 },
      { badgeId: 'B', x: 50, y: 10 },
    ]);
    run.step(20);
    run.observeArrival('A', 'MP-W', 18);
    run.observePosition('B', 48, 12, 15);
    const report = run.report();
    expect(report.targets.find((t) => t.id === 'MP-W')!.observedArrived).toBe(1);
    expect(report.missing).toEqual([{ agentId: 'B', lastSeenX: 48, lastSeenY: 12, lastSeenS: 15, state: expect.any(String) }]);
    expect(renderEvacuationReportHtml(report, 'en')).toContain('LIVE');
  });

  it('chooses another muster point when a cloud covers the nearest one (demo plant, fields rebuilt)', async () => {
    const scene = await demo();
    const run = new EvacuationRun({ scene, mode: 'drill', runId: 'demo', seed: 2, premovementS: 0 }, [
      { badgeId: 'W1', x: 240, y: 160 },
      { badgeId: 'W2', x: 100, y: 200 },
    ]);
    expect(run.warnings).toEqual([]);
    // W2 (100, 200) heads for MP-1 (30, 100), the nearest muster point.
    expect(run.snapshot().targets[run.snapshot().targetIndex[1]!]!.id).toBe('MP-1');
    // A cloud settles over MP-1: no_go cells — W2 must choose another muster point.
    const rebuildMs = run.setHazards([
      { id: 'cloud', kind: 'toxic_gas', mode: 'no_go', substance: 'chlorine', concentrationPpm: 30, polygon: [[0, 50], [90, 50], [90, 150], [0, 150]] },
    ]);
    expect(rebuildMs).toBeLessThan(3000);
    run.step(5);
    const snap = run.snapshot();
    expect(snap.targets[snap.targetIndex[1]!]!.id).not.toBe('MP-1');
    expect(snap.fieldRebuildMs).toBe(rebuildMs);
    expect(snap.density.peoplePerM2.length).toBe(snap.density.nx * snap.density.ny);
    expect(EvacuationSnapshotSchema.safeParse(snap).success).toBe(true);
  });
});
