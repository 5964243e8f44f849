import { useTranslation } from 'react-i18next';
import type { InspectionSlotView } from '@contracts';
import { useStore } from '../state/createStore.js';
import { useNowMs } from '../state/useNowMs.js';
import { inspectionFeedStore } from './inspectionFeed.js';
import { currentSlot, frequencyText, recentSlots, slotColour, slotSpanText, type InspectionPlanView } from './inspectionText.js';
import './hazards.css';

/** Ended slots shown under the current one: enough for a week of a daily plan. */
const RECENT_SLOTS = 6;

/**
 * The inspection rounds (巡检) in the control room (issue 18 item 4): each plan with its class and frequency, the
 * slot open now and the recent ones in words, the round that answered each and when. Grey when normal; an overdue
 * or missed slot in its alarm's colour (slotColour). The twin shows the plans' checkpoints while this is open.
 */
export function InspectionsSection() {
  const { t } = useTranslation();
  const feed = useStore(inspectionFeedStore, (s) => s);
  return (
    <section className="inspections-section" data-testid="inspections-section" aria-label={t('hazards.inspections.title')}>
      <h3>{t('hazards.inspections.title')}</h3>
      {feed.status === 'loading' ? (
        <p className="empty">{t('hazards.room.loading')}</p>
      ) : feed.status === 'unavailable' ? (
        <p className="empty">{t('hazards.room.unavailable')}</p>
      ) : feed.plans.length === 0 ? (
        <p className="empty">{t('hazards.inspections.none')}</p>
      ) : (
        feed.plans.map((view) => <PlanRounds key={view.plan.id} view={view} />)
      )}
    </section>
  );
}

function PlanRounds({ view }: { view: InspectionPlanView }) {
  const { t, i18n } = useTranslation();
  const nowMs = useNowMs(30_000);
  const { plan, slots } = view;
  const current = currentSlot(slots, nowMs);
  const recent = recentSlots(slots, nowMs, RECENT_SLOTS);
  const span = slots[0] ? slots[0].endMs - slots[0].startMs : null;
  return (
    <article className="inspection-plan" data-testid={`inspection-plan-${plan.id}`} data-status={current?.status ?? 'none'}>
      <h4>
        {plan.name} · {t('hazards.inspections.areaClass', { areaClass: plan.areaClass })}
        {span !== null && ` · ${frequencyText(span, t)}`}
      </h4>
      <p className="inspection-checkpoints">{t('hazards.inspections.checkpoints', { count: plan.checkpoints.length })}</p>
      <p>
        {t('hazards.inspections.current')}{' '}
        {current ? <SlotLine slot={current} language={i18n.language} testId={`inspection-current-${plan.id}`} /> : <span className="muted">{t('hazards.inspections.noCurrent')}</span>}
      </p>
      {recent.length > 0 && (
        <>
          <p className="muted">{t('hazards.inspections.recent')}</p>
          <ul className="inspection-slots">
            {recent.map((slot) => (
              <li key={slot.startMs}>
                <SlotLine slot={slot} language={i18n.language} />
              </li>
            ))}
          </ul>
        </>
      )}
    </article>
  );
}

function SlotLine({ slot, language, testId }: { slot: InspectionSlotView; language: string; testId?: string }) {
  const { t } = useTranslation();
  const colour = slotColour(slot.status);
  const clock = (ms: number) => new Date(ms).toLocaleString(language, { hour12: false, month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
  return (
    <span className="inspection-slot" data-testid={testId} data-status={slot.status} data-round={slot.roundId}>
      <span className={`inspection-status${colour ? ` colour-${colour}` : ''}`}>{t(`hazards.inspections.status.${slot.status}`)}</span>
      {' · '}
      {slotSpanText(slot, language)}
      {slot.completedAtMs !== undefined && ` · ${t('hazards.inspections.completedAt', { when: clock(slot.completedAtMs) })}`}
      {slot.completedAtMs === undefined && slot.roundId !== undefined && ` · ${t('hazards.inspections.roundOpen')}`}
    </span>
  );
}
