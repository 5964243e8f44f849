import { SimulatorCommandSchema, type Scene, type SimulatorCommand } from '../contracts/index.js';
import type { SimulatedGasLeaks } from './gasLeaks.js';
import type { Rng } from './random.js';
import type { SensorBank } from './SensorBank.js';
import type { WorkerSimulation } from './WorkerSimulation.js';

/**
 * Scenario commands (SimulatorCommandSchema in main/contracts/mqttTopics.ts) checked against the
 * scene and applied to the model. A command naming something the scene lacks is refused with the
 * reason, and changes nothing.
 */
export type CommandOutcome = { ok: true; summary: string } | { ok: false; reason: string };

export type ScenarioTargets = {
  scene: Scene;
  sensors: SensorBank;
  workers: WorkerSimulation;
  gasLeaks: SimulatedGasLeaks;
  /** Draws for choices the command leaves open (which badge collapses). */
  rng: Rng;
};

const refuse = (reason: string): CommandOutcome => ({ ok: false, reason });

export function applyScenarioCommand(command: SimulatorCommand, tMs: number, targets: ScenarioTargets): CommandOutcome {
  const { scene, sensors, workers } = targets;
  switch (command.scenario) {
    case 'gasLeak': {
      const started = targets.gasLeaks.start(command);
      if (!started.ok) return refuse(started.reason);
      const { leak } = started;
      const forHowLong = Math.round((leak.endsAtMs - leak.startedAtMs) / 1000);
      return { ok: true, summary: `gas leak: ${command.releaseRateKgPerS} kg/s of ${leak.substanceId} at ${leak.equipmentId} for ${forHowLong} s (${leak.model})` };
    }
    case 'sensorStuck':
    case 'sensorOffline':
    case 'calibrationDrift': {
      if (!sensors.has(command.sensorId)) return refuse(`no sensor "${command.sensorId}" in the scene`);
      if (command.scenario === 'sensorStuck') sensors.setStuck(command.sensorId);
      else if (command.scenario === 'sensorOffline') sensors.setOffline(command.sensorId);
      else sensors.setDrift(command.sensorId, command.driftPerHour, tMs);
      const detail = command.scenario === 'calibrationDrift' ? ` at ${command.driftPerHour} per hour` : '';
      return { ok: true, summary: `${command.scenario}: ${command.sensorId}${detail}` };
    }
    case 'restrictedEntry': {
      const area = scene.areas.find((a) => a.id === command.areaId);
      if (!area) return refuse(`no area "${command.areaId}" in the scene`);
      const badgeId = command.badgeId ?? workers.nearestAvailableTo(area);
      const problem = badgeProblem(workers, badgeId, command.badgeId !== undefined);
      if (problem) return refuse(problem);
      workers.applyOverride(badgeId!, { kind: 'restrictedEntry', area }, tMs);
      return { ok: true, summary: `restricted entry: ${badgeId} walks into ${area.id}` };
    }
    case 'manDown': {
      const available = workers.availableBadges();
      const badgeId = command.badgeId ?? (available.length > 0 ? targets.rng.pick(available) : undefined);
      const problem = badgeProblem(workers, badgeId, command.badgeId !== undefined);
      if (problem) return refuse(problem);
      workers.applyOverride(badgeId!, { kind: 'manDown' }, tMs);
      return { ok: true, summary: `man down: ${badgeId}` };
    }
    case 'evacuate': {
      const points = scene.musterPoints.map((m) => ({ id: m.id, position: m.position }));
      if (points.length === 0) return refuse('the scene has no muster points to evacuate to');
      const sent = workers.evacuate(points, tMs);
      const total = [...sent.values()].reduce((a, b) => a + b, 0);
      const perPoint = [...sent].map(([id, n]) => `${id}: ${n}`).join(', ');
      return { ok: true, summary: `evacuation: ${total} people walk to muster points (${perPoint || 'nobody on site'})` };
    }
    case 'clear':
      targets.gasLeaks.clear();
      sensors.clearFaults();
      workers.clearOverrides();
      return { ok: true, summary: 'all scenarios cleared' };
  }
}

function badgeProblem(workers: WorkerSimulation, badgeId: string | undefined, named: boolean): string | undefined {
  if (badgeId === undefined) return 'nobody is on site to take part';
  if (!workers.hasBadge(badgeId)) return `no badge "${badgeId}" in the scene`;
  if (!workers.isOnSite(badgeId)) return `badge "${badgeId}" is not on site now (off shift)`;
  if (named && workers.overrideOf(badgeId)) return `badge "${badgeId}" is already in a scenario`;
  return undefined;
}

export type CommandParse = { ok: true; command: SimulatorCommand } | { ok: false; reason: string };

/** Validate a command object against SimulatorCommandSchema; the reason names each bad field. */
export function validateSimulatorCommand(value: unknown): CommandParse {
  const result = SimulatorCommandSchema.safeParse(value);
  if (result.success) return { ok: true, command: result.data };
  const issues = result.error.issues.map((i) => `${i.path.length > 0 ? i.path.join('.') : '(command)'}: ${i.message}`);
  return { ok: false, reason: `invalid command: ${issues.join('; ')}` };
}

/** Parse a command's JSON text and validate it. */
export function parseSimulatorCommand(text: string): CommandParse {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: `invalid JSON: ${(error as Error).message}` };
  }
  return validateSimulatorCommand(json);
}
