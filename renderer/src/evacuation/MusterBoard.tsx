import { useTranslation } from 'react-i18next';
import { EVACUATION_AGENT_STATES, type EvacuationSnapshot, type ClientScene } from '@contracts';
import { localized } from '../i18n/i18n.js';
import { formatRunClock } from './drillClock.js';

/** A wall screen reads a list this long; the report has everyone. */
const MISSING_SHOWN = 25;

/**
 * The muster board (issue 6): head count by muster point — the model's arrivals, who is still on
 * the way, and in a live run the badges actually registered there — flow through the gates, and
 * the people not yet accounted for with their state and predicted arrival.
 */
export function MusterBoard({ scene, board, live, nameOf }: { scene: ClientScene; board: EvacuationSnapshot; live: boolean; nameOf: (id: string) => string }) {
  const { t, i18n } = useTranslation();
  const musterName = (id: string) => localized(scene.musterPoints.find((m) => m.id === id)?.name, i18n.language) || localized(scene.exits.find((g) => g.id === id)?.name, i18n.language) || id;
  const accounted = live ? board.targets.reduce((n, m) => n + m.observedArrived, 0) : board.counts.arrived;
  const missing: { id: string; state: string; etaS: number }[] = [];
  for (let i = 0; i < board.agentIds.length; i++) {
    const state = EVACUATION_AGENT_STATES[board.states[i]!] ?? 'moving';
    if (state !== 'arrived') missing.push({ id: board.agentIds[i]!, state, etaS: board.predictedArrivalS[i]! });
  }
  // The cut off and the injured first: they are who the commander must send someone for.
  const urgency = (state: string) => (state === 'noRoute' ? 0 : state === 'awaitingHelp' ? 1 : 2);
  missing.sort((a, b) => urgency(a.state) - urgency(b.state) || b.etaS - a.etaS);
  return (
    <section className="muster-board" data-testid="muster-board" aria-live="polite">
      <h4>
        {t('evacuation.board.title')} · {formatRunClock(board.tS)}
      </h4>
      <p className="headcount" data-testid="headcount">
        {t('evacuation.board.headcount', { accounted, total: board.counts.total })}
      </p>
      <table data-testid="muster-table">
        <thead>
          <tr>
            <th>{t('evacuation.board.point')}</th>
            <th>{t('evacuation.board.arrived')}</th>
            <th>{t('evacuation.board.onTheWay')}</th>
            {live && <th>{t('evacuation.board.badges')}</th>}
            <th>{t('evacuation.board.capacity')}</th>
          </tr>
        </thead>
        <tbody>
          {board.targets.map((m) => (
            <tr key={m.id} data-testid={`muster-${m.id}`} className={m.capacityPersons && m.arrived + m.assigned > m.capacityPersons ? 'abnormal' : undefined}>
              <td>{musterName(m.id)}</td>
              <td>{m.arrived}</td>
              <td>{m.assigned}</td>
              {live && <td>{m.observedArrived}</td>}
              <td>{m.capacityPersons ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {board.gateCrossings.length > 0 && (
        <p className="gate-flow" data-testid="gate-flow">
          {t('evacuation.board.gates')}: {board.gateCrossings.map((g) => `${musterName(g.id)} ${g.count}`).join(' · ')}
        </p>
      )}
      <h4>{t('evacuation.board.missing', { count: missing.length })}</h4>
      {missing.length === 0 ? (
        <p className="empty">{t('evacuation.board.allAccounted')}</p>
      ) : (
        <ul className="missing-list" data-testid="missing-list">
          {missing.slice(0, MISSING_SHOWN).map((m) => (
            <li key={m.id} className={m.state === 'noRoute' || m.state === 'awaitingHelp' ? 'abnormal' : undefined}>
              {nameOf(m.id)} · {t(`evacuation.states.${m.state}`)}
              {m.etaS >= 0 && ` · ${t('evacuation.board.eta', { clock: formatRunClock(m.etaS) })}`}
            </li>
          ))}
          {missing.length > MISSING_SHOWN && <li>{t('evacuation.board.more', { count: missing.length - MISSING_SHOWN })}</li>}
        </ul>
      )}
    </section>
  );
}
