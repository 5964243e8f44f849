import { knownDetectionLabel } from '@contracts';
import type { TFunction } from 'i18next';

/**
 * A detection's class in the screen's language: a known class (contracts KNOWN_DETECTION_LABELS, whatever
 * its spelling in the model: "NO-Hardhat", "no_hardhat") by its word; any other as given in English and as
 * "other object" in Chinese, so no English reaches the zh-CN screen.
 */
export function detectionLabelText(t: TFunction, label: string): string {
  const known = knownDetectionLabel(label);
  return known ? t(`cameras.labels.${known}`) : t('cameras.otherLabel', { label });
}
