import { describe, expect, it } from 'vitest';
import { MAX_HAZARD_PHOTOS_PER_STEP, type HazardSignature, type HazardTicket, type Point2 } from '@contracts';
import {
  downscaledSize,
  EMPTY_DRAFT,
  isReportPage,
  mapFrame,
  nextVoiceState,
  placeLabels,
  plantBounds,
  progressSteps,
  reportFromDraft,
  voiceSecondsLeft,
  voiceType,
  zoomedBounds,
  type ReportDraft,
  type VoiceState,
} from './reportModel.js';

const T0 = Date.UTC(2026, 11, 7, 1, 0);
const MIN = 60_000;
const photo = { ref: 'm-0001', kind: 'photo' as const, stage: 'report' as const, takenAtMs: T0 };

describe('the report page is reached at /report or ?page=report', () => {
  it('tells the report page from the control room', () => {
    expect(isReportPage({ pathname: '/report', search: '' })).toBe(true);
    expect(isReportPage({ pathname: '/report/', search: '?x=1' })).toBe(true);
    expect(isReportPage({ pathname: '/', search: '?page=report' })).toBe(true);
    expect(isReportPage({ pathname: '/index.html', search: '?page=report&layout=a' })).toBe(true);
    expect(isReportPage({ pathname: '/', search: '' })).toBe(false);
    expect(isReportPage({ pathname: '/reports', search: '?view=alarms' })).toBe(false);
  });
});

describe('photos are downscaled to 1600 px on the long side', () => {
  it('scales a phone photo down, aspect kept, and leaves a small one as it is', () => {
    expect(downscaledSize(4032, 3024)).toEqual({ widthPx: 1600, heightPx: 1200 });
    expect(downscaledSize(3024, 4032)).toEqual({ widthPx: 1200, heightPx: 1600 });
    expect(downscaledSize(8000, 6000)).toEqual({ widthPx: 1600, heightPx: 1200 });
    expect(downscaledSize(1280, 720)).toEqual({ widthPx: 1280, heightPx: 720 });
    expect(downscaledSize(1600, 1600)).toEqual({ widthPx: 1600, heightPx: 1600 });
    expect(downscaledSize(1601, 1000)).toEqual({ widthPx: 1600, heightPx: 999 });
    // A panorama strip keeps at least one pixel across.
    expect(downscaledSize(100_000, 10)).toEqual({ widthPx: 1600, heightPx: 1 });
    expect(() => downscaledSize(0, 100)).toThrow(RangeError);
    expect(() => downscaledSize(Number.NaN, 100)).toThrow(RangeError);
  });
});

describe('the draft becomes a HazardReport the core accepts', () => {
  const filled: ReportDraft = { ...EMPTY_DRAFT, kind: 'leak', description: '  P-101 出口法兰滴漏  ', media: [photo], place: { placedBy: 'pin', point: [120.5, 40.25] } };

  it('says what is missing on an empty form', () => {
    expect(reportFromDraft(EMPTY_DRAFT)).toEqual({ ok: false, problems: ['kind', 'description', 'place'] });
    expect(reportFromDraft({ ...filled, description: '   ' })).toEqual({ ok: false, problems: ['description'] });
  });

  it('makes a pinned phone report, texts trimmed, general by default, with its photos', () => {
    const result = reportFromDraft(filled);
    expect(result).toEqual({
      ok: true,
      report: { source: { kind: 'phone' }, location: { point: [120.5, 40.25], floor: 0, placedBy: 'pin' }, kind: 'leak', grade: 'general', description: 'P-101 出口法兰滴漏', media: [photo] },
    });
  });

  it('asks a major proposal for its basis, and sends it only with a major grade', () => {
    expect(reportFromDraft({ ...filled, grade: 'major', majorBasis: ' ' })).toEqual({ ok: false, problems: ['majorBasis'] });
    const major = reportFromDraft({ ...filled, grade: 'major', majorBasis: '安监总管三〔2017〕121号 第十条' });
    expect(major.ok && major.report.majorBasis).toBe('安监总管三〔2017〕121号 第十条');
    const general = reportFromDraft({ ...filled, majorBasis: 'typed, then general chosen again' });
    expect(general.ok && general.report.majorBasis).toBeUndefined();
  });

  it('places by badge with the badge and its floor', () => {
    const result = reportFromDraft({ ...filled, place: { placedBy: 'badge', point: [10, 20], floor: 2, badgeId: 'BDG-1001' } });
    expect(result.ok && result.report.location).toEqual({ point: [10, 20], floor: 2, placedBy: 'badge' });
    expect(result.ok && result.report.badgeId).toBe('BDG-1001');
  });

  it('refuses what the contract refuses: too many photos, a text over its length, a point off the site', () => {
    expect(reportFromDraft({ ...filled, media: Array.from({ length: MAX_HAZARD_PHOTOS_PER_STEP + 1 }, (_, i) => ({ ...photo, ref: `m-${i}` })) })).toEqual({ ok: false, problems: ['media'] });
    expect(reportFromDraft({ ...filled, description: 'x'.repeat(100_000) })).toEqual({ ok: false, problems: ['description'] });
    expect(reportFromDraft({ ...filled, place: { placedBy: 'pin', point: [1e7, 0] } })).toEqual({ ok: false, problems: ['place'] });
  });
});

const sign = (action: HazardSignature['action'], from: HazardSignature['from'], to: HazardSignature['to'], atMs: number, extra: Partial<HazardSignature> = {}): HazardSignature => ({ action, from, to, user: '', role: 'commander', atMs, ...extra });
const ticketWith = (signatures: HazardSignature[], extra: Partial<HazardTicket> = {}) => ({ state: signatures.at(-1)!.to, signatures, ...extra });
const reported = sign('report', null, 'reported', T0);

describe('the reporter sees the progress as steps 上报 → 受理 → 整改中 → 待验收 → 已销号', () => {
  it('marks where the ticket stands, with when it got to each step passed', () => {
    expect(progressSteps(ticketWith([reported]))).toEqual({
      steps: [
        { state: 'reported', status: 'current', atMs: T0 },
        { state: 'accepted', status: 'todo' },
        { state: 'rectifying', status: 'todo' },
        { state: 'awaitingVerification', status: 'todo' },
        { state: 'closed', status: 'todo' },
      ],
      reworks: 0,
    });
    const rectifying = ticketWith([reported, sign('accept', 'reported', 'accepted', T0 + MIN), sign('assign', 'accepted', 'rectifying', T0 + 2 * MIN)]);
    expect(progressSteps(rectifying).steps.map((s) => [s.state, s.status, s.atMs])).toEqual([
      ['reported', 'done', T0],
      ['accepted', 'done', T0 + MIN],
      ['rectifying', 'current', T0 + 2 * MIN],
      ['awaitingVerification', 'todo', undefined],
      ['closed', 'todo', undefined],
    ]);
  });

  it('shows every step done once closed', () => {
    const closed = ticketWith([
      reported,
      sign('accept', 'reported', 'accepted', T0 + MIN),
      sign('assign', 'accepted', 'rectifying', T0 + 2 * MIN),
      sign('rectify', 'rectifying', 'awaitingVerification', T0 + 3 * MIN),
      sign('verify', 'awaitingVerification', 'closed', T0 + 4 * MIN),
    ]);
    expect(progressSteps(closed).steps.every((s) => s.status === 'done' && s.atMs !== undefined)).toBe(true);
  });

  it('goes back to 整改中 on a rework, counting it, the later entry its time', () => {
    const reworked = ticketWith([
      reported,
      sign('accept', 'reported', 'accepted', T0 + MIN),
      sign('assign', 'accepted', 'rectifying', T0 + 2 * MIN),
      sign('rectify', 'rectifying', 'awaitingVerification', T0 + 3 * MIN),
      sign('returnForRework', 'awaitingVerification', 'rectifying', T0 + 4 * MIN, { note: '仍有渗漏' }),
    ]);
    const { steps, reworks } = progressSteps(reworked);
    expect(reworks).toBe(1);
    expect(steps[2]).toEqual({ state: 'rectifying', status: 'current', atMs: T0 + 4 * MIN });
    expect(steps[3]).toEqual({ state: 'awaitingVerification', status: 'todo' });
  });

  it('shows 上报 then 已驳回 with the reason: the ticket it duplicates, or the note', () => {
    const duplicate = progressSteps(ticketWith([reported, sign('reject', 'reported', 'rejected', T0 + MIN, { rejectReason: 'duplicate', duplicateOf: 'HD-20261207-001' })], { duplicateOf: 'HD-20261207-001' }));
    expect(duplicate.steps).toEqual([
      { state: 'reported', status: 'done', atMs: T0 },
      { state: 'rejected', status: 'done', atMs: T0 + MIN },
    ]);
    expect(duplicate.rejection).toEqual({ reason: 'duplicate', duplicateOf: 'HD-20261207-001' });
    const invalid = progressSteps(ticketWith([reported, sign('reject', 'reported', 'rejected', T0 + MIN, { rejectReason: 'invalid', note: '属正常排放' })]));
    expect(invalid.rejection).toEqual({ reason: 'invalid', note: '属正常排放' });
  });
});

describe('the voice note recorder', () => {
  it('records, stops, keeps the uploaded ref, deletes; a minute at most', () => {
    let state: VoiceState = { phase: 'idle' };
    state = nextVoiceState(state, { type: 'start', atMs: T0 });
    expect(state).toEqual({ phase: 'recording', startedMs: T0 });
    expect(voiceSecondsLeft(state, T0 + 15_000)).toBe(45);
    expect(voiceSecondsLeft(state, T0 + 90_000)).toBe(0);
    // A second start while recording changes nothing.
    expect(nextVoiceState(state, { type: 'start', atMs: T0 + 1 })).toBe(state);
    state = nextVoiceState(state, { type: 'stop', atMs: T0 + 61_500 });
    expect(state).toEqual({ phase: 'recorded', durationS: 60, ref: null });
    expect(voiceSecondsLeft(state, T0)).toBeNull();
    state = nextVoiceState(state, { type: 'uploaded', ref: 'm-0002' });
    expect(state).toEqual({ phase: 'recorded', durationS: 60, ref: 'm-0002' });
    expect(nextVoiceState(state, { type: 'start', atMs: T0 })).toBe(state);
    expect(nextVoiceState(state, { type: 'delete' })).toEqual({ phase: 'idle' });
    expect(nextVoiceState({ phase: 'idle' }, { type: 'stop', atMs: T0 })).toEqual({ phase: 'idle' });
    const denied = nextVoiceState({ phase: 'idle' }, { type: 'denied' });
    expect(nextVoiceState(denied, { type: 'start', atMs: T0 })).toEqual({ phase: 'recording', startedMs: T0 });
  });

  it('asks for WebM, Ogg, then MP4, and uploads the bare type', () => {
    expect(voiceType((t) => t.startsWith('audio/webm'))).toEqual({ record: 'audio/webm;codecs=opus', upload: 'audio/webm' });
    expect(voiceType((t) => t === 'audio/ogg')).toEqual({ record: 'audio/ogg', upload: 'audio/ogg' });
    expect(voiceType((t) => t === 'audio/mp4')).toEqual({ record: 'audio/mp4', upload: 'audio/mp4' });
    expect(voiceType(() => false)).toBeNull();
  });
});

describe('the small site map', () => {
  const bounds = plantBounds([
    [
      [0, 0],
      [400, 0],
      [400, 200],
    ],
    [
      [-100, 50],
      [0, 300],
    ],
  ])!;

  it('fits the areas north up, one scale, and a tap lands where the pin is drawn', () => {
    expect(bounds).toEqual({ minX: -100, minY: 0, maxX: 400, maxY: 300 });
    const frame = mapFrame(bounds, 358, 300, 8);
    expect(frame.pixelsPerMetre).toBeCloseTo((358 - 16) / 500);
    const [x, y] = frame.toPx([-100, 0]);
    expect(x).toBeCloseTo(8);
    // South-west corner at the bottom, north up.
    expect(y).toBeGreaterThan(frame.toPx([-100, 300])[1]);
    for (const point of [[0, 0], [123.4, 56.7], [400, 300]] as Point2[]) {
      const back = frame.toPlant(frame.toPx(point));
      expect(back[0]).toBeCloseTo(point[0]);
      expect(back[1]).toBeCloseTo(point[1]);
    }
    expect(plantBounds([])).toBeNull();
  });

  it('zooms in on the pin, kept inside the plant', () => {
    expect(zoomedBounds(bounds, 1, [0, 0])).toBe(bounds);
    expect(zoomedBounds(bounds, 4, [150, 150])).toEqual({ minX: 87.5, minY: 112.5, maxX: 212.5, maxY: 187.5 });
    // Near a corner the window stops at the plant's edge.
    expect(zoomedBounds(bounds, 4, [-100, 0])).toEqual({ minX: -100, minY: 0, maxX: 25, maxY: 75 });
    expect(zoomedBounds(bounds, 2, null)).toEqual({ minX: 25, minY: 75, maxX: 275, maxY: 225 });
  });

  it('places area names without overlap, inside the map, larger areas first', () => {
    const box = (x: number, y: number, widthPx = 60) => ({ x, y, widthPx, heightPx: 16 });
    expect(
      placeLabels(
        [
          box(100, 100),
          // Overlaps the first: left out.
          box(130, 108),
          // Beside it with room: kept.
          box(170, 100),
          // Over the left edge: pulled inside.
          box(10, 200),
          // Wider than the map: left out.
          box(150, 250, 400),
          // Its area far off this part of the map (zoomed in): left out, not pulled in.
          box(-200, 150),
        ],
        358,
        268,
      ),
    ).toEqual([box(100, 100), null, box(170, 100), box(30, 200), null, null]);
  });
});
