import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { ClientScene } from '@contracts';
import { useCoreState } from '../connection/CoreClientContext.js';
import { localized } from '../i18n/i18n.js';
import { select } from '../state/uiStore.js';
import { personLabel } from './personText.js';
import { searchEntries, type SearchEntry } from './searchIndex.js';

const LANGUAGES = ['en', 'zh-CN'] as const;

/** Everything searchable, with its texts in both languages (a name only where the client's scene holds one). */
function buildEntries(scene: ClientScene, mayViewNames: boolean, tFor: (language: string) => TFunction): SearchEntry[] {
  const both = (text: { en: string; 'zh-CN'?: string | undefined } | undefined) => (text ? [text.en, text['zh-CN'] ?? ''].filter(Boolean) : []);
  const translated = (key: string, options: Record<string, string> = {}) => LANGUAGES.map((l) => String(tFor(l)(key, options)));
  const substance = (id: string | undefined) => both(scene.substances.find((s) => s.id === id)?.name);
  return [
    ...scene.personnel.map((p) => ({ kind: 'worker' as const, id: p.badgeId, texts: [...(mayViewNames && p.displayName ? [p.displayName] : []), ...translated('people.badge', { id: p.badgeId })] })),
    ...scene.equipment.map((e) => ({ kind: 'equipment' as const, id: e.id, texts: [...both(e.name), ...substance(e.substanceId)] })),
    ...scene.sensors.map((s) => ({ kind: 'sensor' as const, id: s.id, texts: [...both(s.name), ...translated(`sensorKind.${s.kind}`), ...substance(s.substanceId)] })),
    ...scene.areas.map((a) => ({ kind: 'area' as const, id: a.id, texts: both(a.name) })),
    ...scene.cameras.map((c) => ({ kind: 'camera' as const, id: c.id, texts: both(c.name) })),
  ];
}

/**
 * One search over equipment, tags, badges, names (roles allowed), areas and cameras, in both languages.
 * Keyboard first: "/" or Ctrl+K focuses it, arrows move, Enter flies to the pick, Esc closes.
 */
export function SiteSearch({ scene }: { scene: ClientScene }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const user = useCoreState((s) => s.user);
  const role = user?.role ?? null;
  const mayViewNames = scene.personnel.some((p) => p.displayName !== undefined);
  const entries = useMemo(() => buildEntries(scene, mayViewNames, (l) => i18n.getFixedT(l)), [scene, mayViewNames, i18n]);
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const listId = useId();
  const hits = useMemo(() => searchEntries(entries, query), [entries, query]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      const typing = target !== null && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.isContentEditable);
      const ctrlK = (event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'k';
      if (ctrlK || (event.key === '/' && !typing && !event.ctrlKey && !event.altKey && !event.metaKey)) {
        event.preventDefault();
        input.current?.focus();
        input.current?.select();
        setOpen(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const label = (entry: SearchEntry): string => {
    switch (entry.kind) {
      case 'worker':
        return personLabel(scene, role, entry.id, t);
      case 'equipment':
        return localized(scene.equipment.find((e) => e.id === entry.id)?.name, language);
      case 'sensor': {
        const sensor = scene.sensors.find((s) => s.id === entry.id);
        return localized(sensor?.name, language) || (sensor ? t(`sensorKind.${sensor.kind}`) : '');
      }
      case 'area':
        return localized(scene.areas.find((a) => a.id === entry.id)?.name, language);
      case 'camera':
        return localized(scene.cameras.find((c) => c.id === entry.id)?.name, language);
    }
  };
  // Area ids are internal names (tankFarm), not tags: shown by name only; a badge without a name is already in its label.
  const tagOf = (entry: SearchEntry) => (entry.kind === 'area' || (entry.kind === 'worker' && !mayViewNames) ? null : entry.id);
  const pick = (entry: SearchEntry) => {
    select({ kind: entry.kind, id: entry.id }, true);
    setOpen(false);
    setQuery('');
    input.current?.blur();
  };
  const showList = open && query.trim() !== '';

  return (
    <div className="site-search" data-testid="site-search">
      <input
        ref={input}
        type="search"
        role="combobox"
        aria-label={t('people.search.label')}
        aria-expanded={showList}
        aria-controls={listId}
        aria-activedescendant={showList && hits[active] ? `${listId}-${active}` : undefined}
        placeholder={t('people.search.placeholder')}
        value={query}
        data-testid="site-search-input"
        onChange={(event) => {
          setQuery(event.target.value);
          setActive(0);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown') setActive((i) => Math.min(i + 1, Math.max(hits.length - 1, 0)));
          else if (event.key === 'ArrowUp') setActive((i) => Math.max(i - 1, 0));
          else if (event.key === 'Enter' && hits[active]) pick(hits[active].entry);
          else if (event.key === 'Escape') {
            setQuery('');
            setOpen(false);
            input.current?.blur();
          } else return;
          event.preventDefault();
        }}
      />
      {showList && (
        <ul role="listbox" id={listId} aria-label={t('people.search.results')} data-testid="site-search-results">
          {hits.length === 0 && <li className="search-none">{t('people.search.none')}</li>}
          {hits.map((hit, i) => (
            <li
              key={`${hit.entry.kind}:${hit.entry.id}`}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              data-kind={hit.entry.kind}
              data-id={hit.entry.id}
              // mousedown, not click: the input's blur would close the list before a click lands
              onMouseDown={(event) => {
                event.preventDefault();
                pick(hit.entry);
              }}
            >
              <span className="search-kind">{t(`people.search.kind.${hit.entry.kind}`)}</span>
              <span>{label(hit.entry)}</span>
              {tagOf(hit.entry) !== null && <span className="tag">{tagOf(hit.entry)}</span>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
