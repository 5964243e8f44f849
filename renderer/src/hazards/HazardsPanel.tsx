import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClientScene, HazardTicketDetail, HazardTicketView } from '@contracts';
import { useCoreClient } from '../connection/CoreClientContext.js';
import { localized } from '../i18n/i18n.js';
import { useHeldList } from '../panels/useHoldWhileEngaged.js';
import { useStore } from '../state/createStore.js';
import { useNowMs } from '../state/useNowMs.js';
import { placeText } from '../people/personText.js';
import { hazardFeedStore, hazardPanelStore, openHazard, ticketPath } from './hazardFeed.js';
import { ageText, deadlineStanding, deadlineText, durationText, OPEN_HAZARD_STATES, personText } from './hazardText.js';
import { HazardMediaStrip } from './HazardMedia.js';
import { HazardSteps } from './HazardSteps.js';
import { InspectionsSection } from './InspectionsSection.js';
import { MonthlyAnalysis, monthlyAnalysisStore } from './MonthlyAnalysis.js';
import './hazards.css';

/** The area a ticket lies in, by its scene name in the screen's language (never the area's id). */
function areaText(scene: ClientScene, areaId: string | undefined, language: string, t: (key: string) => string): string {
  const area = areaId === undefined ? undefined : scene.areas.find((a) => a.id === areaId);
  return area ? localized(area.name, language) : t('hazards.room.noArea');
}

/**
 * The control room's hidden-danger tab (issue 18 item 2): the open tickets, newest first, filtered by state; one
 * ticket's report, photos, signed trail, likely duplicates and the steps this user may take. Opened by the tab, a
 * pin's click or a report just filed (openHazard).
 */
export function HazardsPanel({ scene }: { scene: ClientScene }) {
  const view = useStore(hazardPanelStore, (s) => s.view);
  const focusRequest = useStore(hazardPanelStore, (s) => s.focusRequest);
  const root = useRef<HTMLDivElement>(null);
  // Asked for by a pin or a report: the keyboard goes on from here.
  useEffect(() => {
    if (focusRequest > 0) root.current?.focus();
  }, [focusRequest]);
  return (
    <div className="hazards-root" ref={root} tabIndex={-1}>
      {view.kind !== 'detail' && <SectionSwitch inspections={view.kind === 'inspections'} />}
      {view.kind === 'detail' ? <HazardDetailView key={view.number} scene={scene} number={view.number} /> : view.kind === 'inspections' ? <InspectionsSection /> : <HazardListView scene={scene} />}
      <MonthlyAnalysis scene={scene} />
    </div>
  );
}

/** The tab's two sections, tickets and inspection rounds, and the monthly analysis opened large over the screen. */
function SectionSwitch({ inspections }: { inspections: boolean }) {
  const { t } = useTranslation();
  return (
    <div className="hazards-sections">
      <span role="group" aria-label={t('hazards.room.sections')}>
        <button type="button" aria-pressed={!inspections} onClick={() => hazardPanelStore.set({ view: { kind: 'list' } })} data-testid="hazards-section-tickets">
          {t('hazards.room.sectionTickets')}
        </button>
        <button type="button" aria-pressed={inspections} onClick={() => hazardPanelStore.set({ view: { kind: 'inspections' } })} data-testid="hazards-section-inspections">
          {t('hazards.inspections.title')}
        </button>
      </span>
      <button type="button" onClick={() => monthlyAnalysisStore.set({ open: true })} data-testid="hazards-open-analysis">
        {t('hazards.analysis.title')}
      </button>
    </div>
  );
}

function HazardListView({ scene }: { scene: ClientScene }) {
  const { t } = useTranslation();
  const feed = useStore(hazardFeedStore, (s) => s);
  const stateFilter = useStore(hazardPanelStore, (s) => s.stateFilter);
  const shown = feed.tickets.filter((v) => stateFilter === 'open' || v.ticket.state === stateFilter);
  return (
    <section className="hazards-panel" data-testid="hazards-panel" aria-label={t('hazards.room.title')}>
      <h3>{t('hazards.room.title')}</h3>
      <label className="hazards-filter">
        {t('hazards.room.filterState')}{' '}
        <select value={stateFilter} onChange={(e) => hazardPanelStore.set({ stateFilter: e.target.value as typeof stateFilter })} data-testid="hazards-filter-state">
          <option value="open">{t('hazards.room.anyOpen')}</option>
          {OPEN_HAZARD_STATES.map((s) => (
            <option key={s} value={s}>
              {t(`hazards.state.${s}`)}
            </option>
          ))}
        </select>
      </label>
      {feed.status === 'loading' ? (
        <p className="empty">{t('hazards.room.loading')}</p>
      ) : feed.status === 'unavailable' ? (
        <p className="empty" data-testid="hazards-unavailable">{t('hazards.room.unavailable')}</p>
      ) : (
        <HazardList scene={scene} tickets={shown} />
      )}
    </section>
  );
}

/**
 * One row per ticket. While the pointer is over the list or keyboard focus is in it, rows keep their order (a
 * re-read ticket updates where it stands; a new report waits below; one that left stays until released), so the
 * row about to be clicked does not move — as the permit list holds its rows (useHoldWhileEngaged).
 */
function HazardList({ scene, tickets }: { scene: ClientScene; tickets: readonly HazardTicketView[] }) {
  const { t, i18n } = useTranslation();
  const nowMs = useNowMs(10_000);
  const { rows, ref, onFocus, onBlur } = useHeldList<HTMLUListElement, HazardTicketView>(tickets, (v) => v.ticket.number);
  return (
    <ul className="hazard-list" ref={ref} onFocus={onFocus} onBlur={onBlur} data-testid="hazard-list">
      {rows.length === 0 && <li className="empty">{t('hazards.room.none')}</li>}
      {rows.map((view) => {
        const { ticket } = view;
        const standing = deadlineStanding(view, nowMs);
        const overdue = standing.kind === 'overdue';
        return (
          <li key={ticket.number}>
            <button
              type="button"
              className={`hazard-row${overdue ? ' overdue' : ''}${ticket.grade === 'major' ? ' major' : ''}`}
              onClick={() => openHazard(ticket.number)}
              data-testid="hazard-row"
              data-number={ticket.number}
              data-state={ticket.state}
              data-overdue={overdue ? 'true' : 'false'}
            >
              <span className="hazard-row-main">
                <span className="hazard-state">{t(`hazards.state.${ticket.state}`)}</span>
                <span className="hazard-grade">{t(`hazards.grade.${ticket.grade}`)}</span>
                <span>{t(`hazards.kind.${ticket.kind}`)}</span>
                <span className="hazard-number">{ticket.number}</span>
              </span>
              <span className="hazard-row-sub">
                <span>{areaText(scene, ticket.location.areaId, i18n.language, t)}</span>
                <span>{ageText(ticket.reportedAtMs, nowMs, t)}</span>
                <span className="hazard-deadline" data-testid="hazard-deadline">
                  {deadlineText(standing, t)}
                </span>
              </span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}

const clock = (ms: number, language: string) => new Date(ms).toLocaleString(language, { hour12: false, month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });

/** One ticket: the report, where, before and after photos, the signed trail, likely duplicates and the steps. */
function HazardDetailView({ scene, number }: { scene: ClientScene; number: string }) {
  const { t, i18n } = useTranslation();
  const client = useCoreClient();
  const language = i18n.language;
  const nowMs = useNowMs(10_000);
  const [detail, setDetail] = useState<HazardTicketDetail | null | 'missing'>(null);
  // Read on opening, and again whenever the feed re-read this ticket (someone took a step).
  const fromFeed = useStore(hazardFeedStore, (s) => s.tickets.find((v) => v.ticket.number === number)?.revision ?? -1);
  useEffect(() => {
    let current = true;
    void client.getJson<HazardTicketDetail>(ticketPath(number)).then((d) => current && setDetail(d ?? 'missing'));
    return () => {
      current = false;
    };
  }, [client, number, fromFeed]);
  const back = (
    <button type="button" onClick={() => hazardPanelStore.set({ view: { kind: 'list' } })} data-testid="hazard-back">
      {t('hazards.room.back')}
    </button>
  );
  if (detail === null) return <p className="loading">{t('hazards.room.loading')}</p>;
  if (detail === 'missing')
    return (
      <section className="hazard-detail">
        {back}
        <p className="form-error">{t('problemCodes.ST_ERR_HAZARD_NOT_FOUND')}</p>
      </section>
    );
  const { ticket } = detail;
  const standing = deadlineStanding(detail, nowMs);
  const signer = (s: (typeof ticket.signatures)[number]) => personText(s.user, s.role, detail.namesWithheld, t);
  return (
    <section className="hazard-detail" data-testid="hazard-detail" data-number={ticket.number} data-state={ticket.state} aria-label={t('hazards.ticket')}>
      {back}
      <h3>
        {t('hazards.ticket')} <span className="hazard-number">{ticket.number}</span>
      </h3>
      <p className="hazard-headline">
        <span className="hazard-state" data-testid="hazard-detail-state">
          {t(`hazards.state.${ticket.state}`)}
        </span>{' '}
        · <span className={ticket.grade === 'major' ? 'hazard-major' : undefined}>{t(`hazards.grade.${ticket.grade}`)}</span> · {t(`hazards.kind.${ticket.kind}`)}
        {/* A closed or rejected ticket has no deadline left to speak of. */}
        {standing.kind !== 'none' && (
          <>
            {' · '}
            <span className={standing.kind === 'overdue' ? 'hazard-overdue' : undefined}>{deadlineText(standing, t)}</span>
          </>
        )}
      </p>
      <dl className="hazard-doc">
        <dt>{t('hazards.room.detail.description')}</dt>
        <dd className="hazard-description" data-testid="hazard-description">
          {ticket.description}
        </dd>
        <dt>{t('hazards.room.detail.where')}</dt>
        <dd>
          {/* The place in words names its area (placeText: area and nearest landmark, never coordinates). */}
          {placeText(scene, { x: ticket.location.point[0], y: ticket.location.point[1] }, language, t)} · {t(`hazards.room.detail.placedBy.${ticket.location.placedBy}`)}
        </dd>
        <dt>{t('hazards.room.detail.source')}</dt>
        <dd>
          {t(`hazards.room.detail.sourceKind.${ticket.source.kind}`)} · {ageText(ticket.reportedAtMs, nowMs, t)} · {personText(ticket.reporter, ticket.signatures[0]?.role, detail.namesWithheld, t)}
          {detail.mine && ` ${t('hazards.room.detail.mine')}`}
        </dd>
        {ticket.majorBasis !== undefined && (
          <>
            <dt>{t('hazards.room.detail.majorBasis')}</dt>
            <dd>{ticket.majorBasis}</dd>
          </>
        )}
        {ticket.assignee !== undefined && (
          <>
            <dt>{t('hazards.room.detail.assignee')}</dt>
            <dd data-testid="hazard-assignee">{personText(ticket.assignee, ticket.signatures.findLast((s) => s.action === 'assign')?.role, detail.namesWithheld, t)}</dd>
          </>
        )}
      </dl>
      <HazardMediaStrip media={ticket.media} />
      <HazardSteps detail={detail} onSigned={setDetail} />
      <h4>{t('hazards.room.detail.trail')}</h4>
      <ol className="hazard-trail" data-testid="hazard-trail">
        {ticket.signatures.map((s, i) => (
          <li key={i}>
            {t('hazards.room.trailLine', { when: clock(s.atMs, language), action: t(`hazards.action.${s.action}`), who: signer(s) })}
            {s.grade !== undefined && ` · ${t(`hazards.grade.${s.grade}`)}`}
            {s.assignee !== undefined && ` · ${personText(s.assignee, undefined, detail.namesWithheld, t)}`}
            {s.rejectReason !== undefined && ` · ${s.rejectReason === 'duplicate' ? `${t('hazards.room.step.duplicateOf')} ${s.duplicateOf ?? ''}` : t('hazards.room.step.invalid')}`}
            {s.note !== undefined && <span className="hazard-trail-note"> · {s.note}</span>}
          </li>
        ))}
      </ol>
      {ticket.state === 'reported' && (
        <>
          <h4>{t('hazards.room.detail.duplicates')}</h4>
          {detail.likelyDuplicates.length === 0 ? (
            <p className="muted">{t('hazards.room.detail.noDuplicates')}</p>
          ) : (
            <ul className="hazard-duplicates" data-testid="hazard-duplicates">
              {detail.likelyDuplicates.map((d) => (
                <li key={d.number}>
                  <button type="button" className="link" onClick={() => openHazard(d.number)}>
                    {t('hazards.room.detail.duplicate', { number: d.number, state: t(`hazards.state.${d.state}`), distance: Math.round(d.distanceM), apart: durationText(d.apartMs, t) })}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
