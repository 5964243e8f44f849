/**
 * Warning dispatch in the running core (issue 19, docs/dispatch.md): the warning desk (owners, deadlines,
 * escalation), the outbox (channels, retries, digests) and their HTTP and socket surface. The rules are
 * main/dispatch's; this module keeps time, stores, sends and journals.
 */
export type { DeliveryReport, MessageSink, OutboundMessage } from './outboundMessage.js';
export { EvacuationNotifier, safeMusterPoints, type EvacuationNotices, type EvacuationNotifierOptions, type EvacuationRecord, type EvacuationSubject } from './EvacuationNotifier.js';
export { RosterBook, type RosterBookOptions } from './RosterBook.js';
export { MAX_OPEN_WARNINGS, WarningDesk, warningIdOf, type WarningDeskOptions } from './WarningDesk.js';
export { dispatchCapability, registerDispatchRoutes, type DispatchDeskParts } from './dispatchCapability.js';
export { DISPATCH_JOURNAL_ACTIONS, DISPATCH_USER } from './deskResults.js';
export { MAX_PENDING_DELIVERIES, Outbox, type OutboxOptions, type OutboxStats } from './Outbox.js';
export { MAX_PUSH_SUBSCRIPTIONS, MAX_PUSH_SUBSCRIPTIONS_PER_USER, PushSubscriptionBook } from './PushSubscriptionBook.js';
export { createChannels, VAPID_KEYS_FILE, type ChannelSetup } from './channels/createChannels.js';
export { ChannelError, type Channel, type ChannelTarget, type OutgoingMessage } from './channels/channel.js';
export { sendReportMail } from './channels/emailChannel.js';
export { messageNames } from './messageNames.js';
export { jpegSizePx, MAX_TRAINING_IMAGES, TRAINING_LABELS_FILE, writeTrainingSamples, type SnapshotReader, type TrainingSampleRow, type TrainingSamplesResult } from './trainingSamples.js';
export { outboxCapability, registerOutboxRoutes, type OutboxParts } from './outboxCapability.js';
