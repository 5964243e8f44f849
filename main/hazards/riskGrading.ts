import { RISK_CONTROL_LEVELS, RISK_GRADES, type ControlFailure, type RiskAssessment, type RiskControlLevel, type RiskGrade, type RiskPointEntry } from '../contracts/index.js';
import type { HazardsConfig } from './hazardsConfig.js';

/**
 * LEC's class bounds on D (Graham & Kinney 1976, as Chinese safety-assessment textbooks print them):
 * D > 320 极其危险 (stop), 160–320 高度危险 (fix at once), 70–160 显著危险 (fix), 20–70 一般危险 (watch),
 * < 20 稍有危险. Four-colour grading takes the first three as 重大/较大/一般 and everything below 70 as 低.
 * The printed ranges share their ends; a D on a shared end takes the higher class (160 is 较大, 70 一般),
 * and 320 itself is 较大 (the top class is "> 320").
 */
export const LEC_BOUNDS = { majorAbove: 320, largeFrom: 160, generalFrom: 70 } as const;

export type RiskGrading = { grade: RiskGrade; method: RiskAssessment['method']; score: number };
export type RiskGradingResult = ({ ok: true } & RiskGrading) | { ok: false; code: 'ST_ERR_HAZARD_ASSESSMENT'; message: string };

/** D = L × E × C, rounded to the published scores' precision (0.1 × 0.5 × 1 is 0.05). */
export function lecScore(a: Extract<RiskAssessment, { method: 'lec' }>): number {
  return Math.round(a.likelihood * a.exposure * a.consequence * 100) / 100;
}

export function lecGrade(score: number): RiskGrade {
  if (score > LEC_BOUNDS.majorAbove) return 'major';
  if (score >= LEC_BOUNDS.largeFrom) return 'large';
  if (score >= LEC_BOUNDS.generalFrom) return 'general';
  return 'low';
}

/** The grade of an assessment under the site's matrix; levels beyond the matrix are refused, not clamped. */
export function gradeAssessment(assessment: RiskAssessment, config: Pick<HazardsConfig, 'riskMatrix'>): RiskGradingResult {
  if (assessment.method === 'lec') {
    const score = lecScore(assessment);
    return { ok: true, method: 'lec', score, grade: lecGrade(score) };
  }
  const m = config.riskMatrix;
  if (assessment.likelihood > m.likelihoodLevels || assessment.severity > m.severityLevels) {
    return { ok: false, code: 'ST_ERR_HAZARD_ASSESSMENT', message: `likelihood ${assessment.likelihood} × severity ${assessment.severity} lies outside the ${m.likelihoodLevels} × ${m.severityLevels} risk matrix` };
  }
  const score = assessment.likelihood * assessment.severity;
  const grade: RiskGrade = score >= m.majorFromScore ? 'major' : score >= m.largeFromScore ? 'large' : score >= m.generalFromScore ? 'general' : 'low';
  return { ok: true, method: 'matrix', score, grade };
}

export type LiveRiskGrade = {
  /** The grade the map shows: the assessed one, one step up when a control has failed. */
  grade: RiskGrade;
  assessed: RiskGrade;
  /** The failures that raised it (empty when none); 重大 has no higher grade and stays 重大 with its causes listed. */
  causes: ControlFailure[];
};

/**
 * A risk point's live grade (issue 18: the map re-grades itself when a control fails, showing why). Its
 * controls are assumed to work when it is assessed; while one does not — a detector of the point's area, or
 * one a measure names, in comm loss or out of service, or an interlock a measure names bypassed — the point
 * is one grade up (低 → 一般 → 较大 → 重大). One step whatever the number of failures, as GB 30871-2022
 * §5.1.1 upgrades hot work one grade for night and holiday together: the assessment is not redone by a rule,
 * the step says "re-assess". The one-step rule is this project's, not a standard's.
 */
export function liveRiskGrade(point: Pick<RiskPointEntry, 'areaId' | 'controls'>, assessed: RiskGrade, failures: readonly ControlFailure[]): LiveRiskGrade {
  const causes = failures.filter((failure) => failureConcerns(point, failure));
  if (causes.length === 0) return { grade: assessed, assessed, causes };
  return { grade: RISK_GRADES[Math.max(0, RISK_GRADES.indexOf(assessed) - 1)]!, assessed, causes };
}

function failureConcerns(point: Pick<RiskPointEntry, 'areaId' | 'controls'>, failure: ControlFailure): boolean {
  if (failure.kind === 'interlockBypassed') return point.controls.some((c) => c.interlockIds.includes(failure.interlockId));
  return failure.areaId === point.areaId || point.controls.some((c) => c.sensorIds.includes(failure.sensorId));
}

/** The most severe of grades (an area on the four-colour map takes its worst point's grade), or undefined for none. */
export function mostSevereGrade(grades: Iterable<RiskGrade>): RiskGrade | undefined {
  let worst: number | undefined;
  for (const grade of grades) {
    const i = RISK_GRADES.indexOf(grade);
    if (worst === undefined || i < worst) worst = i;
  }
  return worst === undefined ? undefined : RISK_GRADES[worst];
}

/**
 * The level that keeps a grade under control at least (分级管控: the higher the risk, the higher the level):
 * 重大 company, 较大 workshop, 一般 team, 低 post — the usual assignment of the provincial guides (not checked
 * against a standard's text here).
 */
export function minimumControlLevel(grade: RiskGrade): RiskControlLevel {
  return RISK_CONTROL_LEVELS[RISK_GRADES.indexOf(grade)]!;
}

/** Whether a point's responsible level is high enough for its grade (a company-level owner may keep a low risk). */
export function controlLevelSuffices(level: RiskControlLevel, grade: RiskGrade): boolean {
  return RISK_CONTROL_LEVELS.indexOf(level) <= RISK_CONTROL_LEVELS.indexOf(minimumControlLevel(grade));
}
