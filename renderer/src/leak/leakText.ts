import type { ClientScene, DispersionWarning } from '@contracts';
import type { TFunction } from 'i18next';
import { localized } from '../i18n/i18n.js';

/**
 * Words of the leak picture in the UI language (issue 12.7): the substance by the scene's own
 * localized name (the dispersion table's English name only where the scene has none), and the model's
 * warnings by code, naming the leak by its equipment.
 */
export function leakSubstanceName(scene: ClientScene | null | undefined, leak: { substanceId: string; substanceName: string }, language: string): string {
  const substance = scene?.substances.find((s) => s.id === leak.substanceId);
  return substance ? localized(substance.name, language) : leak.substanceName;
}

export function dispersionWarningWords(warning: DispersionWarning, t: TFunction, language: string, leakName: (leakId: string) => string, equipmentName: (id: string) => string): string {
  const params = Object.fromEntries(Object.entries(warning.params).map(([key, value]) => [key, typeof value === 'number' ? value.toLocaleString(language) : value]));
  if (typeof warning.params.equipmentId === 'string') params.equipment = equipmentName(warning.params.equipmentId);
  const text = t(`leak.warnings.${warning.code}`, params);
  return warning.leakId === undefined ? text : t('leak.warnings.about', { leak: leakName(warning.leakId), text });
}
