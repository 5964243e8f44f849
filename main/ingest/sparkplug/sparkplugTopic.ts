/** Sparkplug B topic namespace (Eclipse Sparkplug 3.0 §4.1): spBv1.0/<group>/<type>/<edge node>[/<device>]. */
export const SPARKPLUG_NAMESPACE = 'spBv1.0';

export const MESSAGE_TYPES = ['NBIRTH', 'NDEATH', 'DBIRTH', 'DDEATH', 'NDATA', 'DDATA', 'NCMD', 'DCMD'] as const;
export type SparkplugMessageType = (typeof MESSAGE_TYPES)[number];

export type SparkplugTopic = { groupId: string; type: SparkplugMessageType; edgeNodeId: string; deviceId?: string };

export function parseSparkplugTopic(topic: string): SparkplugTopic | 'state' | null {
  const parts = topic.split('/');
  if (parts[0] !== SPARKPLUG_NAMESPACE) return null;
  if (parts[1] === 'STATE') return 'state';
  if (parts.length < 4 || parts.length > 5) return null;
  const type = parts[2] as SparkplugMessageType;
  if (!MESSAGE_TYPES.includes(type)) return null;
  const deviceMessage = type.startsWith('D');
  if (deviceMessage !== (parts.length === 5)) return null;
  return { groupId: parts[1]!, type, edgeNodeId: parts[3]!, ...(deviceMessage ? { deviceId: parts[4]! } : {}) };
}

export const nodeCommandTopic = (groupId: string, edgeNodeId: string) => `${SPARKPLUG_NAMESPACE}/${groupId}/NCMD/${edgeNodeId}`;
/** Sparkplug 3.0 §7.3: the host application's birth/death certificate, retained, QoS 1. */
export const hostStateTopic = (hostId: string) => `${SPARKPLUG_NAMESPACE}/STATE/${hostId}`;
/** Subscriptions for the configured groups: every message type of every edge node. */
export const sparkplugSubscriptions = (groupIds: string[]) => groupIds.map((g) => `${SPARKPLUG_NAMESPACE}/${g}/#`);
