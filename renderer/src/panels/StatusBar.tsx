import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DESKTOP_BRIDGE_GLOBAL } from '@contracts';
import { useCoreState } from '../connection/CoreClientContext.js';

/** Connection state is grey when healthy and coloured only when abnormal (ISA-101). */
export function StatusBar() {
  const { t } = useTranslation();
  const connection = useCoreState((s) => s.connection);
  const coreVersion = useCoreState((s) => s.coreVersion);
  const scene = useCoreState((s) => s.scene);
  const problems = useCoreState((s) => s.problems);
  const mqtt = useCoreState((s) => s.mqtt);
  const [renderer, setRenderer] = useState<string | null>(null);
  useEffect(() => {
    const timer = setInterval(() => setRenderer(window.safetwinDiagnostics?.webglRenderer ?? null), 1000);
    return () => clearInterval(timer);
  }, []);
  const isDesktop = DESKTOP_BRIDGE_GLOBAL in window;
  return (
    <footer className="status-bar">
      <span className={`connection connection-${connection}`} data-testid="connection-state" data-state={connection} role="status">
        {t(`connection.${connection}`)}
      </span>
      {mqtt && (
        <span className={`connection connection-${mqtt === 'connected' ? 'connected' : 'reconnecting'}`} data-testid="mqtt-state" data-state={mqtt}>
          {t(`status.mqtt.${mqtt}`)}
        </span>
      )}
      {coreVersion && <span>{t('status.core', { version: coreVersion })}</span>}
      {scene && <span>{t('status.scene', { equipment: scene.equipment.length, sensors: scene.sensors.length, cameras: scene.cameras.length })}</span>}
      <span className={problems.length ? 'problems problems-active' : 'problems'} title={problems.map((p) => `${p.code}: ${p.message}`).join('\n')}>
        {problems.length ? t('status.problems', { count: problems.length }) : t('status.noProblems')}
      </span>
      <span className="status-right">
        {renderer && <span className="renderer-info">{t('status.renderer', { renderer })}</span>}
        <span>{isDesktop ? t('status.desktop') : t('status.browser')}</span>
        <span className="help">{t('view.help')}</span>
      </span>
    </footer>
  );
}
