import { describe, expect, it } from 'vitest';
import { RiskAssessmentSchema, RiskPointEntrySchema, type ControlFailure, type RiskAssessment } from '../contracts/index.js';
import { HazardsConfigSchema } from './hazardsConfig.js';
import { controlLevelSuffices, gradeAssessment, lecGrade, lecScore, liveRiskGrade, minimumControlLevel, mostSevereGrade } from './riskGrading.js';

const config = HazardsConfigSchema.parse({});
type LecAssessment = Extract<RiskAssessment, { method: 'lec' }>;
const lec = (likelihood: number, exposure: number, consequence: number) => RiskAssessmentSchema.parse({ method: 'lec', likelihood, exposure, consequence }) as LecAssessment;
const matrix = (likelihood: number, severity: number) => RiskAssessmentSchema.parse({ method: 'matrix', likelihood, severity });
const graded = (a: RiskAssessment, c = config) => {
  const r = gradeAssessment(a, c);
  return r.ok ? `${r.grade} ${r.score}` : r.code;
};

describe('LEC grading (D = L × E × C)', () => {
  it('multiplies the published scores and grades D by the class bounds', () => {
    // The textbook's stamping press without guards: 相当可能 6 × 每天 6 × 重伤 7 = 252, 高度危险.
    expect(graded(lec(6, 6, 7))).toBe('large 252');
    expect(graded(lec(10, 6, 7))).toBe('major 420');
    expect(graded(lec(3, 6, 7))).toBe('general 126');
    expect(graded(lec(3, 3, 7))).toBe('low 63');
    expect(graded(lec(10, 10, 100))).toBe('major 10000');
    expect(lecScore(lec(0.1, 0.5, 1))).toBe(0.05);
    expect(lecScore(lec(0.2, 3, 15))).toBe(9);
  });

  it('puts a D on a shared end in the higher class, and 320 itself in 较大 (the top class is "> 320")', () => {
    expect(lecGrade(321)).toBe('major');
    expect(lecGrade(320)).toBe('large');
    expect(lecGrade(160)).toBe('large');
    expect(lecGrade(159.99)).toBe('general');
    expect(lecGrade(70)).toBe('general');
    expect(lecGrade(69.99)).toBe('low');
    // 70 is reachable: 可能性小 1 × 连续暴露 10 × 重伤 7.
    expect(graded(lec(1, 10, 7))).toBe('general 70');
  });

  it('takes only the published scores', () => {
    expect(RiskAssessmentSchema.safeParse({ method: 'lec', likelihood: 2, exposure: 6, consequence: 7 }).success).toBe(false);
    expect(RiskAssessmentSchema.safeParse({ method: 'lec', likelihood: 6, exposure: 4, consequence: 7 }).success).toBe(false);
    expect(RiskAssessmentSchema.safeParse({ method: 'lec', likelihood: 6, exposure: 6, consequence: 50 }).success).toBe(false);
  });
});

describe('risk-matrix grading (R = likelihood × severity)', () => {
  it('grades the default 5 × 5 by its bands: 20–25 重大, 15–16 较大, 9–12 一般, below 低', () => {
    expect(graded(matrix(5, 5))).toBe('major 25');
    expect(graded(matrix(4, 5))).toBe('major 20');
    expect(graded(matrix(4, 4))).toBe('large 16');
    expect(graded(matrix(3, 5))).toBe('large 15');
    expect(graded(matrix(3, 4))).toBe('general 12');
    expect(graded(matrix(3, 3))).toBe('general 9');
    expect(graded(matrix(2, 4))).toBe('low 8');
    expect(graded(matrix(1, 1))).toBe('low 1');
  });

  it('refuses levels outside the configured matrix rather than clamping them', () => {
    expect(graded(matrix(6, 1))).toBe('ST_ERR_HAZARD_ASSESSMENT');
    expect(graded(matrix(1, 6))).toBe('ST_ERR_HAZARD_ASSESSMENT');
  });

  it('follows a site matrix of its own', () => {
    const site = HazardsConfigSchema.parse({ riskMatrix: { likelihoodLevels: 4, severityLevels: 4, majorFromScore: 12, largeFromScore: 8, generalFromScore: 4 } });
    expect(graded(matrix(3, 4), site)).toBe('major 12');
    expect(graded(matrix(2, 4), site)).toBe('large 8');
    expect(graded(matrix(1, 3), site)).toBe('low 3');
    expect(graded(matrix(5, 1), site)).toBe('ST_ERR_HAZARD_ASSESSMENT');
    // Bands must rise, and the top band must be reachable.
    expect(HazardsConfigSchema.safeParse({ riskMatrix: { likelihoodLevels: 5, severityLevels: 5, majorFromScore: 15, largeFromScore: 15, generalFromScore: 9 } }).success).toBe(false);
    expect(HazardsConfigSchema.safeParse({ riskMatrix: { likelihoodLevels: 3, severityLevels: 3, majorFromScore: 10, largeFromScore: 6, generalFromScore: 3 } }).success).toBe(false);
  });
});

describe('the live grade when a control fails', () => {
  const point = RiskPointEntrySchema.parse({
    id: 'RP-T201',
    name: 'T-201 甲醇储罐',
    areaId: 'tank-farm',
    equipmentIds: ['T-201'],
    hazards: [{ accident: 'fire', description: '甲醇泄漏遇点火源' }],
    controls: [
      { kind: 'engineering', description: '可燃气体检测报警', sensorIds: ['GD-301'] },
      { kind: 'engineering', description: '高液位联锁切断进料', interlockIds: ['LSHH-201'] },
      { kind: 'ppe', description: '防静电工作服' },
    ],
    responsible: { name: '孙磊', level: 'workshop' },
    assessment: { method: 'lec', likelihood: 3, exposure: 6, consequence: 7 },
    assessedAtMs: Date.parse('2026-01-10T00:00:00Z'),
    assessedBy: '安全部',
  });
  const commLoss = (sensorId: string, areaId?: string): ControlFailure => ({ kind: 'detectorCommLoss', sensorId, ...(areaId !== undefined && { areaId }) });

  it('is the assessed grade while every control works', () => {
    expect(liveRiskGrade(point, 'general', [])).toEqual({ grade: 'general', assessed: 'general', causes: [] });
  });

  it('goes one grade up for a detector of its area in comm loss or out of service, showing which', () => {
    expect(liveRiskGrade(point, 'general', [commLoss('GD-305', 'tank-farm')])).toEqual({ grade: 'large', assessed: 'general', causes: [commLoss('GD-305', 'tank-farm')] });
    const outOfService: ControlFailure = { kind: 'detectorOutOfService', sensorId: 'GD-306', areaId: 'tank-farm' };
    expect(liveRiskGrade(point, 'low', [outOfService]).grade).toBe('general');
    // A detector of another area, named by no measure, does not concern the point.
    expect(liveRiskGrade(point, 'general', [commLoss('GD-900', 'loading')]).grade).toBe('general');
  });

  it('counts a detector a measure names, wherever it stands, and an interlock a measure names when bypassed', () => {
    expect(liveRiskGrade(point, 'general', [commLoss('GD-301', 'pipe-rack')]).grade).toBe('large');
    expect(liveRiskGrade(point, 'large', [{ kind: 'interlockBypassed', interlockId: 'LSHH-201' }]).grade).toBe('major');
    expect(liveRiskGrade(point, 'large', [{ kind: 'interlockBypassed', interlockId: 'PSHH-900' }]).grade).toBe('large');
  });

  it('raises one grade for several failures, and keeps 重大 at 重大 with its causes listed', () => {
    const failures: ControlFailure[] = [commLoss('GD-301'), { kind: 'interlockBypassed', interlockId: 'LSHH-201' }];
    expect(liveRiskGrade(point, 'general', failures)).toMatchObject({ grade: 'large', causes: failures });
    expect(liveRiskGrade(point, 'major', failures)).toMatchObject({ grade: 'major', assessed: 'major', causes: failures });
  });

  it('colours an area by its worst point, and wants the control level of the grade', () => {
    expect(mostSevereGrade(['low', 'large', 'general'])).toBe('large');
    expect(mostSevereGrade([])).toBeUndefined();
    expect(['major', 'large', 'general', 'low'].map((g) => minimumControlLevel(g as never))).toEqual(['company', 'workshop', 'team', 'post']);
    expect(controlLevelSuffices('workshop', 'large')).toBe(true);
    expect(controlLevelSuffices('company', 'low')).toBe(true);
    expect(controlLevelSuffices('team', 'large')).toBe(false);
  });
});

describe('the risk point record', () => {
  const base = { id: 'RP-1', name: 'x', areaId: 'a', hazards: [{ accident: 'fire', description: 'd' }], controls: [{ kind: 'management', description: 'd' }], responsible: { name: 'n', level: 'team' }, assessment: { method: 'matrix', likelihood: 2, severity: 3 }, assessedAtMs: Date.parse('2026-01-10T00:00:00Z'), assessedBy: 'n' };
  it('needs a hazard and a control, refuses a device listed twice and unknown keys', () => {
    expect(RiskPointEntrySchema.safeParse(base).success).toBe(true);
    expect(RiskPointEntrySchema.safeParse({ ...base, hazards: [] }).success).toBe(false);
    expect(RiskPointEntrySchema.safeParse({ ...base, controls: [] }).success).toBe(false);
    expect(RiskPointEntrySchema.safeParse({ ...base, controls: [{ kind: 'engineering', description: 'd', sensorIds: ['GD-1', 'GD-1'] }] }).success).toBe(false);
    expect(RiskPointEntrySchema.safeParse({ ...base, grade: 'major' }).success).toBe(false);
    expect(RiskPointEntrySchema.safeParse({ ...base, id: 'RP 1/2' }).success).toBe(false);
  });
});
