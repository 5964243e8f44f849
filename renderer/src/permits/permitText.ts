import {
  PERMIT_RULES,
  PERMIT_TRANSITIONS,
  PERMIT_ACTIONS,
  roleMay,
  type Permit,
  type PermitAction,
  type PermitRecordView,
  type PermitSignature,
  type PermitState,
  type PermitSuspensionReason,
  type PermitType,
  type Role,
} from '@contracts';
import type { TFunction } from 'i18next';
import { actorName } from '../i18n/coreWords.js';

/**
 * The words and small decisions the permit screens share (issue 17): a permit's grade and state in words,
 * the window's countdown, the steps a role may take and which the state allows, why a permit stands
 * suspended. Pure, so each is unit-tested.
 */

/** The type in GB 30871 words (动火作业…), from the permit alarms' catalogue. */
export function permitTypeText(type: PermitType, t: TFunction): string {
  return t(`permitAlarms.type.${type}`);
}

/** The grade in words for the types that have one (hot work, work at height, lifting); a dash otherwise. */
export function permitGradeText(permit: Permit, t: TFunction): string {
  if (permit.type === 'hotWork' || permit.type === 'workAtHeight' || permit.type === 'lifting') return t(`permits.grade.${permit.type}.${permit.grade}`);
  return t('permits.grade.none');
}

export type Countdown = { kind: 'startsIn' | 'endsIn'; ms: number } | { kind: 'ended' };

/** Where now stands against the work window: before it (time to the start), in it (time left), or after it. */
export function windowCountdown(window: Permit['window'], nowMs: number): Countdown {
  if (nowMs < window.startMs) return { kind: 'startsIn', ms: window.startMs - nowMs };
  if (nowMs < window.endMs) return { kind: 'endsIn', ms: window.endMs - nowMs };
  return { kind: 'ended' };
}

/** A duration as H:MM:SS (hours run past 24: a 72 h second-grade hot-work window counts down from 72:00:00). */
export function clockDuration(ms: number): string {
  const totalS = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(totalS / 3600);
  const m = Math.floor((totalS % 3600) / 60);
  const s = totalS % 60;
  return `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
}

export function countdownText(window: Permit['window'], nowMs: number, t: TFunction): string {
  const countdown = windowCountdown(window, nowMs);
  return countdown.kind === 'ended' ? t('permits.countdown.ended') : t(`permits.countdown.${countdown.kind}`, { time: clockDuration(countdown.ms) });
}

/** The steps a role may take at all (contracts' PERMIT_TRANSITIONS): the buttons a user sees, always in this order. */
export function stepsForRole(role: Role): PermitAction[] {
  return PERMIT_ACTIONS.filter((action) => roleMay(role, PERMIT_TRANSITIONS[action].needs));
}

/** Whether the permit's state lets the step be taken (the core checks again, with the two-person rules and the rest). */
export function stepAllowedIn(action: PermitAction, state: PermitState): boolean {
  return PERMIT_TRANSITIONS[action].from.includes(state);
}

const RULES: ReadonlySet<string> = new Set(PERMIT_RULES);

/** A coded suspension reason in words: a live rule as its alarm condition's words (the rule that stopped the work), else the reason's own. */
export function suspensionReasonText(code: PermitSuspensionReason, t: TFunction): string {
  return RULES.has(code) ? t(`alarms.condition.${code}`) : t(`permits.reason.${code}`);
}

/** The step that stopped the work, while the permit stands suspended (the latest suspension). */
export function standingSuspension(permit: Permit): PermitSignature | undefined {
  if (permit.state !== 'suspended') return undefined;
  return permit.signatures.findLast((s) => s.action === 'suspend');
}

/** Why the permit stands suspended, in words: the coded reason, who (the live rules sign 'system'), and the note. */
export function suspensionText(permit: Permit, t: TFunction): string | null {
  const step = standingSuspension(permit);
  if (!step) return null;
  const reason = step.reasonCode ? suspensionReasonText(step.reasonCode, t) : t('permits.reason.other');
  return t('permits.suspendedBy', { reason, who: [actorName(step.user, t), step.note].filter(Boolean).join(' · ') });
}

/** The signer's role in words; the live rules sign as 'system'. */
export function signerRoleText(role: PermitSignature['role'], t: TFunction): string {
  return role === 'system' ? t('actors.system') : t(`roles.${role}`);
}

/** A name in the document, or the words saying it was withheld from this role (empty strings when withheld). */
export function shownName(name: string | undefined, view: Pick<PermitRecordView, 'namesWithheld'>, t: TFunction): string {
  if (view.namesWithheld) return t('permits.doc.withheld');
  return name ?? '';
}

/**
 * The list after a `permit:changed`: the record replaces its older self in place (rows keep their places),
 * joins the list at its place when new and matching the filter, and leaves it when it no longer matches.
 * Stale changes (a lower revision than the one shown) are ignored: answers and broadcasts can cross.
 */
export function applyPermitChange(list: readonly PermitRecordView[], record: PermitRecordView, matches: (record: PermitRecordView) => boolean): PermitRecordView[] {
  const at = list.findIndex((r) => r.permit.number === record.permit.number);
  if (at >= 0 && list[at]!.revision > record.revision) return [...list];
  if (!matches(record)) return at >= 0 ? list.toSpliced(at, 1) : [...list];
  if (at >= 0) return list.toSpliced(at, 1, record);
  return sortPermits([...list, record]);
}

/** The list's order: by the window's start, latest first (as the register lists), then by number. */
export function sortPermits(list: PermitRecordView[]): PermitRecordView[] {
  return list.sort((a, b) => b.permit.window.startMs - a.permit.window.startMs || a.permit.number.localeCompare(b.permit.number));
}
