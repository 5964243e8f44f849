import i18next, { type TFunction } from 'i18next';

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

/** Who did it, in words: the core's own actors ("system", "simulator") translated, a user name as it is. */
export function actorName(by: string, t: TFunction = i18next.t): string {
  return by === 'system' || by === 'simulator' ? t(`actors.${by}`) : by;
}
