import { z } from 'zod';
import { alarmCommandPermission, AlarmCommandSchema, AlarmPrioritySchema, type AlarmEventMessage, type AlarmSnapshot } from './alarms.js';
import type { CameraDetections, LiveFrame } from './live.js';
import { ProblemSchema } from './problems.js';
import { NewBookmarkSchema } from './replay.js';
import type { Action } from './roles.js';

/**
 * One player for live, replay and drill (architecture §2, issue 15): whatever the source, a screen
 * receives the same state, frames, alarms and detections, and sends the same commands. Panels branch
 * on `capabilities`, never on `mode`; `mode` only labels the picture (the REPLAY and DRILL marks).
 *
 * Delivery, per screen, on one socket (so in emission order):
 * - `player:state` whenever a field other than `currentMs` changes, and about once a second while
 *   the clock runs;
 * - `player:frame` with one frame in flight: the next is sent after the screen acknowledges this one
 *   (after the 3D view drew it); changes meanwhile merge into the next frame (latest value wins);
 * - `player:alarms`: a snapshot after every discontinuity (open, seek, swap of player, or on request),
 *   then every transition in order, each exactly once;
 * - `player:detections`: camera detections as the player shows them.
 */

/** Where a player's data comes from. A drill is labelled end to end (architecture §2). */
export const PLAYER_MODES = ['live', 'replay', 'drill'] as const;
export const PlayerModeSchema = z.enum(PLAYER_MODES);
export type PlayerMode = z.infer<typeof PlayerModeSchema>;

/**
 * initializing: opening its source, nothing to show yet → present. buffering: loading the state of a
 * new instant (a seek); what is on screen belongs to the previous one. reconnecting: the source's link
 * is down (live: the broker), values shown are the last received and turn stale. error: the source
 * failed; `problems` says why, and only close is accepted.
 */
export const PLAYER_PRESENCES = ['initializing', 'reconnecting', 'buffering', 'present', 'error'] as const;
export const PlayerPresenceSchema = z.enum(PLAYER_PRESENCES);
export type PlayerPresence = z.infer<typeof PlayerPresenceSchema>;

/**
 * What a screen may do with its player; a command it does not offer is refused with
 * ST_ERR_PLAYER_UNSUPPORTED. Roles are checked on top: a capability the player offers can still be
 * refused to a role that may not use it.
 */
export const PlayerCapabilitiesSchema = z.object({
  /** play, pause and the running clock (replay, drill). */
  play: z.boolean(),
  /** seek, step, next/previous alarm: the playhead moves to any instant in [startMs, endMs]. */
  seek: z.boolean(),
  speed: z.boolean(),
  /** Acknowledge, shelve and the other ISA-18.2 operator actions on the player's own alarm list. */
  acknowledge: z.boolean(),
  /** Simulated releases and injected faults (the demo plant's simulator, a drill's scenario). */
  inject: z.boolean(),
  /** Bookmarks, incident reports and exports of the source (recordings). */
  annotate: z.boolean(),
});
export type PlayerCapabilities = z.infer<typeof PlayerCapabilitiesSchema>;

/** Playback speed limits (issue 8: 0.1x to 20x). */
export const PLAYER_MIN_SPEED = 0.1;
export const PLAYER_MAX_SPEED = 20;
export const PlayerSpeedSchema = z.number().min(PLAYER_MIN_SPEED).max(PLAYER_MAX_SPEED);

/** The player's state. Every instant is epoch ms on the source's clock (the recorder's for replay). */
export const PlayerStateSchema = z.object({
  mode: PlayerModeSchema,
  presence: PlayerPresenceSchema,
  /** The clock runs (live: always true). */
  playing: z.boolean(),
  /** Source seconds per wall second (live: 1). */
  speed: PlayerSpeedSchema,
  /** The instant shown; startMs ≤ currentMs ≤ endMs. Live: the core's time when the state was sent. */
  currentMs: z.number(),
  /** The earliest instant the player can show (live: equal to currentMs, nothing to seek back to). */
  startMs: z.number(),
  /** The latest instant the player can show (live: equal to currentMs). */
  endMs: z.number(),
  /** The playhead reached endMs and stopped (never for live). */
  ended: z.boolean(),
  capabilities: PlayerCapabilitiesSchema,
  problems: z.array(ProblemSchema),
  /**
   * Bumps on every discontinuity: a player opened or swapped on this screen, a seek or step. Frames
   * and alarm messages carry the seekSeq they belong to; a consumer drops what it holds from a lower
   * one (trails, alarm lists, detections) and anything that arrives with a lower one. Monotonic per
   * screen, across player swaps.
   */
  seekSeq: z.number().int().nonnegative(),
});
export type PlayerState = z.infer<typeof PlayerStateSchema>;
/** A player's state as its source keeps it: the screen's host stamps seekSeq, which runs across player swaps. */
export type SourcePlayerState = Omit<PlayerState, 'seekSeq'>;

/** A frame of the player: changed sensors and badges since the previous frame this screen acknowledged. */
export type PlayerFrame = LiveFrame & { seekSeq: number };

/**
 * The player's alarm list as it travels. A snapshot replaces the screen's list; an event applies when
 * its seq is the list's seq + 1, and a gap (or a seekSeq the screen is not at) asks for a snapshot
 * (`{ action: 'alarmSnapshot' }`). Never coalesced, never dropped by the core.
 */
export type PlayerAlarms = ({ kind: 'snapshot'; seekSeq: number } & AlarmSnapshot) | ({ kind: 'event'; seekSeq: number } & AlarmEventMessage);

export type PlayerDetections = CameraDetections & { seekSeq: number };

/** Opening recordings by file name (from replay:list) or by a time range of what was recorded. */
const OpenReplaySchema = z.object({ action: z.literal('open'), files: z.array(z.string().min(1)).min(1).max(1000).optional(), fromMs: z.number().optional(), toMs: z.number().optional() });

/** The clock and playhead of a player that offers play, speed and seek (replay; a drill's clock has its own command). */
const PLAYBACK_COMMANDS = [
  z.object({ action: z.literal('play'), speed: PlayerSpeedSchema.optional() }),
  z.object({ action: z.literal('pause') }),
  z.object({ action: z.literal('setSpeed'), speed: PlayerSpeedSchema }),
  z.object({ action: z.literal('seek'), tsMs: z.number() }),
  /** Moves the playhead by deltaMs (negative: back) and shows that instant, paused. */
  z.object({ action: z.literal('step'), deltaMs: z.number().refine((v) => v !== 0 && Math.abs(v) <= 3_600_000, 'a step is non-zero and at most an hour') }),
  z.object({ action: z.literal('nextAlarm'), minPriority: AlarmPrioritySchema.optional() }),
  z.object({ action: z.literal('previousAlarm'), minPriority: AlarmPrioritySchema.optional() }),
  z.object({ action: z.literal('addBookmark'), bookmark: NewBookmarkSchema }),
] as const;

/** What a replay session carries out itself (its playback; opening and closing belong to whoever holds it). */
export const ReplayCommandSchema = z.discriminatedUnion('action', [...PLAYBACK_COMMANDS]);
export type ReplayCommand = z.infer<typeof ReplayCommandSchema>;

/**
 * Commands to this screen's player. `open` swaps in a replay player over recordings; `joinDrill` the
 * drill running now; `close` swaps back to the live plant; `alarm` is an operator action on the player's own alarm list (live: the
 * plant's; a drill: the drill's own alarm engine); `alarmSnapshot` asks for the list anew (after a gap).
 */
export const PlayerCommandSchema = z.discriminatedUnion('action', [
  OpenReplaySchema,
  z.object({ action: z.literal('close') }),
  /** Show the drill running now on this screen (its own alarm list and clock over the live plant). */
  z.object({ action: z.literal('joinDrill') }),
  ...PLAYBACK_COMMANDS,
  z.object({ action: z.literal('alarm'), command: AlarmCommandSchema }),
  z.object({ action: z.literal('alarmSnapshot') }),
]);
export type PlayerCommand = z.infer<typeof PlayerCommandSchema>;
export type OpenReplayCommand = z.infer<typeof OpenReplaySchema>;

/** The role permission a player command needs (roles.ts): an alarm action its own, the alarm list alarm:read, the rest replay:control. */
export function playerCommandPermission(command: PlayerCommand): Action {
  if (command.action === 'alarm') return alarmCommandPermission(command.command);
  if (command.action === 'alarmSnapshot' || command.action === 'joinDrill') return 'alarm:read';
  return 'replay:control';
}
