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
  /** See the special-operation permits (GB 30871-2022 作业票) and their live checks; names only with personnel:viewNames. */
  'permit:read',
  /** Enter a permit and submit it for approval (作业申请). */
  'permit:apply',
  /** Countersign (会签), approve (审批) or return a submitted permit; the two-person rules of main/permits apply. */
  'permit:approve',
  /** Start, suspend, resume and close the work on an approved permit (the control room's acts on a live job). */
  'permit:operate',
  /** Review a closed permit's complete signed trail (作业后复查). */
  'permit:review',
  /** See the contractor register: companies, people's qualifications and authorisations; names only with personnel:viewNames. */
  'contractor:read',
  /** Import, create, change and delete companies and people (承包商管理: the safety department's job). */
  'contractor:manage',
  /** Report a hidden danger (隐患上报, issue 18): anyone signed in, from a phone, an alarm or a camera event. */
  'hazard:report',
  /** Accept (受理), reject and assign (指派) hidden-danger tickets: the safety side. */
  'hazard:handle',
  /** Record a ticket's rectification as done (整改完成), with the after photos. */
  'hazard:rectify',
  /** Verify and close (验收销号) a rectified ticket, or return it for rework; never the one who rectified it (main/hazards). */
  'hazard:verify',
  /**
   * Warning dispatch (issue 19): record a closed warning's disposition (real / nuisance / false / test /
   * maintenance) — the control room's call, as it acknowledged the alarm.
   */
  'warning:dispose',
  /** Edit the duty roster (值班表) and read its people's contact addresses; see the channels' health. */
  'dispatch:manage',
  /** The manager's workstation (issue 20): indicators, indices, rankings, hot spots over time, archived reports. */
  'indicators:read',
  /** Keep the incident log (recordable incidents, near misses) and generate reports on demand. */
  'indicators:manage',
] as const;
export type Action = (typeof ACTIONS)[number];

// Every screen, the wall's viewer included, shows the active permits: "is anyone doing hot work near it?"
const READ: Action[] = ['scene:read', 'alarm:read', 'permit:read'];
// Replaying a recording drives this screen's own player only (live processing goes on), so operators
// may review their shift and commanders an incident without a trainer.
// Operators enter permits from the plant's paper or system (apply) and act on live jobs (operate): GB 30871-2022
// §4.8 and §4.10 e want work stopped the moment the site turns unsafe, and the control room sees it first.
// The control room checks who may be where and who is qualified for a job (contractor:read), as the gate does.
const OPERATE: Action[] = [...READ, 'alarm:acknowledge', 'alarm:shelve', 'personnel:viewNames', 'replay:control', 'permit:apply', 'permit:operate', 'contractor:read', 'warning:dispose'];

// Anyone signed in reports hidden dangers (issue 18: every employee, from a phone); a plant worker's account is
// a viewer. The implicit local user of a wall is refused by the ticket rules (a report names its reporter).
const REPORT: Action = 'hazard:report';

const GRANTS: Record<Role, ReadonlySet<Action>> = {
  viewer: new Set([...READ, REPORT]),
  // Operators and maintenance on shift fix what they are assigned (rectify).
  operator: new Set([...OPERATE, REPORT, 'hazard:rectify']),
  // ISA-18.2: removal from service is an authorised act, the shift commander's, not every operator's.
  // The shift commander signs for the base unit (所在基层单位, GB 30871-2022 table B.1): approves and countersigns.
  // The shift commander is the safety side on shift (issue 18: accept, assign, verify), and has work rectified.
  // The shift lead keeps the shift's roster (who stands in tonight).
  commander: new Set([...OPERATE, 'simulation:run', 'drill:control', 'alarm:removeFromService', 'permit:approve', REPORT, 'hazard:handle', 'hazard:rectify', 'hazard:verify', 'dispatch:manage', 'indicators:read']),
  trainer: new Set([...READ, 'simulation:run', 'simulator:inject', 'drill:control', 'replay:control', 'personnel:viewNames', REPORT]),
  // Managers sign for departments and plant leadership (table B.1) and review closed permits; they do not run
  // the live job (operate) or apply, so an approval is never the applicant's own.
  // Managers keep the contractor register (the safety department's 承包商管理); without personnel:viewNames they
  // file names but read records without them.
  // Managers are the safety department of the hidden-danger loop (accept, assign, verify); they do not rectify.
  // Managers keep the duty roster and its contacts (the safety department's 值班表).
  manager: new Set([...READ, 'replay:control', 'layout:edit', 'permit:approve', 'permit:review', 'contractor:read', 'contractor:manage', REPORT, 'hazard:handle', 'hazard:verify', 'dispatch:manage', 'indicators:read', 'indicators:manage']),
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
