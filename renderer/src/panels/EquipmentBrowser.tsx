import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClientScene } from '@contracts';
import { localized } from '../i18n/i18n.js';
import { useStore } from '../state/createStore.js';
import { select, uiStore } from '../state/uiStore.js';

/** The plant as a searchable list grouped by area: the keyboard route to every object in the 3D view. */
export function EquipmentBrowser({ scene }: { scene: ClientScene }) {
  const { t, i18n } = useTranslation();
  const [query, setQuery] = useState('');
  const selection = useStore(uiStore, (s) => s.selection);
  const language = i18n.language;
  const groups = useMemo(() => {
    const needle = query.trim().toLowerCase();
    const matches = scene.equipment.filter((e) => !needle || e.id.toLowerCase().includes(needle) || localized(e.name, language).toLowerCase().includes(needle));
    const byArea = new Map<string, typeof matches>();
    for (const e of matches) {
      const key = e.areaId ?? '';
      byArea.set(key, [...(byArea.get(key) ?? []), e]);
    }
    return [...byArea.entries()].map(([areaId, items]) => ({ areaId, title: localized(scene.areas.find((a) => a.id === areaId)?.name, language) || t('browser.siteWide'), items }));
  }, [scene, query, language, t]);
  const count = groups.reduce((n, g) => n + g.items.length, 0);
  return (
    <nav className="panel browser-panel" aria-labelledby="browser-title">
      <h2 id="browser-title">{t('browser.title')}</h2>
      <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder={t('browser.search')} aria-label={t('browser.search')} data-testid="equipment-search" />
      <p className="muted">{t('browser.count', { count })}</p>
      {count === 0 && <p className="empty">{t('browser.empty')}</p>}
      {groups.map((group) => (
        <div key={group.areaId} className="browser-group">
          <h3>{group.title}</h3>
          <ul>
            {group.items.map((e) => (
              <li key={e.id}>
                <button
                  type="button"
                  data-testid={`browse-${e.id}`}
                  aria-current={selection?.kind === 'equipment' && selection.id === e.id}
                  onClick={() => select({ kind: 'equipment', id: e.id }, true)}
                >
                  <span className="tag">{e.id}</span> {localized(e.name, language)}
                </button>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </nav>
  );
}
