import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCoreClient, useCoreState } from '../connection/CoreClientContext.js';
import { LANGUAGES } from '../i18n/i18n.js';
import { localized } from '../i18n/i18n.js';
import { formatClock } from '../replay/replayTime.js';
import { DrillBanner } from '../evacuation/DrillBanner.js';

function Clock() {
  const { i18n } = useTranslation();
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 1000);
    return () => clearInterval(timer);
  }, []);
  return <time className="clock">{now.toLocaleTimeString(i18n.language, { hour12: false })}</time>;
}

/** LIVE, or REPLAY with the replayed instant, or DRILL with the drill's clock: a screen not showing the plant must never pass for live. */
function ModeBadge() {
  const { t } = useTranslation();
  const player = useCoreState((s) => s.player);
  // The live alarms meanwhile, and the way back to live, are in the live-alarm strip under the banner.
  if (player.mode !== 'live') {
    return (
      <span className={`mode-badge ${player.mode}`} data-testid="mode-badge" data-mode={player.mode}>
        {t(`mode.${player.mode}`)} {player.state.currentMs > 0 && formatClock(player.state.currentMs, true)}
      </span>
    );
  }
  return (
    <span className="mode-badge" data-testid="mode-badge" data-mode="live">
      {t('mode.live')}
    </span>
  );
}

/** 中文 / EN: the UI language, saved for the next visit (i18n.ts); the control room's top bar and the phone report page. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <div className="language-switch" role="group" aria-label={t('language.label')}>
      {LANGUAGES.map((language) => (
        <button key={language} type="button" data-testid={`lang-${language}`} aria-pressed={i18n.language === language} onClick={() => void i18n.changeLanguage(language)}>
          {t(`language.${language}`)}
        </button>
      ))}
    </div>
  );
}

export function TopBar() {
  const { t, i18n } = useTranslation();
  const client = useCoreClient();
  const user = useCoreState((s) => s.user);
  const scene = useCoreState((s) => s.scene);
  return (
    <header className="top-bar">
      <div className="brand">
        <span className="brand-title">{t('app.title')}</span>
        <span className="brand-subtitle">{t('app.subtitle')}</span>
      </div>
      <ModeBadge />
      <DrillBanner />
      <span className="site-name">{localized(scene?.site.name, i18n.language)}</span>
      <div className="top-bar-right">
        <Clock />
        <LanguageSwitch />
        {user && (
          <div className="user-badge" data-testid="user-badge">
            <span>{user.implicit ? t('user.implicit') : user.name}</span>
            <span className="role">{t(`roles.${user.role}`)}</span>
            {!user.implicit && (
              <button type="button" onClick={() => client.signOut()}>
                {t('user.signOut')}
              </button>
            )}
          </div>
        )}
      </div>
    </header>
  );
}
