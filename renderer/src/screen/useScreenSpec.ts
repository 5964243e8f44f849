import { useEffect, useState } from 'react';
import type { ScreenView, WindowLayout } from '@contracts';
import { useCoreClient, useCoreState } from '../connection/CoreClientContext.js';
import { DEFAULT_SCREEN, screenFromLayout, screenFromQuery, type ScreenSpec } from './screenSpec.js';
import { screenLayoutFor } from './screenLayout.js';
import './wallLayout.css';

/** This window's screen: from `?layout&screen` (fetched from the core) or `?view…`; rotation applied. */
export function useScreen(): { spec: ScreenSpec; view: ScreenView; problem: string | null } {
  const client = useCoreClient();
  const connection = useCoreState((s) => s.connection);
  const [spec, setSpec] = useState<ScreenSpec>(() => screenFromQuery(new URLSearchParams(window.location.search)));
  const [problem, setProblem] = useState<string | null>(null);
  const [rotationStep, setRotationStep] = useState(0);

  useEffect(() => {
    const query = new URLSearchParams(window.location.search);
    const name = query.get('layout');
    if (!name || connection !== 'connected') return;
    void client.getJson<WindowLayout>(`/api/layouts/${encodeURIComponent(name)}`).then((layout) => {
      const screen = layout ? screenFromLayout(layout, Number(query.get('screen') ?? 0), query) : null;
      if (screen) setSpec(screen);
      else {
        setSpec(DEFAULT_SCREEN);
        setProblem(name);
      }
    });
  }, [client, connection]);

  useEffect(() => {
    // rem-based sizes follow the root font size, so the wall mode scales the whole UI.
    document.documentElement.classList.toggle('high-contrast', spec.highContrast);
  }, [spec.highContrast]);

  useEffect(() => {
    // Desk chrome (language, session, keyboard hints) is hidden on kiosk wall screens (wallLayout.css).
    document.documentElement.classList.toggle('kiosk', spec.kiosk);
  }, [spec.kiosk]);

  useEffect(() => {
    // The grid follows the window's shape (screenLayout.ts): a wall of 2–3 screens side by side gets its own.
    const apply = () => {
      document.documentElement.dataset.layout = screenLayoutFor(window.innerWidth, window.innerHeight);
    };
    apply();
    window.addEventListener('resize', apply);
    return () => window.removeEventListener('resize', apply);
  }, []);

  useEffect(() => {
    if (!spec.rotate) return;
    const timer = setInterval(() => setRotationStep((n) => n + 1), spec.rotate.periodS * 1000);
    return () => clearInterval(timer);
  }, [spec]);

  const view = spec.rotate ? spec.rotate.views[rotationStep % spec.rotate.views.length]! : spec.view;
  return { spec, view, problem };
}
