import './strictCsp.js';
import { Profiler, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { CoreClient } from './connection/CoreClient.js';
import { CoreClientContext } from './connection/CoreClientContext.js';
import { initI18n } from './i18n/i18n.js';
import { isReportPage } from './hazards/report/reportModel.js';
import { ReportPage } from './hazards/report/ReportPage.js';
import { reactCommitCount } from './twin/diagnostics.js';
import './styles.css';

initI18n();
const client = new CoreClient();
void client.start();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <CoreClientContext.Provider value={client}>
      {/* Counts commits for diagnostics: live data must not re-render React (architecture §3). */}
      <Profiler id="app" onRender={() => reactCommitCount.value++}>
        {/* The phone report page (issue 18) at /report: the same client and sign-in, none of the control room. */}
        {isReportPage(window.location) ? <ReportPage /> : <App />}
      </Profiler>
    </CoreClientContext.Provider>
  </StrictMode>,
);
