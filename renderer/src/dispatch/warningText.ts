import type { TFunction } from 'i18next';
import type { LocalizedText, WarningView } from '@contracts';
import { actorName } from '../i18n/coreWords.js';
import { localized } from '../i18n/i18n.js';

/** A moment of a warning's record: date and time, 24 h, in the UI language. */
export function timeText(ms: number, language: string): string {
  return new Date(ms).toLocaleString(language, { month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
}

/** Who did it: the desk's own steps (by 'dispatch': a roster seeded from its file, a rule's disposition) as the system's, a user's name as it is. */
export function byText(by: string, t: TFunction): string {
  return actorName(by === 'dispatch' ? 'system' : by, t);
}

/** A post by its roster name in the UI language, never its id. */
export function postText(postId: string, posts: ReadonlyMap<string, LocalizedText>, language: string, t: TFunction): string {
  const name = posts.get(postId);
  return name ? localized(name, language) : t('dispatch.countdown.unknownPost');
}

/**
 * A person as this role may see them: the name, or that the name is withheld (roles without personnel:viewNames get
 * ''), or nobody on duty (null). Never the roster id.
 */
export function personText(personId: string | null, name: string | undefined, t: TFunction): string {
  if (personId === null) return t('dispatch.detail.nobody');
  return name ? name : t('dispatch.detail.noName');
}

/** Every name the warning itself carries, by person id: its owner, deputies and escalations'. */
export function namesOf(warning: WarningView): Map<string, string> {
  const names = new Map<string, string>();
  const add = (id: string | null, name: string) => id !== null && name && names.set(id, name);
  add(warning.owner.personId, warning.owner.name);
  for (const d of warning.owner.deputies) add(d.personId, d.name);
  for (const e of warning.escalations) add(e.personId, e.name);
  return names;
}
