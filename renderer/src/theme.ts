/**
 * ISA-101 high-performance HMI palette: greys for everything normal, saturated colour reserved for
 * abnormal states (alarm priorities), so that colour on the screen always means "look here".
 */
export const THEME = {
  background: '#1d2023',
  ground: '#2c3035',
  road: '#3a3f45',
  areaOutline: '#6b737c',
  areaFill: '#353a40',
  fence: '#7d858e',
  equipment: { light: '#a4abb2', mid: '#8c939b', dark: '#6c737b', building: '#5b6168' },
  selection: '#ffffff',
  sensor: '#9aa1a8',
  /** Stale or bad-quality values: darker than normal, never a colour (ISA-101: colour means alarm). */
  stale: '#50565d',
  /** A sensor with alarms out of service (maintenance): a cold hue of its own, far from every alarm colour. */
  outOfService: '#9b7fd4',
  camera: '#b8bec4',
  /**
   * Frames and watermarks of a screen that is not the live plant (issue 12.6): saturated, so they are
   * seen at once, and far in hue from every alarm colour and the out-of-service violet (ISA-101:
   * colour means an alarm), so a DRILL or REPLAY frame never reads as an alarm. Tested in screenMode.test.ts.
   */
  mode: { drill: '#2fcf5a', replay: '#e04bd0' },
  alarm: { urgent: '#e5322d', high: '#f28c28', medium: '#f2d024', low: '#4fa3e0' },
  /**
   * Four-colour risk zoning (安全风险四色分布图) as desaturated fills: the regulatory hue is
   * recognisable but far from the saturated alarm colours, so zoning never reads as an alarm.
   */
  riskZone: { major: '#6b4a4a', large: '#6b5a45', general: '#66634a', low: '#46566b' },
  /** Worker roles in muted, distinct hues (never alarm colours; an alarm replaces them). */
  role: { operator: '#8fa7bf', maintenance: '#bfae8f', contractor: '#a68fbf', visitor: '#8fbfa8', security: '#c4c4c4' },
  trail: '#8a929b',
  /** Outlines by zone kind: light for safety-relevant zones, plain grey otherwise. */
  zoneOutline: { restricted: '#d8dde2', hazardous: '#b9c0c7', confinedSpace: '#d8dde2', muster: '#ffffff' },
} as const;
