import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClientScene, IndicatorDefinition, IndicatorRecordRef } from '@contracts';
import { useCoreClient } from '../connection/CoreClientContext.js';
import { localized } from '../i18n/i18n.js';
import { useStore } from '../state/createStore.js';
import { formatDateTime } from '../panels/trendChart.js';
import { ManagerDialog } from './ManagerDialog.js';
import { MANAGER_API, managerStore, type RecordsScope } from './managerApi.js';
import { recordText } from './recordWords.js';

/**
 * The records behind a figure (GET /api/indicators/<id>/records): newest first, each linking to its own screen
 * (a hidden danger opens the hazards tab on its ticket, an alarm its history) by the href the core gives.
 */
export function RecordsDialog({ definitions, scene }: { definitions: readonly IndicatorDefinition[]; scene: ClientScene | null }) {
  const scope = useStore(managerStore, (s) => s.records);
  return scope ? <Records key={JSON.stringify(scope)} scope={scope} definitions={definitions} scene={scene} /> : null;
}

function Records({ scope, definitions, scene }: { scope: RecordsScope; definitions: readonly IndicatorDefinition[]; scene: ClientScene | null }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const client = useCoreClient();
  const [records, setRecords] = useState<IndicatorRecordRef[] | null | 'failed'>(null);
  useEffect(() => {
    let current = true;
    void client.getJson<IndicatorRecordRef[]>(MANAGER_API.records(scope)).then((answer) => current && setRecords(answer ? [...answer].sort((a, b) => b.atMs - a.atMs) : 'failed'));
    return () => {
      current = false;
    };
  }, [client, scope]);
  const definition = definitions.find((d) => d.id === scope.indicatorId);
  const name = definition ? localized(definition.name, language) : '';
  return (
    <ManagerDialog title={t('manager.records.title', { name })} onClose={() => managerStore.set({ records: null })} testId="manager-records">
      <p className="manager-muted">{t('manager.records.scope', { scope: scope.keyName, from: scope.fromDay, to: scope.toDay })}</p>
      <div data-testid="manager-records-body" data-state={records === null ? 'loading' : records === 'failed' ? 'failed' : 'ready'}>
        {records === null ? (
          <p className="manager-muted" role="status">
            {t('manager.loading')}
          </p>
        ) : records === 'failed' ? (
          <p className="form-error">{t('manager.records.failed')}</p>
        ) : records.length === 0 ? (
          <p className="manager-muted">{t('manager.records.empty')}</p>
        ) : (
          <table className="manager-table" data-testid="manager-records-list">
            <thead>
              <tr>
                <th scope="col">{t('manager.records.time')}</th>
                <th scope="col">{t('manager.ranking.name')}</th>
                <th scope="col" />
              </tr>
            </thead>
            <tbody>
              {records.map((record) => (
                <tr key={`${record.kind}-${record.id}`} data-kind={record.kind} data-id={record.id}>
                  <td className="number">{formatDateTime(record.atMs, language)}</td>
                  <td>
                    <span className="manager-muted">{t(`manager.records.kind.${record.kind}`)}</span> <span data-testid="manager-record-text">{recordText(record, scene, language, t)}</span>
                  </td>
                  <td>
                    {record.href && (
                      <a href={record.href} data-testid="manager-record-link">
                        {t('manager.records.open')}
                      </a>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </ManagerDialog>
  );
}
