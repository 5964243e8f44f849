/**
 * Warning dispatch in the running core (issue 19, docs/dispatch.md): the warning desk (owners, deadlines,
 * escalation), the outbox (channels, retries, digests) and their HTTP and socket surface. The rules are
 * main/dispatch's; this module keeps time, stores, sends and journals.
 */
export type { DeliveryReport, MessageSink, OutboundMessage } from './outboundMessage.js';
export { EvacuationNotifier, safeMusterPoints, type EvacuationNotices, type EvacuationNotifierOptions, type EvacuationRecord, type EvacuationSubject } from './EvacuationNotifier.js';
