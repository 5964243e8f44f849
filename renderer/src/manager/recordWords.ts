import type { TFunction } from 'i18next';
import type { IndicatorRecordRef } from '@contracts';
import { localized } from '../i18n/i18n.js';
import { describeAlarmSource, type SourceScene } from '../panels/alarmSource.js';

/** The parts of the scene a record is named from: areas, and what an alarm's source or a camera event names. */
export type RecordScene = SourceScene;

/**
 * A drill-down record (IndicatorRecordRef) in the UI language: its fields worded through the same words as their own
 * screens (the alarm list's priorities and conditions, the hazards' kinds, the permit alarms' permit types, dispatch's
 * dispositions, the incident log's severities), areas, sensors and cameras by their scene names, then the text a user wrote (`label`) as it is.
 * Parts are joined with ' · '; an id shows only where it is what people read (a ticket's or permit's number, a tag).
 */
export function recordText(record: IndicatorRecordRef, scene: RecordScene | null, language: string, t: TFunction): string {
  const areaName = (id: string | undefined) => localized(scene?.areas.find((a) => a.id === id)?.name, language);
  const parts: string[] = [];
  switch (record.kind) {
    case 'alarm':
    case 'warning': {
      const source = describeAlarmSource({ sourceKind: record.sourceKind, sourceId: record.sourceId ?? '', areaId: record.areaId }, scene, language, t);
      if (record.kind === 'alarm') parts.push(t(`alarms.priority.${record.priority}`));
      parts.push(source.description || (source.tag ?? ''), t(`alarms.condition.${record.condition}`));
      if (source.area !== source.description) parts.push(source.area);
      if (record.kind === 'warning' && record.disposition) parts.push(t(`dispatch.disposition.${record.disposition}`));
      break;
    }
    case 'hazard':
      parts.push(record.number, t(`hazards.kind.${record.hazardKind}`), areaName(record.areaId));
      break;
    case 'permit':
      parts.push(record.number, t('permitAlarms.source', { type: t(`permitAlarms.type.${record.permitType}`) }), areaName(record.areaId));
      break;
    case 'cameraEvent':
      parts.push(localized(scene?.cameras.find((c) => c.id === record.cameraId)?.name, language) || record.cameraId);
      break;
    case 'incident':
      parts.push(t(`manager.incidents.severities.${record.severity}`), areaName(record.areaId));
      break;
    case 'drill':
      break;
  }
  if (record.label) parts.push(record.label);
  return parts.filter(Boolean).join(' · ');
}
