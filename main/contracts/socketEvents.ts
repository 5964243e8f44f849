import { z } from 'zod';
import type { AlarmEventMessage, AlarmSnapshot } from './alarms.js';
import type { Problem, Result } from './problems.js';
import { SessionUserSchema } from './roles.js';
import type { Scene } from './scene.js';

/** Event names, in one place so neither side spells them by hand. */
export const SOCKET_EVENTS = {
  sessionHello: 'session:hello',
  coreStatus: 'core:status',
  alarmEvent: 'alarm:event',
  sceneGet: 'scene:get',
  alarmSnapshot: 'alarm:snapshot',
} as const;

export const SessionHelloSchema = z.object({
  user: SessionUserSchema,
  coreVersion: z.string(),
  sceneId: z.string(),
  serverTimeMs: z.number(),
});
export type SessionHello = z.infer<typeof SessionHelloSchema>;

export type CoreStatus = { uptimeS: number; connectedClients: number; problems: Problem[] };

export interface ServerToClientEvents {
  'session:hello': (hello: SessionHello) => void;
  'core:status': (status: CoreStatus) => void;
  'alarm:event': (message: AlarmEventMessage) => void;
}

export interface ClientToServerEvents {
  'scene:get': (ack: (result: Result<Scene>) => void) => void;
  'alarm:snapshot': (ack: (result: Result<AlarmSnapshot>) => void) => void;
}

/** What a client sends in the socket.io handshake `auth` field. */
export const SocketAuthSchema = z.object({ token: z.string().min(1).max(512).optional() });
