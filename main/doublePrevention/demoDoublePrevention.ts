import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { SessionUser } from '../contracts/index.js';
import { DEMO_HAZARDS_FILE, demoHazards, parseDemoHazardsFile, type DemoHazards, type DemoHazardsScene, type HazardsConfig } from '../hazards/index.js';
import type { Logger } from '../log/index.js';
import type { HazardRegister } from './HazardRegister.js';
import type { InspectionRegister } from './InspectionRegister.js';
import type { RiskRegister } from './RiskRegister.js';

/** The demo's records are signed by the demo itself (as the demo permits are), never by a person. */
export const DEMO_HAZARD_USER: SessionUser = { name: 'safetwin-demo', role: 'admin', implicit: false };

/**
 * The demo's double prevention (issue 18 item 6, docs/hazards.md §9): reads demo-hazards.json beside the scene
 * and files what the registers do not hold yet — the risk register, the inspection plans and the open tickets
 * of different ages (dated from now, their trails signed by the rules) — so the four-colour map, the pins and
 * the loop are there out of the box. Risk points and plans are filed only into an empty register: a site that
 * changed them keeps its own. Problems are logged; the core goes on.
 */
export async function startDemoDoublePrevention(options: {
  scenePath: string;
  scene: DemoHazardsScene;
  registers: { hazards: HazardRegister; risks: RiskRegister; inspections: InspectionRegister };
  config: HazardsConfig;
  utcOffsetMin: number;
  logger: Logger;
  nowMs?: number;
}): Promise<void> {
  const { logger, registers } = options;
  const demo = await loadDemoHazards(options);
  if (!demo) return;
  for (const problem of demo.problems) logger.warn({ problem }, 'demo hazards: a record of the file does not fit');
  const refusals: string[] = [];
  const listed = registers.risks.list();
  if (listed.ok && listed.value.length === 0) {
    for (const point of demo.riskPoints) {
      const saved = await registers.risks.put(point.id, point, DEMO_HAZARD_USER);
      if (!saved.ok) refusals.push(`risk point ${point.id}: ${saved.problem.message}`);
    }
  }
  if (registers.inspections.currentPlans().length === 0) {
    for (const plan of demo.plans) {
      const saved = await registers.inspections.putPlan(plan.id, plan, DEMO_HAZARD_USER);
      if (!saved.ok) refusals.push(`plan ${plan.id}: ${saved.problem.message}`);
    }
  }
  const tickets = await registers.hazards.seed(demo.tickets, DEMO_HAZARD_USER);
  for (const refusal of [...refusals, ...tickets.refused.map((n) => `ticket ${n}`)]) logger.warn({ refusal }, 'demo hazards: a record was refused');
  logger.info({ riskPoints: demo.riskPoints.length, plans: demo.plans.length, tickets: tickets.filed }, 'demo hazards filed');
}

/**
 * The demo file beside the scene (demo-hazards.json) as the demo's records as of `nowMs` (default now), or
 * undefined when there is none or it is unusable (logged: the demo runs without it).
 */
export async function loadDemoHazards(options: { scenePath: string; scene: DemoHazardsScene; config: HazardsConfig; utcOffsetMin: number; logger: Logger; nowMs?: number }): Promise<DemoHazards | undefined> {
  const { logger } = options;
  let text: string;
  try {
    text = await readFile(path.join(path.dirname(options.scenePath), DEMO_HAZARDS_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') logger.warn({ err: error }, 'demo hazards: the file could not be read; the demo runs without them');
    return undefined;
  }
  const parsed = parseDemoHazardsFile(text);
  if (!parsed.ok) {
    logger.warn({ problem: parsed.problem }, 'demo hazards: the file is not usable; the demo runs without them');
    return undefined;
  }
  return demoHazards(parsed.file, options.scene, { nowMs: options.nowMs ?? Date.now(), utcOffsetMin: options.utcOffsetMin, config: options.config });
}
