import { DISPOSITIONS, type AlarmCondition, type AlarmSourceKind, type Disposition, type DispositionGroupStats, type DispositionStats } from '../contracts/index.js';

/** One warning as the statistics need it (the desk's record, the camera rule and model behind a camera alarm). */
export type DispositionRow = {
  warningId: string;
  alarmId: string;
  sourceId: string;
  sourceKind: AlarmSourceKind;
  condition: AlarmCondition;
  raisedAtMs: number;
  acknowledgedAtMs?: number;
  clearedAtMs?: number;
  disposition?: Disposition;
  cameraRuleId?: string;
  modelId?: string;
};

type Counts = Record<Disposition, number> & { warnings: number };

function emptyCounts(): Counts {
  return { warnings: 0, real: 0, nuisance: 0, false: 0, test: 0, maintenance: 0 };
}

function add(counts: Counts, row: DispositionRow): void {
  counts.warnings += 1;
  if (row.disposition !== undefined) counts[row.disposition] += 1;
}

/** false / (real + nuisance + false): test and maintenance are not plant events. Null when none of the three. */
function rate(part: number, c: Counts): number | null {
  const plantEvents = c.real + c.nuisance + c.false;
  return plantEvents === 0 ? null : part / plantEvents;
}

function groupStats(key: string, c: Counts): DispositionGroupStats {
  const disposed = DISPOSITIONS.reduce((sum, d) => sum + c[d], 0);
  return { key, warnings: c.warnings, disposed, real: c.real, nuisance: c.nuisance, false: c.false, test: c.test, maintenance: c.maintenance, falseAlarmRate: rate(c.false, c), nuisanceRate: rate(c.nuisance, c) };
}

/** Groups, the most false alarms first (what a manager looks at), then the most warnings, then by key. */
function grouped(rows: readonly DispositionRow[], keyOf: (row: DispositionRow) => string | undefined): DispositionGroupStats[] {
  const groups = new Map<string, Counts>();
  for (const row of rows) {
    const key = keyOf(row);
    if (key === undefined) continue;
    let counts = groups.get(key);
    if (!counts) groups.set(key, (counts = emptyCounts()));
    add(counts, row);
  }
  return [...groups].map(([key, c]) => groupStats(key, c)).sort((a, b) => b.false - a.false || b.warnings - a.warnings || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

function meanMs(spans: number[]): number | null {
  return spans.length === 0 ? null : spans.reduce((s, v) => s + v, 0) / spans.length;
}

/**
 * The disposition statistics of the warnings raised in [fromMs, toMs] (contract DispositionStats): false-alarm
 * and nuisance rates over real + nuisance + false, MTTA (raised → acknowledged) and MTTR (raised → cleared)
 * over the warnings that got there, per detector (sensor alarms, by sensor id), per camera rule and per model.
 */
export function dispositionStats(rows: readonly DispositionRow[], fromMs: number, toMs: number): DispositionStats {
  const inRange = rows.filter((r) => r.raisedAtMs >= fromMs && r.raisedAtMs <= toMs);
  const all = emptyCounts();
  for (const row of inRange) add(all, row);
  return {
    fromMs,
    toMs,
    warnings: all.warnings,
    undisposed: inRange.filter((r) => r.disposition === undefined).length,
    mttaMs: meanMs(inRange.flatMap((r) => (r.acknowledgedAtMs === undefined ? [] : [r.acknowledgedAtMs - r.raisedAtMs]))),
    mttrMs: meanMs(inRange.flatMap((r) => (r.clearedAtMs === undefined ? [] : [r.clearedAtMs - r.raisedAtMs]))),
    falseAlarmRate: rate(all.false, all),
    byDetector: grouped(inRange, (r) => (r.sourceKind === 'sensor' ? r.sourceId : undefined)),
    byCameraRule: grouped(inRange, (r) => r.cameraRuleId),
    byModel: grouped(inRange, (r) => r.modelId),
  };
}
