/** Frames from any player to each screen: change numbers at the source, one frame in flight per screen (architecture §3). */
export { ChangeLog, type FrameSource, type SensorReading } from './FrameSource.js';
export { FrameChannel, FRAME_ACK_TIMEOUT_MS } from './FrameChannel.js';
export { FrameTable } from './FrameTable.js';
