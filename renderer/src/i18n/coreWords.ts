import i18next, { type TFunction } from 'i18next';
import { ROLES, type TimelineMarker } from '@contracts';
import { localized } from './i18n.js';

/**
 * A problem from the core in the UI language. In English the core's own message (it names the detail);
 * in any other language the words for its stable code (ST_ERR_<AREA>_<WHAT>), or "could not be carried
 * out (code)" for a code this build has no words for, never the English message.
 */
export function problemText(problem: { code: string; message: string }, t: TFunction = i18next.t): string {
  if (i18next.language === 'en') return problem.message;
  const key = `problemCodes.${problem.code}`;
  return i18next.exists(key) ? t(key) : t('problemCodes.unknown', { code: problem.code });
}

/**
 * Who did it, in words: the core's own actors ("system", "simulator") and the implicit local session
 * (main/auth/Authenticator names it local-<role>) translated; a user's name as it is.
 */
export function actorName(by: string, t: TFunction = i18next.t): string {
  if (by === 'system' || by === 'simulator') return t(`actors.${by}`);
  const localRole = /^local-(.+)$/.exec(by)?.[1];
  if (localRole !== undefined && (ROLES as readonly string[]).includes(localRole)) return t('actors.local', { role: t(`roles.${localRole}`) });
  return by;
}

/**
 * A drill, simulation or incident mark in the UI language: what it records, by its code (contracts/replay.ts
 * TimelineMarkWhat), with scene names in that language. A user's own note, and the English label of a
 * recording made before marks had codes, as recorded.
 */
export function markText(mark: Pick<TimelineMarker, 'what' | 'label'>, t: TFunction = i18next.t, language: string = i18next.language): string {
  const what = mark.what;
  if (!what) return mark.label;
  const params: Record<string, string> = {};
  for (const [name, value] of Object.entries(what)) if (name !== 'code') params[name] = typeof value === 'string' ? value : localized(value, language);
  if (what.code === 'simulationRecorded') params.model = t(`timelineMarks.models.${what.model}`, { defaultValue: t('timelineMarks.models.other') });
  return t(`timelineMarks.${what.code}`, params);
}
