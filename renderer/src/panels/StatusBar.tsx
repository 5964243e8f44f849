import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DESKTOP_BRIDGE_GLOBAL } from '@contracts';
import { useCoreState } from '../connection/CoreClientContext.js';
import './statusBar.css';

/**
 * The status bar in words (issue 12.4): connection to the core, whether plant data is live, the plant's
 * size and problems. Connection state is grey when healthy and coloured only when abnormal (ISA-101).
 * Technical details (versions, the graphics renderer) are in the diagnostics panel it opens.
 * `kiosk` (a wall screen) drops the keyboard hints and the diagnostics button: nobody types there.
 */
export function StatusBar({ kiosk = false }: { kiosk?: boolean }) {
  const { t } = useTranslation();
  const connection = useCoreState((s) => s.connection);
  const scene = useCoreState((s) => s.scene);
  const problems = useCoreState((s) => s.problems);
  const mqtt = useCoreState((s) => s.mqtt);
  const [diagnosticsOpen, setDiagnosticsOpen] = useState(false);
  return (
    <footer className="status-bar" data-testid="status-bar">
      <span className={`connection connection-${connection}`} data-testid="connection-state" data-state={connection} role="status">
        {connection === 'connected' ? t('picture.status.coreConnected') : t(`connection.${connection}`)}
      </span>
      {mqtt && (
        <span className={`connection connection-${mqtt === 'connected' ? 'connected' : 'reconnecting'}`} data-testid="mqtt-state" data-state={mqtt}>
          {t(`picture.status.plantData.${mqtt}`)}
        </span>
      )}
      {scene && <span>{t('status.scene', { equipment: scene.equipment.length, sensors: scene.sensors.length, cameras: scene.cameras.length })}</span>}
      <span className={problems.length ? 'problems problems-active' : 'problems'}>{problems.length ? t('status.problems', { count: problems.length }) : t('status.noProblems')}</span>
      {!kiosk && (
        <span className="status-right">
          <span className="help">{t('view.help')}</span>
          <button type="button" className="diagnostics-button" aria-expanded={diagnosticsOpen} data-testid="open-diagnostics" onClick={() => setDiagnosticsOpen((open) => !open)}>
            {t('picture.diagnostics.open')}
          </button>
        </span>
      )}
      {diagnosticsOpen && <DiagnosticsPanel onClose={() => setDiagnosticsOpen(false)} />}
    </footer>
  );
}

/** Support details: versions, app kind, the WebGL renderer the 3D view got, render counters, problems with their codes. */
function DiagnosticsPanel({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const coreVersion = useCoreState((s) => s.coreVersion);
  const problems = useCoreState((s) => s.problems);
  const mqtt = useCoreState((s) => s.mqtt);
  const [graphics, setGraphics] = useState(() => readGraphics());
  useEffect(() => {
    const timer = setInterval(() => setGraphics(readGraphics()), 1000);
    return () => clearInterval(timer);
  }, []);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  return (
    <section className="diagnostics-panel" role="dialog" aria-label={t('picture.diagnostics.title')} data-testid="diagnostics-panel">
      <h2>{t('picture.diagnostics.title')}</h2>
      <dl>
        <dt>{t('picture.diagnostics.core')}</dt>
        <dd>{coreVersion ?? '—'}</dd>
        <dt>{t('picture.diagnostics.app')}</dt>
        <dd>{DESKTOP_BRIDGE_GLOBAL in window ? t('status.desktop') : t('status.browser')}</dd>
        <dt>{t('picture.diagnostics.mqtt')}</dt>
        <dd>{mqtt ? t(`status.mqtt.${mqtt}`) : '—'}</dd>
        <dt>{t('picture.diagnostics.graphics')}</dt>
        <dd data-testid="diagnostics-renderer">{graphics.renderer ?? '—'}</dd>
        <dt>{t('picture.diagnostics.frames')}</dt>
        <dd>{graphics.frames ?? '—'}</dd>
      </dl>
      {problems.length > 0 && (
        <ul className="diagnostics-problems">
          {problems.map((p, i) => (
            <li key={`${p.code}-${i}`}>
              <span className="tag">{p.code}</span> {p.message}
            </li>
          ))}
        </ul>
      )}
      <button type="button" onClick={onClose}>
        {t('picture.diagnostics.close')}
      </button>
    </section>
  );
}

function readGraphics(): { renderer: string | null; frames: number | null } {
  const d = window.safetwinDiagnostics;
  return { renderer: d?.webglRenderer ?? null, frames: d?.framesRendered() ?? null };
}
