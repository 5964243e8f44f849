/**
 * Why an incoming message or sample was not taken, one documented rule each (docs/mqtt.md
 * "Bad input"). Every rejection is counted per reason in safetwin_ingest_rejected_total.
 */
export const REJECTION_REASONS = {
  tooLarge: 'payload larger than the size cap (ingest.maxPayloadBytes)',
  topicTooLong: 'topic longer than 1,024 characters (MQTT allows 65,535 bytes; no topic family needs more)',
  malformedJson: 'payload is not valid JSON',
  schema: 'payload does not match the topic convention (wrong or missing fields)',
  nonFinite: 'value is NaN or ±Infinity (e.g. 1e400)',
  futureTimestamp: 'timestamp more than ingest.maxFutureSkewMs ahead of the core clock',
  staleTimestamp: 'timestamp older than ingest.maxPastAgeMs',
  outOfOrder: 'timestamp older than the latest accepted sample of the sensor',
  duplicate: 'same timestamp as the latest accepted sample of the sensor',
  unknownTopic: 'topic matches no sensor, mapping, RTLS, weather or Sparkplug convention',
  unknownSensor: 'a mapping or Sparkplug metric names a sensor that is not in the scene',
  unknownBadge: 'RTLS position for a badge that is neither in the scene nor bound to a person in the contractor register',
  sparkplugDecode: 'Sparkplug payload is not a valid protobuf',
  sparkplugNoBirth: 'Sparkplug DATA/DEATH from a node or device with no current BIRTH',
  sparkplugSequence: 'Sparkplug seq gap: data dropped until the rebirth requested',
  sparkplugAlias: 'Sparkplug metric alias not declared in the BIRTH',
  sparkplugStaleDeath: 'Sparkplug NDEATH whose bdSeq does not match the current birth',
  sparkplugLimit: 'Sparkplug BIRTH beyond ingest.sparkplug.maxNodes, maxDevicesPerNode or maxAliases (state the core would have to hold)',
  handlerError: 'a decoder threw on the message (a defect): counted, logged with its stack, and the next message is routed as usual',
} as const;
export type RejectionReason = keyof typeof REJECTION_REASONS;

export type Rejection = { reason: RejectionReason; topic: string; detail?: string };
