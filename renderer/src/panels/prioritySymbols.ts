import type { AlarmPriority } from '@contracts';

/**
 * Shape redundancy for colour-blind operators (ISA-101 §6: colour is never the only cue):
 * each priority has its own symbol, shown next to its colour everywhere.
 */
export const PRIORITY_SYMBOL: Record<AlarmPriority, string> = { urgent: '◆', high: '▲', medium: '■', low: '●' };
