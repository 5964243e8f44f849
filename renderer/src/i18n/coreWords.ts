import i18next, { type TFunction } from 'i18next';
import { ROLES } from '@contracts';

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
