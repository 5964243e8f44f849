import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { API_PATHS, type CheckIn, type ClientScene, type InspectionPlan, type InspectionRound, type InspectionSlotView, type Point2 } from '@contracts';
import { useCoreClient, useCoreState } from '../../connection/CoreClientContext.js';
import { useLiveSnapshot } from '../../connection/useLiveSnapshot.js';
import { placeText } from '../../people/personText.js';
import { useNowMs } from '../../state/useNowMs.js';
import { Checklist, type ResultsAnswer } from './Checklist.js';
import { BADGE_KEY, SiteMapView } from './PlacePicker.js';
import { planSlotChoice, roundMapBounds, roundProgress, type PlanSlots } from './roundModel.js';

const DAY_MS = 86_400_000;
/** The plans' slots are read a day either side of now: the slot in progress, an overdue one before it, the next. */
const LIST_SPAN_MS = DAY_MS;
/** The badge's fix shown on the map is its live one: older than the core's check-in window (a minute) it would not count. */
const BADGE_SHOWN_WITHIN_MS = 60_000;

/** The round being walked on this phone, with its plan (kept by the page, so switching tabs does not lose it). */
export type ActiveRound = { plan: InspectionPlan; round: InspectionRound; openedTickets: string[] };

const time = (ms: number, language: string) => new Date(ms).toLocaleString(language, { month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false });

/** A plan's row: its number and name, its areas' class, the slot it is in now with its status in words, and the start buttons. */
function PlanRow({ entry, nowMs, onStart, starting }: { entry: PlanSlots; nowMs: number; onStart: (slot: InspectionSlotView) => void; starting: boolean }) {
  const { t, i18n } = useTranslation();
  const { current, startable } = planSlotChoice(entry.slots, nowMs);
  return (
    <li className="round-plan" data-testid={`round-plan-${entry.plan.id}`} data-status={current?.status}>
      <div className="mine-head">
        <span className="mine-number">{entry.plan.id}</span>
        <span>{t('hazards.phone.rounds.areaClass', { c: entry.plan.areaClass })}</span>
      </div>
      <p className="round-plan-name">{entry.plan.name}</p>
      {current && (
        <p className={`round-slot round-slot-${current.status}`} data-testid="round-slot-status">
          {t(`hazards.phone.rounds.status.${current.status}`)} · {t('hazards.phone.rounds.slotTime', { from: time(current.startMs, i18n.language), to: time(current.endMs, i18n.language) })}
        </p>
      )}
      {startable.map((slot) => (
        <button key={slot.startMs} type="button" className="report-send" disabled={starting} onClick={() => onStart(slot)} data-testid={`round-start-${entry.plan.id}`} data-slot-status={slot.status}>
          {t(starting ? 'hazards.phone.rounds.starting' : slot.status === 'overdue' ? 'hazards.phone.rounds.startOverdue' : 'hazards.phone.rounds.start')}
        </button>
      ))}
    </li>
  );
}

/** The plans (GET /api/inspections a day either side of now) and the inspector's badge; a due or overdue slot starts a round. */
function PlanList({ onStarted }: { onStarted: (active: ActiveRound) => void }) {
  const { t } = useTranslation();
  const client = useCoreClient();
  const connection = useCoreState((s) => s.connection);
  const nowMs = useNowMs(30_000);
  const [plans, setPlans] = useState<PlanSlots[] | null>(null);
  const [failed, setFailed] = useState(false);
  const [badgeId, setBadgeId] = useState(() => localStorage.getItem(BADGE_KEY) ?? '');
  const [badgeMissing, setBadgeMissing] = useState(false);
  const [starting, setStarting] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);

  useEffect(() => {
    if (connection !== 'connected') return;
    const now = Date.now();
    let current = true;
    void client.getJson<PlanSlots[]>(`${API_PATHS.inspections}?from=${now - LIST_SPAN_MS}&to=${now + LIST_SPAN_MS}`).then((answer) => {
      if (!current) return;
      setFailed(answer === null);
      if (answer) setPlans(answer);
    });
    return () => {
      current = false;
    };
  }, [client, connection]);

  const start = async (plan: InspectionPlan, slot: InspectionSlotView) => {
    const badge = badgeId.trim();
    setBadgeMissing(badge === '');
    if (badge === '') return;
    localStorage.setItem(BADGE_KEY, badge);
    setStarting(true);
    setRefusal(null);
    const answer = await client.postApi<{ round: InspectionRound; openedTickets: string[] }>(`${API_PATHS.inspections}/rounds`, { planId: plan.id, slotStartMs: slot.startMs, badgeId: badge });
    setStarting(false);
    if (!answer.ok) return setRefusal(answer.message);
    onStarted({ plan, round: answer.value.round, openedTickets: [] });
  };

  if (plans === null) return <p className="report-hint">{t(failed ? 'hazards.phone.rounds.unavailable' : 'hazards.phone.rounds.loading')}</p>;
  return (
    <section className="round-plans" data-testid="round-plans">
      <label className="report-field">
        <span className="report-label">{t('hazards.phone.rounds.badgeId')}</span>
        <input value={badgeId} onChange={(e) => setBadgeId(e.target.value)} autoComplete="off" autoCapitalize="characters" data-testid="round-badge-id" />
        {badgeMissing && (
          <span className="form-error" role="alert">
            {t('hazards.phone.rounds.badgeNeeded')}
          </span>
        )}
      </label>
      <h2 className="round-heading">{t('hazards.phone.rounds.plansTitle')}</h2>
      {refusal && (
        <p className="form-error" role="alert" data-testid="round-refusal">
          {refusal}
        </p>
      )}
      {plans.length === 0 ? (
        <p className="report-hint">{t('hazards.phone.rounds.none')}</p>
      ) : (
        <ul className="mine-list">
          {plans.map((entry) => (
            <PlanRow key={entry.plan.id} entry={entry} nowMs={nowMs} starting={starting} onStart={(slot) => void start(entry.plan, slot)} />
          ))}
        </ul>
      )}
    </section>
  );
}

/** The check-in's outcome in words: there, or how far the badge is (or that it was not located). */
function checkInWords(checkIn: CheckIn, t: TFunction): string {
  if (checkIn.verified) return t('hazards.phone.rounds.checkedIn');
  return checkIn.badgeDistanceM === undefined ? t('hazards.phone.rounds.noFix') : t('hazards.phone.rounds.notThere', { m: Math.round(checkIn.badgeDistanceM) });
}

/**
 * The round being walked: the checkpoints in walking order with what is done, and the next one — where it is
 * (area and landmark in words, a small map with the checkpoint's pin and the badge's live dot), 到位签到 checked
 * by the core against the badge's RTLS fix, then its checklist. An unverified check-in says how far the badge is
 * and offers another try; no results are offered there (the core refuses them).
 */
function RoundWalk({ scene, active, onActive, onFollow, onClose }: { scene: ClientScene; active: ActiveRound; onActive: (active: ActiveRound) => void; onFollow: () => void; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const client = useCoreClient();
  const { plan, round } = active;
  const progress = roundProgress(plan, round);
  const next = progress.next;
  const [checking, setChecking] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  // The tickets of the checkpoint just sent, shown until the inspector moves on.
  const [sentHere, setSentHere] = useState<string[] | null>(null);
  const checkingRef = useRef(false);

  const badge = useLiveSnapshot(
    (live) => {
      const fix = live.workers.get(round.badgeId);
      return fix && Date.now() - fix.tsMs <= BADGE_SHOWN_WITHIN_MS ? fix : null;
    },
    (fix) => (fix ? `${fix.x.toFixed(1)},${fix.y.toFixed(1)},${fix.floor}` : ''),
  );
  const badgePoint = useMemo<Point2 | null>(() => (badge ? [badge.x, badge.y] : null), [badge]);
  const target = next?.checkpoint;
  const bounds = useMemo(() => (target ? roundMapBounds(target.point, badgePoint) : null), [target, badgePoint]);

  const checkIn = async () => {
    if (!target || checkingRef.current) return;
    checkingRef.current = true;
    setChecking(true);
    setRefusal(null);
    const answer = await client.postApi<{ round: InspectionRound; checkIn: CheckIn }>(`${API_PATHS.inspections}/rounds/${encodeURIComponent(round.id)}/check-ins`, { checkpointId: target.id });
    checkingRef.current = false;
    setChecking(false);
    if (!answer.ok) return setRefusal(answer.message);
    onActive({ ...active, round: answer.value.round });
  };
  const sent = (answer: ResultsAnswer) => {
    setSentHere(answer.openedTickets);
    onActive({ ...active, round: answer.round, openedTickets: [...active.openedTickets, ...answer.openedTickets] });
  };

  return (
    <section className="round-walk" data-testid="round-walk" data-round={round.id} data-complete={progress.complete}>
      <div className="mine-head">
        <span className="mine-number">{plan.id}</span>
        <span>{t('hazards.phone.rounds.round')}</span>
      </div>
      <p className="round-plan-name">{plan.name}</p>
      <p className="round-progress" data-testid="round-progress">
        {t('hazards.phone.rounds.progress', { done: progress.done, total: progress.checkpoints.length })}
      </p>

      {sentHere !== null && (
        <div className="report-field round-sent" role="status" data-testid="round-sent">
          {sentHere.length === 0 ? (
            <p>{t('hazards.phone.rounds.openedNone')}</p>
          ) : (
            <>
              <p>{t('hazards.phone.rounds.opened', { count: sentHere.length })}</p>
              <ul className="round-tickets">
                {sentHere.map((number) => (
                  <li key={number} className="mine-number" data-testid="round-ticket">
                    {number}
                  </li>
                ))}
              </ul>
              <button type="button" onClick={onFollow} data-testid="round-follow">
                {t('hazards.phone.rounds.followTickets')}
              </button>
            </>
          )}
          {!progress.complete && (
            <button type="button" onClick={() => setSentHere(null)} data-testid="round-next">
              {t('hazards.phone.rounds.nextCheckpoint')}
            </button>
          )}
        </div>
      )}

      {progress.complete ? (
        <div className="report-done" data-testid="round-complete">
          <p>{t('hazards.phone.rounds.complete')}</p>
          <button type="button" onClick={onClose} data-testid="round-back">
            {t('hazards.phone.rounds.backToPlans')}
          </button>
        </div>
      ) : (
        next &&
        sentHere === null && (
          <div className="report-field round-checkpoint" data-testid="round-checkpoint" data-checkpoint={next.checkpoint.id}>
            <span className="report-label">{t('hazards.phone.rounds.next')}</span>
            <p className="round-checkpoint-name">{next.checkpoint.name}</p>
            <p className="report-place-words">{placeText(scene, { x: next.checkpoint.point[0], y: next.checkpoint.point[1] }, i18n.language, t)}</p>
            {bounds && <SiteMapView scene={scene} bounds={bounds} pin={next.checkpoint.point} badge={badgePoint} label={t('hazards.phone.rounds.mapLabel')} testId="round-map" />}
            <p className="report-hint" data-testid="round-badge-place">
              {badge ? t('hazards.phone.rounds.badgeHere', { place: placeText(scene, badge, i18n.language, t) }) : t('hazards.phone.rounds.badgeUnseen')}
            </p>
            {next.checkedIn ? (
              <>
                <p className="round-checked-in" role="status" data-testid="round-check-in-outcome" data-verified="true">
                  {t('hazards.phone.rounds.checkedIn')}
                </p>
                <Checklist key={next.checkpoint.id} roundId={round.id} checkpoint={next.checkpoint} onSent={sent} />
              </>
            ) : (
              <>
                {next.lastCheckIn && (
                  <p className="round-not-there" role="alert" data-testid="round-check-in-outcome" data-verified="false">
                    {checkInWords(next.lastCheckIn, t)}
                  </p>
                )}
                <button type="button" className="report-send" disabled={checking} onClick={() => void checkIn()} data-testid="round-check-in">
                  {t(checking ? 'hazards.phone.rounds.checkingIn' : next.lastCheckIn ? 'hazards.phone.rounds.tryAgain' : 'hazards.phone.rounds.checkIn')}
                </button>
              </>
            )}
            {refusal && (
              <p className="form-error" role="alert" data-testid="round-refusal">
                {refusal}
              </p>
            )}
          </div>
        )
      )}

      <span className="report-label">{t('hazards.phone.rounds.checkpoints')}</span>
      <ol className="round-checkpoints">
        {progress.checkpoints.map((c) => {
          const status = c.checkedIn && c.answered ? 'done' : c.checkedIn ? 'checkedIn' : 'todo';
          return (
            <li key={c.checkpoint.id} data-status={status} data-current={c === next} data-testid={`round-cp-${c.checkpoint.id}`}>
              <span>{c.checkpoint.name}</span>
              <span className="round-cp-status">{t(`hazards.phone.rounds.${status === 'done' ? 'cpDone' : status === 'checkedIn' ? 'cpCheckedIn' : 'cpTodo'}`)}</span>
            </li>
          );
        })}
      </ol>
    </section>
  );
}

/** The 巡检 tab of the phone page: the plans, or the round being walked. */
export function RoundsTab({ scene, active, onActive, onFollow }: { scene: ClientScene; active: ActiveRound | null; onActive: (active: ActiveRound | null) => void; onFollow: () => void }) {
  const close = useCallback(() => onActive(null), [onActive]);
  return active ? <RoundWalk scene={scene} active={active} onActive={onActive} onFollow={onFollow} onClose={close} /> : <PlanList onStarted={onActive} />;
}
