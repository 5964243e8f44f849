import { useTranslation } from 'react-i18next';
import type { Alarm } from '@contracts';
import { useCoreState } from '../connection/CoreClientContext.js';
import { localized } from '../i18n/i18n.js';
import { select } from '../state/uiStore.js';
import { linkedAlarms } from './alarmLinks.js';
import { alarmSelection, personLabel } from './personText.js';

/** One link table per alarm map (every row of a flood asks; the map is replaced on each change). */
const cache = new WeakMap<ReadonlyMap<string, Alarm>, Map<string, string[]>>();
export function linksOf(alarms: ReadonlyMap<string, Alarm>): Map<string, string[]> {
  let links = cache.get(alarms);
  if (!links) cache.set(alarms, (links = linkedAlarms(alarms.values())));
  return links;
}

/** "Linked: camera Main gate" on a badge alarm, "Linked: badge alarm 罗静" on a camera alarm; a click goes to the other. */
export function LinkedAlarms({ alarm }: { alarm: Alarm }) {
  const { t, i18n } = useTranslation();
  const alarms = useCoreState((s) => s.alarms);
  const scene = useCoreState((s) => s.scene);
  const role = useCoreState((s) => s.user?.role ?? null);
  const linked = (linksOf(alarms).get(alarm.alarmId) ?? []).map((id) => alarms.get(id)).filter((a): a is Alarm => a !== undefined);
  return (
    <>
      {linked.map((other) => (
        <button key={other.alarmId} type="button" className="link people-linked" data-testid="alarm-linked" data-linked-id={other.alarmId} onClick={() => select(alarmSelection(other), true)}>
          {t('people.strip.linked', {
            what:
              other.sourceKind === 'camera'
                ? t('people.strip.linkedCamera', { camera: localized(scene?.cameras.find((c) => c.id === other.sourceId)?.name, i18n.language) || other.sourceId })
                : t('people.strip.linkedBadge', { who: personLabel(scene, role, other.sourceId, t) }),
          })}
        </button>
      ))}
    </>
  );
}
