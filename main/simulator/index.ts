/**
 * The plant simulator (`safetwin simulate`, and the demo's data source): a pure, seeded model of a
 * scene's instruments, weather and people, and an MQTT publisher around it
 * (main/cli's `simulate` command drives them).
 */
export { PlantSimulation, type PlantSimulationOptions, type SimulatedSensorSample, type SimulatedWeather, type SimulationFrame } from './PlantSimulation.js';
export { parseSimulatorCommand, validateSimulatorCommand, type CommandOutcome, type CommandParse } from './scenarioCommands.js';
export type { SimulatorLogger, SimulatorPublisherOptions, SimulatorPublisherStats } from './SimulatorPublisher.js';
export { DEFAULT_CLIMATE, type ClimateParameters } from './ambientClimate.js';
export { DEFAULT_WIND, type Wind, type WindParameters } from './WindModel.js';
export { DEFAULT_STORAGE, type StorageParameters } from './StorageOperations.js';
export type { InspectionWalk, InspectionWalkProgress, PermitWorkSite, WorkerPositionSample } from './WorkerSimulation.js';
export { SIMULATED_FRIGATE_PREFIX } from './SimulatedCameraAnalytics.js';
export { Rng } from './random.js';
export { civilUtcOffsetMs } from './workShifts.js';
