import { z } from 'zod';
import { AREA_KINDS, PERSONNEL_ROLES } from '../contracts/index.js';

/**
 * Worker (RTLS badge) safety rules: every number with its default and where it comes from.
 * `WorkerSafetyConfigSchema.parse({})` gives the defaults; unknown keys are refused, as in the
 * alarm configuration (a misspelt key must not silently fall back to a default).
 */

const AreaKindSchema = z.enum(AREA_KINDS);
const RoleSchema = z.enum(PERSONNEL_ROLES);
const AreaIdSchema = z.string().min(1);

export const WorkerSafetyConfigSchema = z.strictObject({
  /**
   * A badge position older than this is ignored (the worker left, the badge battery died, or it
   * is out of anchor coverage): no alarm from it and not in head counts. 30 s is several missed
   * reports of a badge reporting every 1–5 s while moving.
   */
  staleAfterMs: z.number().int().min(1_000).max(3_600_000).default(30_000),
  /**
   * Man-down (人员定位 静止报警): a badge that stays within this radius of where it stopped. 1 m is
   * above the static error of UWB (decimetres) and of good Bluetooth AoA, so a still badge's
   * jitter does not restart the clock. Metre-class positioning (Bluetooth RSSI; AQ 3064.3-2025
   * asks only ±3 m static in low-risk zones, as vendors quote it) needs 3–5 m, else jitter
   * hides a real man-down.
   */
  manDownRadiusM: z.number().positive().max(50).default(1),
  /**
   * …for this long raises man-down. RTLS platforms make the 静止报警 time a site setting; we know of
   * no national number. Sites whose badges report rarely when still must also raise staleAfterMs.
   * 300 s, not 60: over 10 simulated hours of the demo shift, 60 s raised ~7 man-down alarms a minute
   * from people standing at a job, 120 s ~0.6, 300 s two (measured with main/simulator). Sites with
   * badge-side fall/SOS detection can lower it.
   */
  manDownAfterS: z.number().positive().max(3_600).default(300),
  /** Areas where an unauthorized badge raises restricted entry (闯入禁入区). */
  restrictedAreaKinds: z.array(AreaKindSchema).default(['restricted', 'confinedSpace']),
  /**
   * Roles allowed in a restricted area, per area id (default: none, every entry alarms). Role is a
   * coarse stand-in for the work permit (GB 30871-2022 作业票) a confined-space entry needs.
   */
  restrictedAreaAuthorizedRoles: z.record(AreaIdSchema, z.array(RoleSchema)).default({}),
  /** Areas watched for gathering (人员聚集预警区): hazardous zones, tank farms, process units. */
  gatheringAreaKinds: z.array(AreaKindSchema).default(['hazardous', 'tankFarm', 'process']),
  /**
   * People within this distance of each other (single-linkage) are one group. 15 m and the 60 s
   * below follow the MEM guide 《基于人员定位系统的人员聚集风险监测预警建设应用指南（试行）》
   * (2023): a gathering is people within a range of radius ≤ 15 m for more than 1 minute.
   */
  gatheringRadiusM: z.number().positive().max(500).default(15),
  /**
   * A group of at least this many people is a gathering. The MEM guide leaves the number to each
   * enterprise and warning zone (from its staffing, 定员); 3 is our assumption: more than the
   * usual two-person team (a worker and the permit's 监护人 watcher), so normal paired work does
   * not alarm. Set per area in `gatheringMinPersonsByArea`.
   */
  gatheringMinPersons: z.number().int().min(2).max(1_000).default(3),
  gatheringMinPersonsByArea: z.record(AreaIdSchema, z.number().int().min(2).max(1_000)).default({}),
  /** A qualifying group must persist this long (see gatheringRadiusM for the source). */
  gatheringAfterS: z.number().min(0).max(3_600).default(60),
});

export type WorkerSafetyConfig = z.infer<typeof WorkerSafetyConfigSchema>;
export type WorkerSafetyConfigInput = z.input<typeof WorkerSafetyConfigSchema>;

/** The documented defaults. */
export function defaultWorkerSafetyConfig(): WorkerSafetyConfig {
  return WorkerSafetyConfigSchema.parse({});
}
