import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { PERMIT_STATES, PERMIT_TYPES, roleMay, type ClientScene, type PermitListQuery, type PermitRecordView, type PermitState, type PermitType } from '@contracts';
import { useCoreState } from '../connection/CoreClientContext.js';
import { useStore } from '../state/createStore.js';
import { PermitDetailView } from './PermitDetailView.js';
import { PermitDraftForm } from './PermitDraftForm.js';
import { PermitList } from './PermitList.js';
import { permitFeedStore, UNFINISHED_PERMIT_STATES } from './permitFeed.js';
import { permitPanelStore, type StateFilter } from './permitPanelStore.js';
import { permitTypeText, sortPermits } from './permitText.js';
import { usePermitList } from './usePermitList.js';
import './permits.css';

/**
 * The control room's permits tab (issue 17): the current special-operation permits with their state, type,
 * grade, number, area and countdown, filtered by state and type; one permit's document and signed trace with
 * the steps the user's role may take; a new hot-work draft. Reached by the tab or the P key.
 */
export function PermitsPanel({ scene }: { scene: ClientScene }) {
  const view = useStore(permitPanelStore, (s) => s.view);
  const focusRequest = useStore(permitPanelStore, (s) => s.focusRequest);
  const root = useRef<HTMLDivElement>(null);
  // Asked for by key or from the strip: the keyboard goes on from here (Tab reaches the filters and the rows).
  useEffect(() => {
    if (focusRequest > 0) root.current?.focus();
  }, [focusRequest]);
  return (
    <div className="permits-root" ref={root} tabIndex={-1}>
      {view.kind === 'detail' ? <PermitDetailView key={view.number} scene={scene} number={view.number} /> : view.kind === 'draft' ? <PermitDraftForm scene={scene} /> : <PermitListView scene={scene} />}
    </div>
  );
}

function PermitListView({ scene }: { scene: ClientScene }) {
  const { t } = useTranslation();
  const user = useCoreState((s) => s.user);
  const stateFilter = useStore(permitPanelStore, (s) => s.stateFilter);
  const typeFilter = useStore(permitPanelStore, (s) => s.typeFilter);
  // Unfinished permits come from the screen's feed; closed and reviewed ones (the register's history) are asked for.
  const fromFeed = stateFilter === 'current' || UNFINISHED_PERMIT_STATES.includes(stateFilter as PermitState);
  const feed = useStore(permitFeedStore, (s) => s);
  const query = useMemo<PermitListQuery | null>(
    () => (fromFeed ? null : { ...(stateFilter !== 'all' && { states: [stateFilter as PermitState] }), ...(typeFilter !== 'any' && { types: [typeFilter] }) }),
    [fromFeed, stateFilter, typeFilter],
  );
  const matches = (record: PermitRecordView) =>
    (stateFilter === 'current' || stateFilter === 'all' || record.permit.state === stateFilter) && (typeFilter === 'any' || record.permit.type === typeFilter);
  const history = usePermitList(query, matches);
  const feedPermits = useMemo(() => sortPermits([...feed.permits.values()].filter(matches)), [feed.permits, stateFilter, typeFilter]);
  const permits = fromFeed ? (feed.status === 'loading' ? null : feedPermits) : history.permits;
  const problem = fromFeed ? feed.problem : history.problem;
  const mayApply = user !== null && roleMay(user.role, 'permit:apply');
  const setFilter = (patch: Partial<{ stateFilter: StateFilter; typeFilter: PermitType | 'any' }>) => permitPanelStore.set(patch);

  return (
    <section className="permits-panel" data-testid="permits-panel" aria-label={t('permits.title')}>
      <h3>
        {t('permits.title')} <span className="muted permit-shortcut">{t('permits.shortcut')}</span>
      </h3>
      <div className="permits-filters">
        <label>
          {t('permits.filterState')}{' '}
          <select value={stateFilter} onChange={(e) => setFilter({ stateFilter: e.target.value as StateFilter })} data-testid="permits-filter-state">
            <option value="current">{t('permits.active')}</option>
            <option value="all">{t('permits.anyState')}</option>
            {PERMIT_STATES.map((s) => (
              <option key={s} value={s}>
                {t(`permits.state.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('permits.filterType')}{' '}
          <select value={typeFilter} onChange={(e) => setFilter({ typeFilter: e.target.value as PermitType | 'any' })} data-testid="permits-filter-type">
            <option value="any">{t('permits.anyType')}</option>
            {PERMIT_TYPES.map((type) => (
              <option key={type} value={type}>
                {permitTypeText(type, t)}
              </option>
            ))}
          </select>
        </label>
        {mayApply && (
          <button type="button" onClick={() => permitPanelStore.set({ view: { kind: 'draft' } })} data-testid="permit-new">
            {t('permits.newPermit')}
          </button>
        )}
      </div>
      {problem ? (
        <p className="form-error" role="alert" data-testid="permits-problem">
          {problem}
        </p>
      ) : permits === null ? (
        <p className="empty">{t('permits.loading')}</p>
      ) : (
        <PermitList scene={scene} permits={permits} />
      )}
    </section>
  );
}
