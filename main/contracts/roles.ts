import { z } from 'zod';

/** Control-room roles, from the least to the most privileged for administration. */
export const ROLES = ['viewer', 'operator', 'commander', 'trainer', 'manager', 'admin'] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

/** Everything a client can ask the core to do; state-changing actions are checked against the role. */
export const ACTIONS = [
  'scene:read',
  'alarm:read',
  'alarm:acknowledge',
  'alarm:shelve',
  /** ISA-18.2 out of service: removing an alarm (or a detector's alarms) from service, and returning it. */
  'alarm:removeFromService',
  /** ISA-18.2 designed suppression set by hand (an alarm-system change, not an operator's call). */
  'alarm:suppress',
  'personnel:viewNames',
  'simulation:run',
  /** A simulated release on the demo plant's embedded simulator: its detectors alarm for real (trainers). */
  'simulator:inject',
  'drill:control',
  'replay:control',
  'layout:edit',
  'users:manage',
] as const;
export type Action = (typeof ACTIONS)[number];

const READ: Action[] = ['scene:read', 'alarm:read'];
// Replaying a recording drives this screen's own player only (live processing goes on), so operators
// may review their shift and commanders an incident without a trainer.
const OPERATE: Action[] = [...READ, 'alarm:acknowledge', 'alarm:shelve', 'personnel:viewNames', 'replay:control'];

const GRANTS: Record<Role, ReadonlySet<Action>> = {
  viewer: new Set(READ),
  operator: new Set(OPERATE),
  // ISA-18.2: removal from service is an authorised act, the shift commander's, not every operator's.
  commander: new Set([...OPERATE, 'simulation:run', 'drill:control', 'alarm:removeFromService']),
  trainer: new Set([...READ, 'simulation:run', 'simulator:inject', 'drill:control', 'replay:control', 'personnel:viewNames']),
  manager: new Set([...READ, 'replay:control', 'layout:edit']),
  admin: new Set(ACTIONS),
};

/** Roles the implicit local user of a console without sign-in may have (never admin: that needs a named user). */
export const LOCAL_ROLES = ['viewer', 'operator', 'commander', 'trainer', 'manager'] as const;
export const LocalRoleSchema = z.enum(LOCAL_ROLES);
export type LocalRole = z.infer<typeof LocalRoleSchema>;

export function roleMay(role: Role, action: Action): boolean {
  return GRANTS[role].has(action);
}

export const SessionUserSchema = z.object({ name: z.string().min(1), role: RoleSchema, implicit: z.boolean() });
export type SessionUser = z.infer<typeof SessionUserSchema>;
