import { describe, expect, it } from 'vitest';
import { permitInput } from '../../tests/support/permitFixtures.js';
import { describePermitIssues, liftingGradeForMass, PERMIT_TYPES, PermitSchema } from './permits.js';

/** The message a client gets for a body, or undefined when it parses. */
function rejection(body: unknown): string | undefined {
  const result = PermitSchema.safeParse(body);
  return result.success ? undefined : describePermitIssues(result.error);
}

describe('the permit schema', () => {
  it('accepts a permit of each of the eight types, with defaults for its lists and state', () => {
    for (const type of PERMIT_TYPES) {
      const permit = PermitSchema.parse(permitInput(type));
      expect(permit.type).toBe(type);
      expect(permit.state).toBe('draft');
      expect(permit.gasTests).toEqual([]);
      expect(permit.signatures).toEqual([]);
    }
  });

  it('accepts a polygon location and refuses one of two vertices or too many', () => {
    expect(rejection(permitInput('confinedSpace', { location: { kind: 'polygon', polygon: [[0, 0], [4, 0], [4, 3]] } }))).toBeUndefined();
    expect(rejection(permitInput('confinedSpace', { location: { kind: 'polygon', polygon: [[0, 0], [4, 0]] } }))).toMatch(/location\.polygon: a polygon needs at least 3 vertices/);
    const huge = Array.from({ length: 201 }, (_, i) => [Math.cos(i), Math.sin(i)]);
    expect(rejection(permitInput('confinedSpace', { location: { kind: 'polygon', polygon: huge } }))).toMatch(/at most 200 vertices/);
  });

  it('refuses coordinates that are not plant metres', () => {
    expect(rejection(permitInput('hotWork', { location: { kind: 'point', point: [121_473_000, 31_230_000], zoneRadiusM: 5 } }))).toMatch(/location\.point: plant coordinates are metres/);
    expect(rejection(permitInput('hotWork', { location: { kind: 'point', point: [0, Number.NaN], zoneRadiusM: 5 } }))).toMatch(/location\.point/);
  });

  it('names the field of a missing or wrong type-specific value', () => {
    expect(rejection({ ...permitInput('hotWork'), grade: 'third' })).toMatch(/^grade: /);
    expect(rejection({ ...permitInput('hotWork'), type: 'welding' })).toMatch(/^type: /);
    const { heightM: _heightM, ...withoutHeight } = permitInput('workAtHeight') as Record<string, unknown>;
    expect(rejection(withoutHeight)).toMatch(/^heightM: /);
    expect(rejection(permitInput('workAtHeight', { heightM: 1.5 }))).toMatch(/heightM: work at height starts at 2 m/);
  });

  it('refuses unknown keys (a misspelt field must not vanish)', () => {
    expect(rejection(permitInput('hotWork', { watchr: { badgeId: 'B-9', name: 'x' } }))).toMatch(/watchr/);
  });

  it('bounds every text and list', () => {
    expect(rejection(permitInput('hotWork', { description: 'x'.repeat(2_001) }))).toMatch(/description: must be at most 2000 characters/);
    expect(rejection(permitInput('hotWork', { number: '' }))).toMatch(/number: must not be empty/);
    expect(rejection(permitInput('hotWork', { number: 'DH 0001' }))).toMatch(/number: must not contain spaces or slashes/);
    expect(rejection(permitInput('hotWork', { issuingUnit: 'unit\u0000' }))).toMatch(/issuingUnit: must not contain control characters/);
    expect(rejection(permitInput('hotWork', { entrantBadgeIds: Array.from({ length: 101 }, (_, i) => `B-${i}`) }))).toMatch(/entrantBadgeIds: at most 100 workers/);
    expect(rejection(permitInput('hotWork', { entrantBadgeIds: [] }))).toMatch(/entrantBadgeIds: a permit names at least one worker/);
    // A multi-line description keeps its line breaks.
    expect(rejection(permitInput('hotWork', { description: '第一步\n第二步' }))).toBeUndefined();
  });

  it('refuses a window that ends before it starts, and timestamps that are not epoch milliseconds', () => {
    const startMs = Date.parse('2026-12-07T01:00:00Z');
    expect(rejection(permitInput('hotWork', { window: { startMs, endMs: startMs } }))).toMatch(/window\.endMs: the window must end after it starts/);
    expect(rejection(permitInput('hotWork', { window: { startMs: startMs / 1_000, endMs: startMs / 1_000 + 3_600 } }))).toMatch(/window\.startMs: must be epoch milliseconds after 2000/);
  });

  it('refuses a listed badge twice and a watcher who is also a worker', () => {
    expect(rejection(permitInput('hotWork', { entrantBadgeIds: ['B-1', 'B-1'] }))).toMatch(/entrantBadgeIds: a badge is listed twice/);
    expect(rejection(permitInput('hotWork', { watcher: { badgeId: 'B-001', name: '王伟' } }))).toMatch(/watcher\.badgeId: the watcher must not be one of the workers/);
  });

  it('refuses a hot-work certificate of someone not working on the permit', () => {
    expect(rejection(permitInput('hotWork', { workerCertificates: [{ badgeId: 'B-001', certificateNo: 'T-1' }] }))).toBeUndefined();
    expect(rejection(permitInput('hotWork', { workerCertificates: [{ badgeId: 'B-404', certificateNo: 'T-1' }] }))).toMatch(/workerCertificates\.0\.badgeId: a certificate belongs to a worker/);
  });

  it('checks gas tests: a reading, percentages within 0–100, in time order', () => {
    const t = Date.parse('2026-12-07T01:00:00Z');
    expect(rejection(permitInput('confinedSpace', { gasTests: [{ takenAtMs: t, analystName: '赵敏' }] }))).toMatch(/gasTests\.0: a gas test needs at least one reading/);
    expect(rejection(permitInput('confinedSpace', { gasTests: [{ takenAtMs: t, oxygenPct: 120, analystName: '赵敏' }] }))).toMatch(/gasTests\.0\.oxygenPct/);
    const later = { takenAtMs: t + 60_000, oxygenPct: 20.9, analystName: '赵敏' };
    const earlier = { takenAtMs: t, oxygenPct: 20.9, combustibleLelPct: 0, toxic: [{ substance: 'H2S', ppm: 0 }], analystName: '赵敏' };
    expect(rejection(permitInput('confinedSpace', { gasTests: [earlier, later] }))).toBeUndefined();
    expect(rejection(permitInput('confinedSpace', { gasTests: [later, earlier] }))).toMatch(/gasTests\.1\.takenAtMs: gas tests must be in time order/);
  });

  it('grades a lift by its mass (GB 30871-2022 §9.1) and wants a plan for grades first and second', () => {
    expect([liftingGradeForMass(39.9), liftingGradeForMass(40), liftingGradeForMass(100), liftingGradeForMass(100.1)]).toEqual(['third', 'second', 'second', 'first']);
    expect(rejection(permitInput('lifting', { loadMassT: 45, grade: 'third' }))).toMatch(/grade: a 45 t load is a second grade lift/);
    expect(rejection(permitInput('lifting', { loadMassT: 45, grade: 'second', liftPlanApproved: false }))).toMatch(/liftPlanApproved: grade first and second lifts need an approved lifting plan/);
    expect(rejection(permitInput('lifting', { loadMassT: 45, grade: 'second', liftPlanApproved: true }))).toBeUndefined();
  });

  it('refuses a signature of an unknown action or role', () => {
    const signature = { action: 'submit', from: 'draft', to: 'submitted', user: 'li', role: 'operator', atMs: Date.parse('2026-12-07T01:00:00Z') };
    expect(rejection(permitInput('hotWork', { signatures: [signature] }))).toBeUndefined();
    expect(rejection(permitInput('hotWork', { signatures: [{ ...signature, role: 'contractor' }] }))).toMatch(/signatures\.0\.role/);
    expect(rejection(permitInput('hotWork', { signatures: [{ ...signature, action: 'sign' }] }))).toMatch(/signatures\.0\.action/);
  });
});
