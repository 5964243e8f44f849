import type { TFunction } from 'i18next';
import { indicatorSourceText, type Alarm, type Scene } from '@contracts';
import { localized } from '../i18n/i18n.js';

/** The parts of the scene an alarm's source is named from (a client's scene may lack personal names). */
export type SourceScene = Pick<Scene, 'sensors' | 'areas' | 'equipment' | 'substances' | 'organisation'> & {
  cameras: readonly { id: string; name: Scene['cameras'][number]['name']; areaId?: string | undefined }[];
  personnel: readonly { badgeId: string; displayName?: string | undefined }[];
};

/**
 * An alarm's source in words, in the UI language, for the operator who does not know every tag by
 * heart (EEMUA 191 §8.2: an alarm message says what and where): the tag (or null when the source is an
 * area, whose id means nothing to a reader), a description (sensor kind, substance and the equipment
 * it watches; an area, camera or person by name) and the area's name.
 */
export type AlarmSourceText = { tag: string | null; description: string; area: string };

export function describeAlarmSource(alarm: Pick<Alarm, 'sourceKind' | 'sourceId' | 'areaId' | 'permitType'>, scene: SourceScene | null, language: string, t: TFunction): AlarmSourceText {
  const areaName = (id: string | undefined) => localized(scene?.areas.find((a) => a.id === id)?.name, language);
  switch (alarm.sourceKind) {
    case 'sensor': {
      const sensor = scene?.sensors.find((s) => s.id === alarm.sourceId);
      if (!sensor) return { tag: alarm.sourceId, description: '', area: areaName(alarm.areaId) };
      const substance = localized(scene?.substances.find((s) => s.id === sensor.substanceId)?.name, language);
      const equipment = localized(scene?.equipment.find((e) => e.id === sensor.equipmentId)?.name, language);
      const kind = t(`sensorKind.${sensor.kind}`);
      const what = localized(sensor.name, language) || (substance ? t('alarmHandling.source.kindOf', { kind, substance }) : kind);
      return { tag: sensor.id, description: [what, equipment].filter(Boolean).join(' · '), area: areaName(sensor.areaId ?? alarm.areaId) };
    }
    case 'area':
      return { tag: null, description: areaName(alarm.sourceId) || t('alarmHandling.source.unknownArea'), area: areaName(alarm.sourceId) };
    case 'camera': {
      const camera = scene?.cameras.find((c) => c.id === alarm.sourceId);
      return { tag: alarm.sourceId, description: localized(camera?.name, language), area: areaName(alarm.areaId ?? camera?.areaId) };
    }
    case 'worker': {
      // A name only where the scene carries it (roles with personnel:viewNames); otherwise "worker" and the badge.
      const name = scene?.personnel.find((p) => p.badgeId === alarm.sourceId)?.displayName;
      return { tag: alarm.sourceId, description: name ?? t('alarmHandling.source.worker'), area: areaName(alarm.areaId) };
    }
    case 'permit':
      // The permit's number is its tag (编号, as printed on the permit); its operation in the UI language (动火作业票).
      return {
        tag: alarm.sourceId,
        description: alarm.permitType ? t('permitAlarms.source', { type: t(`permitAlarms.type.${alarm.permitType}`) }) : t('permitAlarms.unknown'),
        area: areaName(alarm.areaId),
      };
    case 'person':
      // A registered person's code (一人一码) is the tag: a certificate-expiry alarm concerns their record, and no name is shown here.
      return { tag: alarm.sourceId, description: t('contractors.person'), area: areaName(alarm.areaId) };
    case 'inspection':
      // A plan's code is its tag (as on the inspection schedule); the round concerns the plan's areas.
      return { tag: alarm.sourceId, description: t('hazards.inspectionPlan'), area: areaName(alarm.areaId) };
    case 'hazard':
      // The ticket's number (隐患编号) is its tag.
      return { tag: alarm.sourceId, description: t('hazards.ticket'), area: areaName(alarm.areaId) };
    case 'indicator':
      // `<indicatorId>/<dimension>/<key>` means nothing to a reader: the indicator's name and the place or organisation it is about.
      return { tag: null, description: indicatorSourceText(alarm.sourceId, language, scene) ?? t('alarmHandling.source.indicator'), area: areaName(alarm.areaId) };
  }
}

/**
 * An alarm named by its id alone (`${sourceId}:${condition}`, as KPI lists carry it) in words: the area's
 * name for an area alarm, else the tag or badge, and the condition in the UI language.
 */
export function alarmIdText(alarmId: string, scene: Pick<SourceScene, 'areas' | 'organisation'> | null, language: string, t: TFunction): string {
  const at = alarmId.lastIndexOf(':');
  if (at < 0) return alarmId;
  const sourceId = alarmId.slice(0, at);
  const source = localized(scene?.areas.find((a) => a.id === sourceId)?.name, language) || indicatorSourceText(sourceId, language, scene) || sourceId;
  return `${source} ${t(`alarms.condition.${alarmId.slice(at + 1)}`)}`;
}

/** An alarm's value as shown beside it: 4 significant digits and its unit (its sensor's, else the alarm's own, e.g. a man-down's seconds). */
export function alarmValueText(alarm: Pick<Alarm, 'value' | 'unit'>, sensorUnit: string | undefined, t: TFunction): string {
  if (alarm.value === undefined) return '';
  const unit = sensorUnit ?? alarm.unit;
  const value = Number(alarm.value.toPrecision(4));
  if (!unit) return String(value);
  // Units of time and length are words in Chinese (天, 秒, 米); instrument units (%LEL, ppm, °C) are symbols in both.
  const worded = WORDED_UNITS[unit];
  return worded ? t(worded, { value }) : `${value} ${unit}`;
}
/** Alarm value units written through the catalogue (core alarms carry SI symbols: contractors' days, man-down seconds). */
const WORDED_UNITS: Readonly<Record<string, string>> = { d: 'units.days', s: 'units.seconds', m: 'units.metres' };
