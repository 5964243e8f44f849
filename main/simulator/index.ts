/**
 * The plant simulator (`safetwin simulate`, and the demo's data source): a pure, seeded model of a
 * scene's instruments, weather and people, an MQTT publisher around it, and the CLI actions.
 */
export { PlantSimulation, type PlantSimulationOptions, type SimulatedSensorSample, type SimulatedWeather, type SimulationFrame } from './PlantSimulation.js';
export { parseSimulatorCommand, validateSimulatorCommand, type CommandOutcome, type CommandParse } from './scenarioCommands.js';
export { SimulatorPublisher, type SimulatorLogger, type SimulatorPublisherOptions, type SimulatorPublisherStats } from './SimulatorPublisher.js';
export {
  InvalidSimulatorCommandError,
  publishSimulatorCommand,
  simulateCommand,
  simulateInjectCommand,
  type SimulateCommandDependencies,
  type SimulateCommandOptions,
} from './simulateCommand.js';
export { DEFAULT_CLIMATE, type ClimateParameters } from './ambientClimate.js';
export { DEFAULT_WIND, type Wind, type WindParameters } from './WindModel.js';
export { DEFAULT_STORAGE, type StorageParameters } from './StorageOperations.js';
export type { WorkerPositionSample } from './WorkerSimulation.js';
