/** The core bus: typed topics every capability publishes and subscribes to, the alarm board and the keyed problem board. */
export { AlarmBoard } from './AlarmBoard.js';
export { MessageBus } from './MessageBus.js';
export { ProblemBoard, type ProblemKey, type ProblemSink } from './ProblemBoard.js';
export type { CoreTopics, SampleBatch, ScreenMessage, SimulatorCommandOrigin } from './coreTopics.js';
