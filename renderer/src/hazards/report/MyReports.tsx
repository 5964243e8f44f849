import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { API_PATHS, SOCKET_EVENTS, type HazardTicketView } from '@contracts';
import { useCoreClient, useCoreState } from '../../connection/CoreClientContext.js';
import { useNowMs } from '../../state/useNowMs.js';
import { deadlineStanding, deadlineText, sortTickets } from '../hazardText.js';
import { HazardMediaStrip } from '../HazardMedia.js';
import { progressSteps } from './reportModel.js';

const when = (ms: number, language: string) => new Date(ms).toLocaleString(language, { month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false });

function MyReport({ view, nowMs }: { view: HazardTicketView; nowMs: number }) {
  const { t, i18n } = useTranslation();
  const { ticket } = view;
  const { steps, reworks, rejection } = progressSteps(ticket);
  const standing = deadlineStanding(view, nowMs);
  return (
    <li className="mine-report" data-testid={`mine-${ticket.number}`} data-state={ticket.state}>
      <div className="mine-head">
        <span className="mine-number">{ticket.number}</span>
        <span>{t(`hazards.kind.${ticket.kind}`)}</span>
        <span className={ticket.grade === 'major' ? 'mine-major' : undefined}>{t(`hazards.grade.${ticket.grade}`)}</span>
      </div>
      <p className="mine-description">{ticket.description}</p>
      <ol className="mine-steps" aria-label={t('hazards.phone.mine.progress')}>
        {steps.map((step) => (
          <li key={step.state} data-status={step.status} data-testid={`mine-step-${step.state}`}>
            <span className="mine-step-name">{t(`hazards.phone.step.${step.state}`)}</span>
            {step.atMs !== undefined && <time>{when(step.atMs, i18n.language)}</time>}
          </li>
        ))}
      </ol>
      {rejection && (
        <p className="mine-rejection" data-testid="mine-rejection">
          {rejection.reason === 'duplicate' ? t('hazards.rejectReasons.duplicate', { number: rejection.duplicateOf ?? '' }) : t('hazards.rejectReasons.invalid')}
          {rejection.note && ` · ${rejection.note}`}
        </p>
      )}
      {reworks > 0 && <p className="mine-rework">{t('hazards.phone.mine.reworks', { count: reworks })}</p>}
      {ticket.deadlineMs !== undefined && standing.kind !== 'none' && (
        <p className={standing.kind === 'overdue' ? 'mine-deadline overdue' : 'mine-deadline'} data-testid="mine-deadline">
          {t('hazards.phone.mine.deadline', { time: when(ticket.deadlineMs, i18n.language) })} · {deadlineText(standing, t)}
        </p>
      )}
      {ticket.media.length > 0 && <HazardMediaStrip media={ticket.media} />}
    </li>
  );
}

/**
 * The reporter's own reports (GET /api/hazards?mine=1), newest first, each with its progress; read again when
 * the core says one of them changed (`hazard:changed` carries no names: the list is re-read with this user's
 * token), or when a report of theirs came from another screen.
 */
export function MyReports() {
  const { t } = useTranslation();
  const client = useCoreClient();
  const connection = useCoreState((s) => s.connection);
  const [list, setList] = useState<HazardTicketView[] | null>(null);
  const [failed, setFailed] = useState(false);
  const numbers = useRef(new Set<string>());
  const nowMs = useNowMs(30_000);
  // Reads that overlap (two quick changes) are applied in the order they were asked.
  const readSeq = useRef(0);

  const load = useCallback(async () => {
    const seq = ++readSeq.current;
    const answer = await client.getJson<HazardTicketView[]>(`${API_PATHS.hazards}?mine=1`);
    if (seq !== readSeq.current) return;
    setFailed(answer === null);
    if (answer) {
      numbers.current = new Set(answer.map((v) => v.ticket.number));
      setList(sortTickets(answer));
    }
  }, [client]);

  useEffect(() => {
    if (connection === 'connected') void load();
  }, [connection, load]);
  useEffect(
    () =>
      client.on(SOCKET_EVENTS.hazardChanged, (change) => {
        if (numbers.current.has(change.number) || change.change === 'report') void load();
      }),
    [client, load],
  );

  if (list === null) return <p className="report-hint">{t(failed ? 'hazards.phone.mine.unavailable' : 'hazards.room.loading')}</p>;
  if (list.length === 0) return <p className="report-hint">{t('hazards.phone.mine.none')}</p>;
  return (
    <ul className="mine-list" data-testid="mine-list">
      {list.map((view) => (
        <MyReport key={view.ticket.number} view={view} nowMs={nowMs} />
      ))}
    </ul>
  );
}
