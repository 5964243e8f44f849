import { afterAll, describe, expect, it } from 'vitest';
import { historianTestEngines } from '../../tests/support/historianEngines.js';
import { cst, HOUR_MS, permitOf } from '../../tests/support/permitFixtures.js';
import type { Permit, PermitSignature } from '../contracts/index.js';
import { HISTORIAN_MIGRATIONS, migrateHistorian } from './migrations.js';
import { PermitRecords } from './permitRecords.js';
import { localMonths, permitStatisticsCsv, queryPermitStatistics, type PermitStatsQuery } from './permitStats.js';

const DAY_MS = 86_400_000;
const DECEMBER = cst('2026-12-01T00:00:00');
const JANUARY = cst('2027-01-01T00:00:00');

type Step = [PermitSignature['action'], PermitSignature['to'], Partial<PermitSignature>?];
/** A signed trail from a draft: each step leaves the state the previous one reached, an hour apart from `atMs`. */
function trail(atMs: number, steps: Step[]): PermitSignature[] {
  let from: PermitSignature['from'] = 'draft';
  return steps.map(([action, to, extra], i) => {
    const step: PermitSignature = { action, from, to, user: 'li.ming', role: 'operator', atMs: atMs + i * HOUR_MS, ...extra };
    from = to;
    return step;
  });
}
const ISSUED: Step[] = [
  ['submit', 'submitted'],
  ['approve', 'approved', { user: 'zhang.wei', role: 'commander', authority: 'baseUnit' }],
];
const permit = (number: string, type: Permit['type'], startMs: number, steps: Step[], extra: Record<string, unknown> = {}): Permit => {
  const signatures = trail(startMs - 2 * HOUR_MS, steps);
  return permitOf(type, { number, window: { startMs, endMs: startMs + 4 * HOUR_MS }, signatures, state: signatures.at(-1)?.to ?? 'draft', ...extra });
};

describe.each(historianTestEngines())('permit statistics on $name', (engine) => {
  afterAll(() => engine.dispose());

  async function recordsWith(permits: readonly { permit: Permit; areaId: string | null }[]) {
    const { open } = await engine.fresh();
    const historian = await open();
    await migrateHistorian(historian.db, historian.engine);
    const records = new PermitRecords(historian.db);
    for (const { permit: p, areaId } of permits) {
      expect(await records.insert({ permit: p, source: 'import', createdBy: 'import', atMs: p.window.startMs - 3 * HOUR_MS, areaId, bounds: { minX: 0, minY: 0, maxX: 1, maxY: 1 } })).toBe(true);
    }
    return historian;
  }
  const query = (overrides: Partial<PermitStatsQuery> = {}): PermitStatsQuery => ({ fromMs: DECEMBER, toMs: JANUARY, asOfMs: JANUARY, utcOffsetMin: 480, reviewOverdueAfterMs: 7 * DAY_MS, ...overrides });

  it('counts issued permits of the range by type, grade, area, applying unit, contractor, state and local month; applications apart', async () => {
    const historian = await recordsWith([
      // 01:00 on 1 December in China is still 30 November in UTC: the month is local.
      { permit: permit('HW-1', 'hotWork', cst('2026-12-01T01:00:00'), [...ISSUED, ['start', 'inWork']], { grade: 'first' }), areaId: 'pipeRack' },
      { permit: permit('HW-2', 'hotWork', cst('2026-12-14T09:00:00'), [...ISSUED, ['start', 'inWork'], ['close', 'closed']]), areaId: 'pipeRack' },
      { permit: permit('CS-1', 'confinedSpace', cst('2026-12-20T09:00:00'), ISSUED, { contractor: undefined, issuingUnit: '二车间' }), areaId: 'unit1' },
      { permit: permit('LF-1', 'lifting', cst('2026-12-31T23:00:00'), ISSUED), areaId: null },
      // Not counted: an application not yet approved (pending), and permits outside the range.
      { permit: permit('HW-3', 'hotWork', cst('2026-12-15T09:00:00'), [['submit', 'submitted']]), areaId: 'pipeRack' },
      { permit: permit('HW-4', 'hotWork', cst('2026-11-30T23:00:00'), ISSUED), areaId: 'pipeRack' },
      { permit: permit('HW-5', 'hotWork', JANUARY, ISSUED), areaId: 'pipeRack' },
    ]);
    try {
      const { permits } = await queryPermitStatistics(historian.db, query());
      expect(permits).toEqual({
        total: 4,
        byType: [
          { type: 'hotWork', count: 2 },
          { type: 'confinedSpace', count: 1 },
          { type: 'lifting', count: 1 },
        ],
        byGrade: [
          { type: 'hotWork', grade: 'first', count: 1 },
          { type: 'hotWork', grade: 'second', count: 1 },
          { type: 'lifting', grade: 'third', count: 1 },
        ],
        byArea: [
          { areaId: 'pipeRack', count: 2 },
          { areaId: null, count: 1 },
          { areaId: 'unit1', count: 1 },
        ],
        byIssuingUnit: [
          { issuingUnit: '一车间', count: 3 },
          { issuingUnit: '二车间', count: 1 },
        ],
        byContractor: [
          { contractor: '华东安装公司', count: 3 },
          { contractor: null, count: 1 },
        ],
        byState: [
          { state: 'approved', count: 2 },
          { state: 'closed', count: 1 },
          { state: 'inWork', count: 1 },
        ],
        byMonth: [{ month: '2026-12', count: 4, byType: { hotWork: 2, confinedSpace: 1, lifting: 1 } }],
        pending: 1,
      });
      // Two local months: November's last hour and December.
      const wider = await queryPermitStatistics(historian.db, query({ fromMs: cst('2026-11-30T00:00:00') }));
      expect(wider.permits.byMonth).toEqual([
        { month: '2026-11', count: 1, byType: { hotWork: 1 } },
        { month: '2026-12', count: 4, byType: { hotWork: 2, confinedSpace: 1, lifting: 1 } },
      ]);
    } finally {
      await historian.close();
    }
  });

  it('counts suspensions of the range by coded reason, signed by the live checks or by a person, and by type', async () => {
    const start = cst('2026-12-10T09:00:00');
    const suspended = (reasonCode: PermitSignature['reasonCode'], role: PermitSignature['role']): Step => ['suspend', 'suspended', { reasonCode, role, user: role === 'system' ? 'system' : 'li.ming' }];
    const historian = await recordsWith([
      {
        permit: permit('HW-1', 'hotWork', start, [...ISSUED, ['start', 'inWork'], suspended('combustibleGasNearby', 'system'), ['resume', 'resumed', { note: '复测合格' }], suspended('weather', 'operator')]),
        areaId: 'pipeRack',
      },
      { permit: permit('HW-2', 'hotWork', start, [...ISSUED, ['start', 'inWork'], suspended('combustibleGasNearby', 'system')]), areaId: 'pipeRack' },
      { permit: permit('CS-1', 'confinedSpace', start, [...ISSUED, ['start', 'inWork'], suspended('oxygenOutOfRange', 'system')]), areaId: 'unit1' },
      // Signed before the range: not counted.
      { permit: permit('CS-2', 'confinedSpace', cst('2026-12-01T01:00:00'), [...ISSUED, ['start', 'inWork'], suspended('other', 'operator')]), areaId: 'unit1' },
    ]);
    try {
      const { suspensions } = await queryPermitStatistics(historian.db, query({ fromMs: cst('2026-12-05T00:00:00') }));
      expect(suspensions).toEqual({
        total: 4,
        byReason: [
          { reasonCode: 'combustibleGasNearby', count: 2, automatic: 2, manual: 0 },
          { reasonCode: 'oxygenOutOfRange', count: 1, automatic: 1, manual: 0 },
          { reasonCode: 'weather', count: 1, automatic: 0, manual: 1 },
        ],
        byType: [
          { type: 'hotWork', count: 3 },
          { type: 'confinedSpace', count: 1 },
        ],
      });
    } finally {
      await historian.close();
    }
  });

  it('lists closed permits not reviewed within the set time as overdue, as of the given instant', async () => {
    const asOfMs = cst('2026-12-28T12:00:00');
    // Each permit's close is its last step's time: start − 2 h + (steps − 1) h.
    const closed = (number: string, type: Permit['type'], closeMs: number, reviewed: boolean) => {
      const steps: Step[] = [...ISSUED, ['start', 'inWork'], ['close', 'closed'], ...(reviewed ? [['review', 'reviewed', { user: 'chen.jing', role: 'manager' }] as Step] : [])];
      return { permit: permit(number, type, closeMs - HOUR_MS, steps), areaId: 'pipeRack' };
    };
    const historian = await recordsWith([
      closed('OLD-1', 'hotWork', asOfMs - 10 * DAY_MS, false),
      closed('OLD-2', 'confinedSpace', asOfMs - 8 * DAY_MS, false),
      // Reviewed an hour after its close: done.
      closed('DONE', 'hotWork', asOfMs - 9 * DAY_MS, true),
      // Closed 6 days ago: not due yet.
      closed('RECENT', 'hotWork', asOfMs - 6 * DAY_MS, false),
    ]);
    try {
      const { overdueReviews } = await queryPermitStatistics(historian.db, query({ asOfMs }));
      expect(overdueReviews).toEqual({
        total: 2,
        byType: [
          { type: 'confinedSpace', count: 1 },
          { type: 'hotWork', count: 1 },
        ],
        permits: [
          { number: 'OLD-1', type: 'hotWork', areaId: 'pipeRack', closedAtMs: asOfMs - 10 * DAY_MS, overdueMs: 10 * DAY_MS },
          { number: 'OLD-2', type: 'confinedSpace', areaId: 'pipeRack', closedAtMs: asOfMs - 8 * DAY_MS, overdueMs: 8 * DAY_MS },
        ],
      });
      // As of the hour before DONE was reviewed, it was overdue too (a past range's figures do not change later).
      const before = await queryPermitStatistics(historian.db, query({ asOfMs: asOfMs - 9 * DAY_MS + HOUR_MS - 1, reviewOverdueAfterMs: HOUR_MS - 1 }));
      expect(before.overdueReviews.permits.map((p) => p.number)).toEqual(['OLD-1', 'DONE']);
    } finally {
      await historian.close();
    }
  });

  it('fills the grade, applying unit and contractor of permits filed before schema step 5 from their documents', async () => {
    const { open } = await engine.fresh();
    const historian = await open();
    try {
      await migrateHistorian(historian.db, historian.engine, HISTORIAN_MIGRATIONS.filter((m) => m.version <= 4));
      const old = permit('HW-OLD', 'hotWork', cst('2026-12-03T09:00:00'), ISSUED, { grade: 'special' });
      const row = { number: old.number, type: old.type, state: old.state, area_id: 'pipeRack', min_x: 0, min_y: 0, max_x: 1, max_y: 1, window_start_ms: old.window.startMs, window_end_ms: old.window.endMs, source: 'import', created_by: 'import', created_ms: 0, updated_ms: 0, revision: 1, document_json: JSON.stringify(old) };
      // A v4 table has none of the new columns: the row is written as a v4 build wrote it.
      await (historian.db as unknown as import('kysely').Kysely<{ permits: typeof row }>).insertInto('permits').values(row).execute();
      await migrateHistorian(historian.db, historian.engine);
      const stats = await queryPermitStatistics(historian.db, query());
      expect([stats.permits.byGrade, stats.permits.byIssuingUnit, stats.permits.byContractor]).toEqual([[{ type: 'hotWork', grade: 'special', count: 1 }], [{ issuingUnit: '一车间', count: 1 }], [{ contractor: '华东安装公司', count: 1 }]]);
    } finally {
      await historian.close();
    }
  });
});

describe('permit statistics as CSV and local months', () => {
  it('writes one long table, company names guarded against spreadsheet formulas', async () => {
    const empty = { total: 0, byType: [], byGrade: [], byArea: [], byIssuingUnit: [], byContractor: [], byState: [], byMonth: [], pending: 0 };
    const csv = permitStatisticsCsv({
      fromMs: DECEMBER,
      toMs: JANUARY,
      asOfMs: JANUARY,
      utcOffsetMin: 480,
      reviewOverdueAfterMs: 7 * DAY_MS,
      permits: { ...empty, total: 2, byType: [{ type: 'hotWork', count: 2 }], byGrade: [{ type: 'hotWork', grade: 'second', count: 2 }], byContractor: [{ contractor: '=HYPERLINK("x")', count: 2 }], byMonth: [{ month: '2026-12', count: 2, byType: { hotWork: 2 } }] },
      suspensions: { total: 1, byReason: [{ reasonCode: 'lelZoneReachesPermit', count: 1, automatic: 1, manual: 0 }], byType: [{ type: 'hotWork', count: 1 }] },
      overdueReviews: { total: 0, byType: [], permits: [] },
    });
    expect(csv.split('\r\n')).toEqual([
      'measure,breakdown,type,key,count',
      'permits,total,,,2',
      'permits,type,hotWork,,2',
      'permits,grade,hotWork,second,2',
      `permits,contractor,,"'=HYPERLINK(""x"")",2`,
      'permits,month,,2026-12,2',
      'permits,month,hotWork,2026-12,2',
      'pending,total,,,0',
      'suspensions,total,,,1',
      'suspensions,reason,,lelZoneReachesPermit,1',
      'suspensions,signedBy,,system,1',
      'suspensions,signedBy,,person,0',
      'suspensions,type,hotWork,,1',
      'overdueReviews,total,,,0',
      '',
    ]);
  });

  it('splits a range at local month starts', () => {
    expect(localMonths(cst('2026-11-15T00:00:00'), cst('2027-01-02T00:00:00'), 480)).toEqual([
      { label: '2026-11', startMs: cst('2026-11-15T00:00:00') },
      { label: '2026-12', startMs: DECEMBER },
      { label: '2027-01', startMs: JANUARY },
    ]);
    expect(localMonths(DECEMBER, JANUARY, 480).map((m) => m.label)).toEqual(['2026-12']);
  });
});
