import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { areaAt, CONTROL_MEASURE_KINDS, edgeDistanceM, HazardTicketSchema, isPointInPolygon, landmarksOf, SceneSchema, type RiskGrade } from '../contracts/index.js';
import { cst, hazardsConfig, HOUR_MS, MINUTE_MS } from '../../tests/support/hazardFixtures.js';
import { demoHazards, parseDemoHazardsFile, type DemoHazardsFile } from './demoHazards.js';
import { hazardTicketTiming } from './hazardTickets.js';
import { controlLevelSuffices, gradeAssessment, liveRiskGrade, mostSevereGrade } from './riskGrading.js';

const scene = SceneSchema.parse(JSON.parse(readFileSync(new URL('../../scenes/demo-plant/scene.json', import.meta.url), 'utf8')));
const text = readFileSync(new URL('../../scenes/demo-plant/demo-hazards.json', import.meta.url), 'utf8');
/** 14:30 local on Monday 7 December 2026 (UTC+8). */
const NOW = cst('2026-12-07T14:30:00');
const CST_MIN = 480;

function demoFile(): DemoHazardsFile {
  const parsed = parseDemoHazardsFile(text);
  if (!parsed.ok) throw new Error(parsed.problem);
  return parsed.file;
}
const load = (file = demoFile(), nowMs = NOW) => demoHazards(file, scene, { nowMs, utcOffsetMin: CST_MIN, config: hazardsConfig });
const gradeOf = (assessment: Parameters<typeof gradeAssessment>[0]): RiskGrade => {
  const graded = gradeAssessment(assessment, hazardsConfig);
  if (!graded.ok) throw new Error(graded.message);
  return graded.grade;
};

describe("the demo plant's double prevention (scenes/demo-plant/demo-hazards.json)", () => {
  it('parses and builds without a problem: a register, a plan per inspection class, five tickets', () => {
    const demo = load();
    expect(demo.problems).toEqual([]);
    expect(demo.riskPoints).toHaveLength(23);
    expect(demo.plans.map((p) => p.areaClass)).toEqual(['A', 'B', 'C']);
    expect(demo.tickets).toHaveLength(5);
    // Dated from now: the register was assessed 120 days before it.
    expect(new Set(demo.riskPoints.map((p) => p.assessedAtMs))).toEqual(new Set([NOW - 120 * 24 * HOUR_MS]));
  });

  it('has a risk point in every area the scene grades, and each area takes the grade of the scene (its worst point)', () => {
    const { riskPoints } = load();
    const graded = scene.areas.filter((a) => a.riskLevel !== undefined);
    expect(graded).toHaveLength(13);
    for (const area of graded) {
      const points = riskPoints.filter((p) => p.areaId === area.id);
      expect(points.length, area.id).toBeGreaterThan(0);
      expect(mostSevereGrade(points.map((p) => gradeOf(p.assessment))), area.id).toBe(area.riskLevel);
    }
    // The muster points carry no grade in the scene and none in the register: the two maps agree.
    const ungraded = new Set(scene.areas.filter((a) => a.riskLevel === undefined).map((a) => a.id));
    expect([...ungraded].sort()).toEqual(['muster1', 'muster2', 'muster3']);
    expect(riskPoints.filter((p) => ungraded.has(p.areaId))).toEqual([]);
  });

  it("keeps each point at a level its grade needs, with the five kinds of measure, on the scene's own equipment and detectors", () => {
    const { riskPoints } = load();
    const sensors = new Map(scene.sensors.map((s) => [s.id, s]));
    for (const point of riskPoints) {
      expect(controlLevelSuffices(point.responsible.level, gradeOf(point.assessment)), point.id).toBe(true);
      expect(new Set(point.controls.map((c) => c.kind)), point.id).toEqual(new Set(CONTROL_MEASURE_KINDS));
      for (const id of point.equipmentIds) {
        const e = scene.equipment.find((x) => x.id === id);
        expect(e && areaAt(scene, e.position.x, e.position.y), `${point.id} ${id}`).toBe(point.areaId);
      }
      // Detectors a measure relies on are the scene's gas, oxygen and smoke detectors.
      for (const id of point.controls.flatMap((c) => c.sensorIds)) expect(['gas', 'o2', 'smoke'], `${point.id} ${id}`).toContain(sensors.get(id)?.kind);
    }
    // A named detector's or interlock's failure re-grades its point: the LPG spheres' detectors, which the scene
    // files under the tank farm although the spheres stand in the LPG zone, are named by the spheres' measures.
    const lpg = riskPoints.find((p) => p.id === 'RP-LPG-01')!;
    expect(sensors.get('GD-S201-C1')?.areaId).toBe('tankFarm');
    const benzene = riskPoints.find((p) => p.id === 'RP-TF-02')!;
    expect(liveRiskGrade(benzene, gradeOf(benzene.assessment), [{ kind: 'detectorCommLoss', sensorId: 'GD-T101-C2', areaId: 'tankFarm' }]).grade).toBe('major');
    expect(liveRiskGrade(lpg, 'large', [{ kind: 'detectorOutOfService', sensorId: 'GD-S201-C1', areaId: 'tankFarm' }]).causes).toHaveLength(1);
    expect(liveRiskGrade(lpg, 'large', [{ kind: 'interlockBypassed', interlockId: 'SIS-S202-XV' }]).grade).toBe('major');
  });

  it("places each checkpoint inside the site and its plan's areas, 2–3 m beside real equipment, with 2–4 items", () => {
    const { plans, inspectors } = load();
    const equipment = landmarksOf(scene).filter((l) => l.kind === 'equipment');
    for (const plan of plans) {
      expect(plan.checkpoints.some((c) => c.items.some((i) => i.kind === 'reading')), plan.id).toBe(true);
      for (const c of plan.checkpoints) {
        const where = `${plan.id} ${c.id}`;
        expect(isPointInPolygon(c.point, scene.site.boundary), where).toBe(true);
        expect(plan.areaIds, where).toContain(areaAt(scene, c.point[0], c.point[1]));
        const nearestM = Math.min(...equipment.map((e) => edgeDistanceM(e, c.point[0], c.point[1])));
        expect(nearestM, where).toBeGreaterThanOrEqual(2);
        expect(nearestM, where).toBeLessThanOrEqual(3);
        expect(c.items.length, where).toBeGreaterThanOrEqual(2);
        expect(c.items.length, where).toBeLessThanOrEqual(4);
      }
    }
    // The badge that walks each plan is a scene badge holder's, operators and maintenance.
    for (const inspector of inspectors) {
      const person = scene.personnel.find((p) => p.badgeId === inspector.badgeId);
      expect(person?.displayName).toBe(inspector.name);
      expect(['operator', 'maintenance']).toContain(person?.role);
    }
  });

  it('opens the tickets through the rules: each reaches its state at its age, signed by named users', () => {
    const { tickets } = load();
    expect(tickets.map((t) => [t.number, t.state, t.grade, (NOW - t.reportedAtMs) / MINUTE_MS])).toEqual([
      ['DEMO-20261207-YH01', 'reported', 'general', 20],
      ['DEMO-20261207-YH02', 'accepted', 'general', 205],
      ['DEMO-20261207-YH03', 'rectifying', 'major', 330],
      ['DEMO-20261207-YH04', 'rectifying', 'general', 540],
      ['DEMO-20261207-YH05', 'awaitingVerification', 'general', 1200],
    ]);
    for (const t of tickets) expect(HazardTicketSchema.safeParse(t).success, t.number).toBe(true);
    const [fresh, accepted, major, rectifying, awaiting] = tickets as [(typeof tickets)[0], (typeof tickets)[0], (typeof tickets)[0], (typeof tickets)[0], (typeof tickets)[0]];
    // The major one: rectified, returned for rework, and overdue since 4 h after its report — escalated to the safety department.
    expect(major.signatures.map((s) => `${s.action}:${s.user}/${s.role}`)).toEqual(['report:张平/viewer', 'accept:周海峰/commander', 'assign:周海峰/commander', 'rectify:朱芳/operator', 'returnForRework:孙丽/manager']);
    expect(hazardTicketTiming(major, NOW, hazardsConfig)).toMatchObject({ deadlineMs: major.reportedAtMs + 4 * HOUR_MS, overdue: true, escalationLevel: 2 });
    // The others run within their time, or their clock is stopped for verification.
    for (const t of [fresh, accepted, rectifying]) expect(hazardTicketTiming(t, NOW, hazardsConfig), t.number).toMatchObject({ running: true, overdue: false, escalationLevel: 0 });
    expect(hazardTicketTiming(awaiting, NOW, hazardsConfig).running).toBe(false);
    expect(fresh.deadlineMs).toBeUndefined();
    expect(rectifying.assignee).toBe('林伟');
    expect(awaiting.media.map((m) => [m.stage, (NOW - m.takenAtMs) / MINUTE_MS])).toEqual([
      ['report', 1200],
      ['rectification', 50],
    ]);
    expect(accepted.source).toEqual({ kind: 'alarm', alarmId: 'GD-T103-C3:drift' });
  });

  it('keeps the ages whenever the demo starts: the next day the same tickets, numbered for that day, as old as before', () => {
    const later = NOW + 24 * HOUR_MS + 7 * MINUTE_MS;
    const today = load().tickets;
    const tomorrow = load(demoFile(), later).tickets;
    expect(tomorrow.map((t) => t.number)).toEqual(today.map((t) => t.number.replace('20261207', '20261208')));
    expect(tomorrow.map((t) => [later - t.reportedAtMs, t.state])).toEqual(today.map((t) => [NOW - t.reportedAtMs, t.state]));
  });

  it('tells what does not fit: a step the rules refuse, a state not reached, a place outside the scene; absolute times are refused', () => {
    const file = demoFile();
    const [first, , third] = file.tickets;
    const tampered: DemoHazardsFile = {
      ...file,
      riskPoints: [{ ...file.riskPoints[0]!, areaId: 'nowhere' }],
      tickets: [
        // Whoever rectified may not verify, whatever their role.
        { ...third!, steps: [...third!.steps.slice(0, 3), { agoMin: 10, by: { name: '朱芳', role: 'commander' }, request: { action: 'verify' } }] },
        { ...first!, state: 'closed' },
      ],
    };
    const { problems, tickets } = load(tampered);
    expect(tickets).toEqual([]);
    expect(problems).toEqual([
      'risk point RP-U1-01: no area nowhere in the scene',
      'risk point RP-U1-01: R-101 stands in unit1, not in nowhere',
      'risk point RP-U1-01: V-101 stands in unit1, not in nowhere',
      'ticket YH03: ST_ERR_HAZARD_SAME_PERSON: 朱芳 rectified this hidden danger and may not verify it',
      'ticket YH01: the steps reach reported, the file expects closed',
    ]);
    const absolute = JSON.parse(text) as { tickets: { steps: { request: Record<string, unknown> }[] }[] };
    absolute.tickets[1]!.steps[0]!.request['deadlineMs'] = NOW + HOUR_MS;
    const refused = parseDemoHazardsFile(JSON.stringify(absolute));
    expect(refused.ok ? 'parsed' : refused.problem).toMatch(/^demo-hazards\.json: tickets\.1\.steps\.0\.request: times in the demo file are ages/);
    const dated = JSON.parse(text) as { tickets: { report: { media: Record<string, unknown>[] } }[] };
    dated.tickets[0]!.report.media[0]!['takenAtMs'] = NOW;
    const undated = parseDemoHazardsFile(JSON.stringify(dated));
    expect(undated.ok ? 'parsed' : undated.problem).toMatch(/^demo-hazards\.json: tickets\.0\.report\.media\.0: Unrecognized key/);
    expect(parseDemoHazardsFile('{').ok).toBe(false);
  });
});
