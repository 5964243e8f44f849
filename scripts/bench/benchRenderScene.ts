// The render benchmark's scene: benchScene's synthetic sensors plus synthetic personnel (one badge
// per ten sensors), validated with the scene schema the core loads it with.
import { writeFileSync } from 'node:fs';
import { SceneSchema, type Person, type Scene } from '../../main/contracts/index.js';
import { benchScene } from './benchScene.js';

/** Roles of the synthetic badges, in turn (security is left out: a minority role on a real site). */
export const BENCH_WORKER_ROLES = ['operator', 'maintenance', 'contractor', 'visitor'] as const satisfies readonly Person['role'][];

export const benchBadgeId = (i: number) => `W-${String(i).padStart(4, '0')}`;

/** The demo plant with `sensors` synthetic sensors (S-00000…) and `workers` badges (W-0000…). */
export function benchRenderScene(demo: Scene, sensors: number, workers = Math.floor(sensors / 10)): Scene {
  const personnel: Person[] = Array.from({ length: workers }, (_, i) => ({
    badgeId: benchBadgeId(i),
    role: BENCH_WORKER_ROLES[i % BENCH_WORKER_ROLES.length]!,
    displayName: `Bench worker ${i}`,
  }));
  const candidate = { ...benchScene(demo, sensors), personnel };
  const parsed = SceneSchema.safeParse(candidate);
  if (!parsed.success) {
    const first = parsed.error.issues.slice(0, 5).map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`synthetic scene (${sensors} sensors, ${workers} workers) is invalid: ${first.join('; ')}`);
  }
  return parsed.data;
}

/** Writes the scene as JSON (what `safetwin serve --scene` reads) and returns it. */
export function writeBenchRenderScene(demo: Scene, sensors: number, file: string, workers = Math.floor(sensors / 10)): Scene {
  const scene = benchRenderScene(demo, sensors, workers);
  writeFileSync(file, JSON.stringify(scene));
  return scene;
}
