/** One player for live, replay and drill (architecture §2, issue 15): the contract's core side. */
export { PlayerCommandError, type CorePlayer, type PlayerListener, type PlayerOwnCommand } from './CorePlayer.js';
export { LivePlayer, type LivePlayerOptions } from './LivePlayer.js';
export { ReplayPlayer } from './ReplayPlayer.js';
export { DrillPlayer, type DrillControl } from './DrillPlayer.js';
export { PlayerHost, type ScreenLink } from './PlayerHost.js';
export { PlayerSockets, type PlayerSocketsOptions, type ReplayOpened } from './PlayerSockets.js';
export { ReplayRequests, type RecordingListing } from './ReplayRequests.js';
export { registerReplayExportRoutes } from './replayExportRoutes.js';
