/** The live plant: the hub that keeps every sensor's latest reading with change numbers, trends and the alarm history. */
export { AlarmHistory } from './AlarmHistory.js';
export { LiveHub } from './LiveHub.js';
