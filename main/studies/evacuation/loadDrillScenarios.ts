import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { DrillScenarioSchema, type DrillScenario, type Scene } from '../../contracts/index.js';

export type DrillScenarioLoad = { scenarios: DrillScenario[]; problems: string[] };

/**
 * The plant's drill scenarios: every *.json in `dir` (scenes/<plant>/drills/), checked against
 * DrillScenarioSchema and the scene (the leak's equipment must exist). A bad file is reported and
 * skipped; a missing folder means no drills.
 */
export async function loadDrillScenarios(dir: string, scene: Scene): Promise<DrillScenarioLoad> {
  let files: string[];
  try {
    files = (await readdir(dir)).filter((f) => f.endsWith('.json')).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { scenarios: [], problems: [] };
    throw error;
  }
  const scenarios: DrillScenario[] = [];
  const problems: string[] = [];
  const equipment = new Set(scene.equipment.map((e) => e.id));
  const musterPoints = new Set(scene.musterPoints.map((m) => m.id));
  for (const file of files) {
    const where = path.join(dir, file);
    let json: unknown;
    try {
      json = JSON.parse(await readFile(where, 'utf8'));
    } catch (error) {
      problems.push(`${where}: ${(error as Error).message}`);
      continue;
    }
    const parsed = DrillScenarioSchema.safeParse(json);
    if (!parsed.success) {
      problems.push(`${where}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
      continue;
    }
    const unknownMuster = parsed.data.closures.findIndex((c) => !musterPoints.has(c.musterPointId));
    if (!equipment.has(parsed.data.leak.equipmentId)) problems.push(`${where}: leak.equipmentId "${parsed.data.leak.equipmentId}" is not in the scene`);
    else if (unknownMuster >= 0) problems.push(`${where}: closures.${unknownMuster}.musterPointId "${parsed.data.closures[unknownMuster]!.musterPointId}" is not a muster point of the scene`);
    else if (scenarios.some((s) => s.id === parsed.data.id)) problems.push(`${where}: id "${parsed.data.id}" is used by another scenario`);
    else scenarios.push(parsed.data);
  }
  return { scenarios, problems };
}
