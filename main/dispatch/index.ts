/**
 * Warning dispatch's rules (issue 19, docs/dispatch.md): the configuration, the duty roster (who is on a post
 * at an instant, validation, spreadsheets), owner rules, the warning clock (deadlines, escalation up the
 * chain, the next wake-up), evacuation rules, automatic dispositions and the disposition statistics. Pure: no
 * I/O, no timers, time is a parameter; imports contracts only. main/dispatchDesk runs them.
 */
export { defaultDispatchConfig, DispatchConfigSchema, EvacuationRuleSchema, type DispatchConfig, type DispatchConfigInput, type EvacuationRule } from './dispatchConfig.js';
export {
  DEMO_ROSTER_FILE,
  dispatchSetupProblems,
  isCalendarDate,
  MAX_ROSTER_PROBLEMS,
  onDutyAt,
  parseRosterJson,
  personByBadge,
  personByUserName,
  personOf,
  RosterFileSchema,
  shiftAt,
  validateRoster,
  type OnDuty,
  type RosterFile,
} from './roster.js';
export { ownerPostOf, type OwnerSubject } from './ownerRules.js';
export { dueEscalation, maxLevel, nextWakeMs, postAtLevel, warningDeadlines, type WarningTimes } from './warningClock.js';
export { evacuationAreaOf } from './evacuationRules.js';
export { autoDisposition, type AutoDispositionReason } from './autoDisposition.js';
export { dispositionStats, type DispositionRow } from './dispositionStats.js';
export { dutyCsv, MAX_CSV_ERRORS, MAX_ROSTER_CSV_CHARS, parseDutyCsv, parsePeopleCsv, type CsvError } from './rosterCsv.js';
export {
  channelCarries,
  ChannelsConfigSchema,
  GROUP_CHANNELS,
  isGroupChannel,
  OUTBOUND_CHANNELS,
  retryDelayMs,
  retryGivenUp,
  type ChannelsConfig,
  type ChannelsConfigInput,
  type DigestConfig,
  type DingtalkChannelConfig,
  type EmailChannelConfig,
  type OutboundChannel,
  type RetryConfig,
  type SmsChannelConfig,
  type WebhookChannelConfig,
  type WebPushChannelConfig,
  type WecomChannelConfig,
} from './channelConfig.js';
export { clipText, GRADE_WORDS, markdownText, MESSAGE_LOCALES, plainText, renderDigestMessage, renderWarningMessage, siteClock, type DigestFacts, type MessageLocale, type MessageNames, type RenderedMessage, type WarningMessageFacts } from './messageText.js';
export { digestFacts, FloodDigest, type DigestItem, type DueDigest } from './floodDigest.js';
