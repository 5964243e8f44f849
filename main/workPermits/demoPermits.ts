import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { describePermitIssues, PermitAuthoritySchema, PermitSchema, type Permit, type PermitSignature, type SessionUser } from '../contracts/index.js';
import type { LiveHub } from '../live/index.js';
import type { Logger } from '../log/index.js';
import type { PermitRegister } from './PermitRegister.js';

/**
 * The demo plant's simulated permits (issue 17 item 5): a file beside the scene, read only when the core
 * runs its embedded simulator (never on a plant's broker) and `permits.demoPermits` is on. Each permit's
 * window is relative to the core's start, its number carries the local date (`DEMO-20261207-DH01`): a
 * restart the same day finds them filed and files nothing (idempotent); the next day's start files the
 * day's permits and closes the earlier days' demo permits still open. They are filed as imports from a
 * permit system, their signed trail (submit, approve, start) signed by the demo's system user.
 */
export const DEMO_PERMITS_FILE = 'demo-permits.json';
export const DEMO_PERMIT_PREFIX = 'DEMO-';
/** Who files and closes the demo's permits: not a person (the trail's role is `system`); may operate permits to close old ones. */
export const DEMO_PERMIT_USER: SessionUser = { name: 'safetwin-demo', role: 'admin', implicit: false };
/** The demo file is a handful of permits; anything larger is not one. */
const MAX_DEMO_PERMITS = 20;
const MINUTE_MS = 60_000;
const DAY_MINUTES = 24 * 60;

/** A gas analysis (GasTestSchema's fields, checked with the permit) taken `offsetMin` minutes from the core's start. */
const DemoGasTestSchema = z.object({ offsetMin: z.number().int().min(-DAY_MINUTES).max(0) }).catchall(z.unknown());

const DemoPermitSchema = z
  .strictObject({
    /** The number after `DEMO-<local date>-`. */
    id: z.string().regex(/^[A-Z0-9]{1,16}$/, 'an id is 1–16 capital letters and digits'),
    /** The window, minutes from the core's start; a permit in work has begun (start ≤ 0). */
    startOffsetMin: z.number().int().min(-DAY_MINUTES).max(DAY_MINUTES),
    durationMin: z.number().int().min(1).max(30 * DAY_MINUTES),
    /** The state it starts in: approved (to be started by an operator) or in work. */
    state: z.enum(['approved', 'inWork']),
    /** The level its approval is signed for (GB 30871-2022 table B.1). */
    approvedFor: PermitAuthoritySchema,
    /** Its gas analyses, minutes from the core's start (at or before it). */
    gasTests: z.array(DemoGasTestSchema).max(10).default([]),
    /** The permit's own fields (type, location, people, units, …); checked by the permit schema once numbered. */
    permit: z.record(z.string(), z.unknown()),
  })
  .refine((p) => p.state !== 'inWork' || p.startOffsetMin <= 0, { message: 'a permit in work has begun: startOffsetMin ≤ 0', path: ['startOffsetMin'] });

export const DemoPermitsFileSchema = z.strictObject({
  format: z.literal('safetwin-demo-permits'),
  version: z.literal(1),
  permits: z.array(DemoPermitSchema).max(MAX_DEMO_PERMITS),
});
export type DemoPermitsFile = z.infer<typeof DemoPermitsFileSchema>;

/** The local date of an instant as YYYYMMDD. */
function localDate(ms: number, utcOffsetMin: number): string {
  return new Date(ms + utcOffsetMin * MINUTE_MS).toISOString().slice(0, 10).replaceAll('-', '');
}

/** The permits of the file as of a start: numbered for the local day, windows and gas tests placed, the signed trail built. */
export function demoPermits(file: DemoPermitsFile, startMs: number, utcOffsetMin: number): { permits: Permit[]; problems: string[] } {
  const day = localDate(startMs, utcOffsetMin);
  const permits: Permit[] = [];
  const problems: string[] = [];
  for (const demo of file.permits) {
    const startAt = startMs + demo.startOffsetMin * MINUTE_MS;
    const sign = (action: PermitSignature['action'], from: PermitSignature['from'], to: PermitSignature['to'], atMs: number, extra: Partial<PermitSignature> = {}): PermitSignature => ({
      action,
      from,
      to,
      user: DEMO_PERMIT_USER.name,
      role: 'system',
      atMs,
      ...extra,
    });
    // Applied and approved before the work starts; started when the window opens.
    const signatures = [sign('submit', 'draft', 'submitted', startAt - 40 * MINUTE_MS), sign('approve', 'submitted', 'approved', startAt - 20 * MINUTE_MS, { authority: demo.approvedFor })];
    if (demo.state === 'inWork') signatures.push(sign('start', 'approved', 'inWork', startAt));
    const parsed = PermitSchema.safeParse({
      ...demo.permit,
      number: `${DEMO_PERMIT_PREFIX}${day}-${demo.id}`,
      window: { startMs: startAt, endMs: startAt + demo.durationMin * MINUTE_MS },
      gasTests: demo.gasTests.map(({ offsetMin, ...reading }) => ({ ...reading, takenAtMs: startMs + offsetMin * MINUTE_MS })),
      state: demo.state,
      signatures,
    });
    if (parsed.success) permits.push(parsed.data);
    else problems.push(`${demo.id}: ${describePermitIssues(parsed.error)}`);
  }
  return { permits, problems };
}

/**
 * Resolves once each badge has reported a position at or after `sinceMs` (the simulator's next RTLS report
 * after it placed them), or after `timeoutMs` whatever has arrived: a demo without them still starts.
 */
export async function badgesReported(hub: Pick<LiveHub, 'workerPositions'>, badgeIds: readonly string[], sinceMs: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const fresh = new Set(hub.workerPositions().flatMap((w) => (w.tsMs >= sinceMs ? [w.badgeId] : [])));
    if (badgeIds.every((b) => fresh.has(b))) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Reads the demo file beside a scene: null when there is none. */
export async function readDemoPermitsFile(scenePath: string): Promise<{ ok: true; file: DemoPermitsFile } | { ok: false; problem: string } | null> {
  const file = path.join(path.dirname(scenePath), DEMO_PERMITS_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    return { ok: false, problem: `${DEMO_PERMITS_FILE}: ${(error as Error).message}` };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, problem: `${DEMO_PERMITS_FILE}: ${(error as Error).message}` };
  }
  const parsed = DemoPermitsFileSchema.safeParse(json);
  if (!parsed.success) return { ok: false, problem: `${DEMO_PERMITS_FILE}: ${describePermitIssues(parsed.error)}` };
  return { ok: true, file: parsed.data };
}

/**
 * Files the day's demo permits into the register (those already there are left as they are) and closes the
 * demo permits of earlier days still open. A permit refused or a register error is logged; the core goes on.
 */
export async function fileDemoPermits(register: PermitRegister, permits: readonly Permit[], logger: Logger): Promise<{ filed: string[]; closed: string[] }> {
  const filed: string[] = [];
  const closed: string[] = [];
  const today = new Set(permits.map((p) => p.number));
  for (const stale of register.current().filter((p) => p.number.startsWith(DEMO_PERMIT_PREFIX) && !today.has(p.number))) {
    const result = await register.step(stale.number, { action: 'close', note: '演示结束 / the demo day ended' }, DEMO_PERMIT_USER);
    if (result.ok) closed.push(stale.number);
    else logger.warn({ permit: stale.number, code: result.problem.code }, 'demo permits: an earlier demo permit could not be closed');
  }
  for (const permit of permits) {
    const result = await register.create(permit, DEMO_PERMIT_USER, 'import');
    if (result.ok) filed.push(permit.number);
    else if (result.problem.code !== 'ST_ERR_PERMIT_DUPLICATE') logger.warn({ permit: permit.number, code: result.problem.code, message: result.problem.message }, 'demo permits: a permit was refused');
  }
  return { filed, closed };
}

/**
 * The demo's start: reads the file beside the scene and files the day's permits (logged: what was filed,
 * closed or wrong). `placePeople` first puts the people of the permits not yet filed at their work, so the
 * live checks, which judge a permit at once when it is filed, find them there (no watcher-away flicker).
 */
export async function startDemoPermits(options: {
  scenePath: string;
  register: PermitRegister;
  utcOffsetMin: number;
  logger: Logger;
  nowMs?: number;
  placePeople?: (permits: readonly Permit[]) => Promise<void>;
}): Promise<void> {
  const { logger } = options;
  const read = await readDemoPermitsFile(options.scenePath);
  if (read === null) return;
  if (!read.ok) {
    logger.warn({ problem: read.problem }, 'demo permits: the file is not usable; the demo runs without them');
    return;
  }
  const { permits, problems } = demoPermits(read.file, options.nowMs ?? Date.now(), options.utcOffsetMin);
  for (const problem of problems) logger.warn({ problem }, 'demo permits: a permit of the file is not valid');
  const filedBefore = new Set(options.register.current().map((p) => p.number));
  await options.placePeople?.(permits.filter((p) => !filedBefore.has(p.number)));
  const { filed, closed } = await fileDemoPermits(options.register, permits, logger);
  logger.info({ filed, closed }, 'demo permits filed');
}
