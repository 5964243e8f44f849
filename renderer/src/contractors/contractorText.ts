import type { TFunction } from 'i18next';
import type { PersonView } from '@contracts';

/** How a line of a person's standing is shown (ISA-101: grey when normal, the alarm colours only when not). */
export type StandingLevel = 'normal' | 'low' | 'medium';
export type StandingLine = { text: string; level: StandingLevel };

/**
 * A person's standing in words, in the UI language: each problem that keeps them from any work (medium, as a
 * 7-day expiry: the person may not work until it is put right), then the expiry warning of their certificates
 * (low at 30 days, medium at 7 or once expired, as the alarms' priorities), or that they may enter.
 */
export function standingLines(view: Pick<PersonView, 'person' | 'standing'>, t: TFunction): StandingLine[] {
  if (!view.person.active) return [{ text: t('contractors.inactive'), level: 'normal' }];
  const certificate = (type: string | undefined) => (type === undefined ? '' : t(`contractors.certificate.${type}`));
  const lines: StandingLine[] = view.standing.problems.map((p) => ({ text: t(`contractors.problem.${p.code}`, { certificate: certificate(p.certificateType) }), level: 'medium' }));
  const expiry = view.standing.expiry;
  if (expiry) {
    const name = certificate(expiry.certificateType);
    const text = expiry.daysLeft > 0 ? t('contractors.expiresIn', { certificate: name, count: expiry.daysLeft }) : expiry.daysLeft === 0 ? t('contractors.expiresToday', { certificate: name }) : t('contractors.expiredAgo', { certificate: name, count: -expiry.daysLeft });
    lines.push({ text, level: expiry.condition === 'certificateExpiresWithin7Days' ? 'medium' : 'low' });
  }
  return lines.length > 0 ? lines : [{ text: t('contractors.standingOk'), level: 'normal' }];
}

/** People needing attention first (problems, then the nearest expiry), then by code. */
export function sortForAttention<T extends Pick<PersonView, 'person' | 'standing'>>(people: readonly T[]): T[] {
  const rank = (p: T) => (!p.person.active ? 3 : p.standing.problems.length > 0 ? 0 : p.standing.expiry ? 1 : 2);
  return [...people].sort((a, b) => rank(a) - rank(b) || (a.standing.expiry?.daysLeft ?? 0) - (b.standing.expiry?.daysLeft ?? 0) || a.person.id.localeCompare(b.person.id));
}
