import { describe, expect, it } from 'vitest';
import { EvacuationReportSchema, EvacuationSnapshotSchema, SceneSchema, type Scene } from '../contracts/index.js';
import { loadSceneFile } from '../scene/loadScene.js';
import { DEMO_SCENE_PATH } from '../platform/packageInfo.js';
import { EvacuationRunTable } from '../studies/evacuation/EvacuationRunTable.js';
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
    // Where last seen as the control room says it (issue 12.2): 8 m east and 3 m south of B-1's footprint (x 20–40, y 15–25) is 9 m from its edge, south-east of its centre.
    const lastSeenPlace = { areaId: null, landmark: { kind: 'equipment', id: 'B-1', name: { en: 'Control building' } }, distanceM: 9, direction: 'SE' };
    expect(report.missing).toEqual([{ agentId: 'B', lastSeenX: 48, lastSeenY: 12, lastSeenS: 15, lastSeenPlace, state: expect.any(String) }]);
    expect(EvacuationReportSchema.parse(report).missing[0]!.lastSeenPlace).toEqual(lastSeenPlace);
    const en = renderEvacuationReportHtml(report, 'en');
    expect(en).toContain('LIVE');
    expect(en).toContain('<td>Outside the named areas · 9 m south-east of B-1 · 15 s</td>');
    const zh = renderEvacuationReportHtml(report, 'zh-CN');
    expect(zh).toContain('<td>不在已命名区域内 · B-1 东南侧 9 米 · 15 秒</td>');
    // No raw coordinates anywhere: the missing list, the densest place.
    for (const html of [en, zh]) expect(html).not.toMatch(/\(-?\d+, -?\d+\) m/);
    // A report stored before places keeps its coordinates readable.
    const before = { ...report, missing: report.missing.map(({ lastSeenPlace: _, ...m }) => m) };
    expect(renderEvacuationReportHtml(before, 'en')).toContain('<td>at (48, 12) m · 15 s</td>');
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

  it('flags a muster point in the threat zone at once, sends everyone to a safe one and never counts the gassed one safe', () => {
    const run = new EvacuationRun({ scene: smallPlant(), mode: 'drill', runId: 'gassed', seed: 4, premovementS: 0 }, [
      { badgeId: 'A', x: 8, y: 30 },
      { badgeId: 'B', x: 50, y: 12 },
    ]);
    for (let k = 0; k < 30 && run.snapshot().accounted[0] === 0; k++) run.step(1);
    const before = run.snapshot();
    expect(before.targets[before.registeredAt[0]!]!.id).toBe('MP-W');
    expect(before.accounted[0]).toBe(1);
    expect(before.threat).toEqual({ level: null, musterIds: [], gateIds: [], agentsOnRoutesThroughThreat: 0, advice: 'none', safeMusterIds: ['MP-W', 'MP-E'] });

    // The cloud reaches MP-W (AEGL-2 grid cells or, here, a polygon): flagged in the very next snapshot, no step needed.
    run.setHazards([{ id: 'cloud', kind: 'toxic_gas', mode: 'traversable', substance: 'chlorine', concentrationPpm: 40, polygon: [[0, 24], [14, 24], [14, 40], [0, 40]] }]);
    const flagged = run.snapshot();
    expect(flagged.targets.find((t) => t.id === 'MP-W')!.threatened).toBe(true);
    expect(flagged.threat).toMatchObject({ musterIds: ['MP-W'], advice: 'reroute', safeMusterIds: ['MP-E'] });
    expect(flagged.accounted[0]).toBe(0);
    expect(flagged.counts.accounted).toBe([...flagged.accounted].filter(Boolean).length);
    // A, standing in the gas at MP-W, sets off for MP-E; nobody is sent to MP-W any more.
    run.step(1);
    expect(run.snapshot().states[0]).toBe(1);
    for (let k = 0; k < 200 && run.snapshot().counts.accounted < 2; k++) run.step(1);
    const after = run.snapshot();
    expect(after.counts.accounted).toBe(2);
    expect([...after.registeredAt].map((k) => after.targets[k]!.id)).toEqual(['MP-E', 'MP-E']);
    const report = run.report();
    expect(report).toMatchObject({ accounted: 2, missing: [], threat: { musterIds: ['MP-W'], advice: 'reroute' } });
    expect(report.exposure.find((e) => e.agentId === 'A')!.toxicLoad).toBeGreaterThan(0);
  });

  it('every muster point gassed: shelter-in-place advice, routes and gates through the zone flagged, nobody counted safe', () => {
    const table = new EvacuationRunTable(smallPlant());
    const cloud = { id: 'cloud', kind: 'toxic_gas' as const, mode: 'traversable' as const, substance: 'chlorine', concentrationPpm: 40, polygon: [[-5, -5], [65, -5], [65, 45], [-5, 45]] as [number, number][] };
    const { frame } = table.create('all-gassed', { mode: 'drill', seed: 1, premovementS: 0, hazards: [cloud] }, [
      { badgeId: 'A', x: 10, y: 30 },
      { badgeId: 'B', x: 50, y: 30 },
    ]);
    expect(frame.snapshot.threat).toMatchObject({ advice: 'shelter', musterIds: ['MP-W', 'MP-E'], safeMusterIds: [], gateIds: ['gate-s'], agentsOnRoutesThroughThreat: 2 });
    let last = frame;
    for (let k = 0; k < 120; k++) last = table.step('all-gassed', 1, k % 10 === 0);
    expect(last.snapshot.counts.arrived).toBe(2);
    expect(last.snapshot.counts.accounted).toBe(0);
    const report = table.report('all-gassed');
    expect(report.accounted).toBe(0);
    expect(report.missing.map((m) => m.atThreatenedTargetId).sort()).toEqual(['MP-E', 'MP-W']);
    expect(renderEvacuationReportHtml(report, 'zh-CN')).toContain('就地避险');
  });

  it('live: a badge registered at a gassed muster point is not accounted for until it registers at a safe one', () => {
    const run = new EvacuationRun({ scene: smallPlant(), mode: 'live', runId: 'live-gas', seed: 1 }, [
      { badgeId: 'A', x: 10, y: 30 },
      { badgeId: 'B', x: 50, y: 10 },
    ]);
    run.observeArrival('A', 'MP-W', 12);
    run.observeArrival('B', 'MP-E', 30);
    expect(run.snapshot().counts.accounted).toBe(2);
    run.setHazards([{ id: 'cloud', kind: 'toxic_gas', mode: 'traversable', substance: 'chlorine', concentrationPpm: 40, polygon: [[0, 24], [14, 24], [14, 40], [0, 40]] }]);
    const snap = run.snapshot();
    expect([...snap.accounted]).toEqual([0, 1]);
    const report = run.report();
    // Board, header and report agree: one definition.
    expect(report.accounted).toBe(snap.counts.accounted);
    expect(report.missing).toEqual([expect.objectContaining({ agentId: 'A', atThreatenedTargetId: 'MP-W' })]);
    expect(renderEvacuationReportHtml(report, 'en')).toContain('at West, inside the threat zone');
    run.observeArrival('A', 'MP-E', 80);
    expect(run.snapshot().counts.accounted).toBe(2);
  });

  it('reports say live or drill, read in the UI language, give durations and a plain reading of the toxic load', () => {
    const run = new EvacuationRun({ scene: smallPlant(), mode: 'live', runId: 'live-r', seed: 1, premovementS: 0 }, [{ badgeId: 'A', x: 10, y: 30 }]);
    run.setHazards([{ id: 'cloud', kind: 'toxic_gas', mode: 'traversable', substance: 'chlorine', concentrationPpm: 2000, polygon: [[0, 20], [20, 20], [20, 40], [0, 40]] }]);
    for (let k = 0; k < 60; k++) run.step(1);
    const report = run.report();
    const zh = renderEvacuationReportHtml(report, 'zh-CN');
    const en = renderEvacuationReportHtml(report, 'en');
    expect(zh).toContain('疏散事后复盘报告');
    expect(zh).not.toContain('演练');
    expect(zh).toContain('小厂区');
    expect(en).toContain('<h1><span class="badge">LIVE</span>Evacuation after-action report</h1>');
    expect(en).not.toMatch(/DRILL|drill after-action/);
    // Durations, never m:ss (which reads as a time of day).
    expect(en).toMatch(/Report time \(after the alarm\)<\/td><td>1 min 0 s</);
    expect(en).not.toMatch(/>\d+:\d\d</);
    const [row] = report.exposure;
    expect(row!.slotFraction).toBeGreaterThan(1);
    expect(en).toContain(row!.slodFraction! >= 1 ? 'Above SLOD: life-threatening' : 'Above SLOT: serious injury likely');
    expect(zh).toContain(row!.slodFraction! >= 1 ? '超过 SLOD' : '超过 SLOT');
  });

  it('report notes are worded in the report language, and a cloud replaced every few seconds does not repeat its warning', () => {
    const run = new EvacuationRun({ scene: smallPlant(), mode: 'drill', runId: 'notes', seed: 1, profiles: { HURT: 'injured' } }, [{ badgeId: 'HURT', x: 10, y: 10 }]);
    const cloud = { id: 'cloud', kind: 'toxic_gas' as const, mode: 'traversable' as const, substance: 'lpg', concentrationPpm: 500, polygon: [[40, 0], [60, 0], [60, 10], [40, 10]] as [number, number][] };
    for (let k = 0; k < 5; k++) run.setHazards([cloud]);
    const report = run.report();
    expect(report.warnings.filter((w) => w.includes('"lpg"'))).toHaveLength(1);
    expect(report.notes).toEqual([
      { code: 'injuredNoHelper', agentId: 'HURT', radiusM: 60 },
      { code: 'noToxicLoadData', substance: 'lpg' },
    ]);
    const zh = renderEvacuationReportHtml(report, 'zh-CN');
    expect(zh).toContain('HURT 受伤，60 m 内无可协助人员：须派救援队。');
    expect(zh).toContain('lpg 无 HSE 毒性负荷数据');
    expect(zh).not.toContain('Haber\'s rule');
  });

  it('names substances in the report language from the scene (issue 12.7), the id only where the scene has none', () => {
    const run = new EvacuationRun({ scene: smallPlant(), mode: 'drill', runId: 'names', seed: 1 }, [{ badgeId: 'A', x: 10, y: 10 }]);
    const report = run.report();
    expect(report.names.substances).toEqual(Object.fromEntries(smallPlant().substances.map((s) => [s.id, s.name])));
    const named = { ...report, names: { ...report.names, substances: { lpg: { en: 'LPG', 'zh-CN': '液化石油气' } } }, notes: [{ code: 'noToxicLoadData' as const, substance: 'lpg' }] };
    expect(renderEvacuationReportHtml(named, 'zh-CN')).toContain('液化石油气 无 HSE 毒性负荷数据');
    expect(renderEvacuationReportHtml(named, 'en')).toContain('No HSE toxic-load data for LPG');
  });

  it('a muster point lost during a drill for good (closure without toS): nobody goes there, whoever stood there moves on', () => {
    const workers = [
      { badgeId: 'A', x: 6, y: 33 },
      { badgeId: 'B', x: 12, y: 30 },
    ];
    const run = new EvacuationRun({ scene: smallPlant(), mode: 'drill', runId: 'closure', seed: 2, premovementS: 0, closures: [{ musterPointId: 'MP-W', fromS: 5 }] }, workers);
    for (let k = 0; k < 5; k++) run.step(1);
    expect(run.snapshot().registeredAt[0]).toBe(0); // A reached MP-W before it was lost
    run.step(1);
    expect(run.snapshot().counts.accounted).toBe(0);
    for (let k = 0; k < 150 && run.snapshot().counts.accounted < 2; k++) run.step(1);
    const after = run.snapshot();
    expect(after.counts.accounted).toBe(2);
    expect([...after.registeredAt].map((k) => after.targets[k]!.id)).toEqual(['MP-E', 'MP-E']);
  });
});

