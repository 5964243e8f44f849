import type { Segment } from './planeGeometry.js';

export const AGENT_PROFILES = ['able', 'slower', 'injured'] as const;
export type AgentProfile = (typeof AGENT_PROFILES)[number];

export const EXIT_POLICIES = ['fixed', 'model_default', 'assigned_with_fallback'] as const;
export type ExitPolicy = (typeof EXIT_POLICIES)[number];

/** Agent states, as stored in the engine's Uint8Array and sent in the snapshot. */
export const AGENT_STATE = {
  /** Pre-movement: has not started to evacuate yet. */
  waiting: 0,
  moving: 1,
  /** Reached a muster point or went through an exit. */
  arrived: 2,
  /** Injured, waiting for a helper. */
  awaitingHelp: 3,
  /** No target can be reached from here (all closed or cut off); stands still. */
  noRoute: 4,
} as const;
export type AgentStateCode = (typeof AGENT_STATE)[keyof typeof AGENT_STATE];
export const AGENT_STATE_NAMES = ['waiting', 'moving', 'arrived', 'awaitingHelp', 'noRoute'] as const;

export type ClosedInterval = { fromS: number; toS: number };

/** Where agents go: an exit opening of the domain or a muster point (a disc). */
export type TargetSpec =
  | { id: string; kind: 'exit'; openingIndex: number; closed: ClosedInterval[] }
  | { id: string; kind: 'muster'; x: number; y: number; radiusM: number; capacityPersons?: number; closed?: ClosedInterval[] };

/** One agent after its distributions were sampled. */
export type AgentSpec = {
  id: string;
  x: number;
  y: number;
  radiusM: number;
  freeSpeedMps: number;
  premovementS: number;
  profile: AgentProfile;
  policy: ExitPolicy;
  /** Indices into the target list; empty means every target. */
  preferredTargets: number[];
};

export type FlowLineSpec = { id: string; line: Segment };

export type ExitEvent = { agentIndex: number; targetIndex: number; tS: number; via: 'exit' | 'muster' };
export type CrossingEvent = { lineIndex: number; agentIndex: number; tS: number; direction: 1 | -1 };
