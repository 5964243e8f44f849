import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCoreClient, useCoreState } from '../../connection/CoreClientContext.js';
import { EvacuationScreen } from '../../dispatch/phone/EvacuationScreen.js';
import { MyWarnings } from '../../dispatch/phone/MyWarnings.js';
import { SignIn } from '../../panels/SignIn.js';
import { LanguageSwitch } from '../../panels/TopBar.js';
import { MyReports } from './MyReports.js';
import { ReportForm } from './ReportForm.js';
import { RoundsTab, type ActiveRound } from './RoundsTab.js';
import './report.css';

/**
 * The phone report page (issue 18 item 2, `/report`): anyone signed in reports a hidden danger from their phone's
 * browser over the plant network and follows their reports to closure. One column for a 390 px screen, large
 * touch targets, a light theme readable outdoors (report.css), the same sign-in and language switch as the
 * control room. It shows no plant picture: none of the control room's live views are mounted.
 */
export function ReportPage() {
  const { t } = useTranslation();
  const client = useCoreClient();
  const connection = useCoreState((s) => s.connection);
  const user = useCoreState((s) => s.user);
  const scene = useCoreState((s) => s.scene);
  const [tab, setTab] = useState<'report' | 'mine' | 'rounds' | 'warnings'>('report');
  // The round being walked stays while the inspector looks at another tab (a ticket it opened, a report).
  const [round, setRound] = useState<ActiveRound | null>(null);
  const [reported, setReported] = useState<string | null>(null);
  // A new form after each report: nothing of the last one (photos, pin, voice) carries over.
  const [formKey, setFormKey] = useState(0);

  useEffect(() => {
    document.documentElement.classList.add('report-page');
    document.title = t('hazards.phone.title');
    return () => document.documentElement.classList.remove('report-page');
  }, [t]);

  const header = (
    <header className="report-header">
      <h1>{t('hazards.phone.title')}</h1>
      <LanguageSwitch />
      {user && !user.implicit && (
        <div className="report-user" data-testid="user-badge">
          <span>{user.name}</span>
          <button type="button" onClick={() => client.signOut()}>
            {t('user.signOut')}
          </button>
        </div>
      )}
    </header>
  );
  if (connection === 'signInRequired') {
    return (
      <div className="report-shell">
        {header}
        <SignIn />
      </div>
    );
  }
  return (
    <div className="report-shell">
      {header}
      {connection !== 'connected' && (
        <p className="report-connection" role="status" data-testid="report-connection">
          {t(`connection.${connection}`)}
        </p>
      )}
      <nav className="report-tabs" role="tablist">
        <button type="button" role="tab" aria-selected={tab === 'report'} onClick={() => setTab('report')} data-testid="report-tab-report">
          {t('hazards.phone.tabReport')}
        </button>
        <button type="button" role="tab" aria-selected={tab === 'mine'} onClick={() => setTab('mine')} data-testid="report-tab-mine">
          {t('hazards.phone.tabMine')}
        </button>
        <button type="button" role="tab" aria-selected={tab === 'rounds'} onClick={() => setTab('rounds')} data-testid="report-tab-rounds">
          {t('hazards.phone.rounds.tab')}
        </button>
        <button type="button" role="tab" aria-selected={tab === 'warnings'} onClick={() => setTab('warnings')} data-testid="report-tab-warnings">
          {t('dispatchPhone.tab')}
        </button>
      </nav>
      <main className="report-main">
        {tab === 'mine' ? (
          <MyReports />
        ) : tab === 'warnings' ? (
          scene ? (
            <MyWarnings scene={scene} />
          ) : (
            <p className="report-hint">{t('connection.loadingScene')}</p>
          )
        ) : tab === 'rounds' ? (
          scene ? (
            <RoundsTab scene={scene} active={round} onActive={setRound} onFollow={() => setTab('mine')} />
          ) : (
            <p className="report-hint">{t('connection.loadingScene')}</p>
          )
        ) : reported ? (
          <section className="report-done" data-testid="report-done">
            <p>{t('hazards.phone.reported')}</p>
            <p className="report-number" data-testid="report-number">
              {reported}
            </p>
            <button type="button" onClick={() => setTab('mine')}>
              {t('hazards.phone.followIt')}
            </button>
            <button
              type="button"
              onClick={() => {
                setReported(null);
                setFormKey((k) => k + 1);
              }}
              data-testid="report-another"
            >
              {t('hazards.phone.another')}
            </button>
          </section>
        ) : scene ? (
          <ReportForm key={formKey} scene={scene} onReported={setReported} />
        ) : (
          <p className="report-hint">{t('connection.loadingScene')}</p>
        )}
      </main>
      {/* Over every tab: an evacuation notice for this person's area takes the whole screen until they are out. */}
      {scene && <EvacuationScreen scene={scene} />}
    </div>
  );
}
