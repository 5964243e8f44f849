import { useTranslation } from 'react-i18next';
import type { ClientScene, EvacuationBoard } from '@contracts';
import { actorName } from '../i18n/coreWords.js';
import { localized } from '../i18n/i18n.js';
import { MusterBoard } from './MusterBoard.js';
import './replayedEvacuation.css';

/**
 * The evacuation tab during a replay (issue 12.6): the boards recorded at the replayed instant — a live
 * evacuation's and a drill's, the drill tagged DRILL as live — inside a frame in the REPLAY colour, and
 * nothing that acts: ordering, standing down and the drill console stay with the live plant.
 */
export function ReplayedEvacuation({ scene, boards, nameOf }: { scene: ClientScene; boards: EvacuationBoard[]; nameOf: (id: string) => string }) {
  const { t, i18n } = useTranslation();
  return (
    <section className="evacuation-panel replayed-evacuation" data-testid="replayed-evacuation">
      <p>
        <span className="replayed-tag">{t('modeMarks.replayedTag')}</span> {t('evacuationReplay.note')}
      </p>
      {boards.length === 0 ? (
        <p className="empty" data-testid="replayed-evacuation-none">
          {t('evacuationReplay.none')}
        </p>
      ) : (
        boards.map((board) => (
          <article key={board.runId} className="replayed-run" data-testid={`replayed-board-${board.mode}`} data-run-id={board.runId}>
            <h4>
              {board.mode === 'drill' ? (
                <>
                  <span className="drill-tag">{t('evacuation.banner.drill')}</span> {localized(board.name, i18n.language)} · {t(`evacuation.drill.phases.${board.phase}`)}
                  {board.by !== undefined && ` · ${t('evacuationReplay.startedBy', { by: actorName(board.by, t) })}`}
                </>
              ) : (
                <>
                  <span className="live-tag">{t('evacuation.banner.live')}</span>
                  {board.by !== undefined && ` ${t('evacuationReplay.orderedBy', { by: actorName(board.by, t) })}`}
                </>
              )}
            </h4>
            <p className="replayed-as-of">{t('evacuationReplay.asOf', { time: new Date(board.atMs).toLocaleTimeString(i18n.language, { hour12: false }) })}</p>
            <MusterBoard scene={scene} board={board} live={board.mode === 'live'} nameOf={nameOf} />
          </article>
        ))
      )}
    </section>
  );
}
