import { useTranslation } from 'react-i18next';
import type { IndexValue, IndicatorDefinition } from '@contracts';
import { useStore } from '../state/createStore.js';
import { ManagerDialog } from './ManagerDialog.js';
import { managerStore } from './managerApi.js';
import { explanationRows, type ExplanationRow } from './managerModel.js';

/**
 * "Why is it 72?" (issue 20 item 2): every indicator in the index with its value, score between its bounds,
 * weight and the points it brings, the formula in the catalogue's words; those without data listed as not
 * counted. Each row opens the records behind its value.
 */
export function ExplainDialog({ figures, definitions }: { figures: readonly IndexValue[]; definitions: readonly IndicatorDefinition[] }) {
  const { t, i18n } = useTranslation();
  const open = useStore(managerStore, (s) => s.explain);
  if (!open) return null;
  const index = figures.find((v) => v.indexId === open && v.dimension === 'site');
  const name = t(`manager.index.${open}`);
  const close = () => managerStore.set({ explain: null });
  if (!index) {
    return (
      <ManagerDialog title={name} onClose={close} testId="manager-explain">
        <p className="manager-muted">{t('manager.noData')}</p>
      </ManagerDialog>
    );
  }
  const { counted, notCounted, total } = explanationRows(index, definitions, i18n.language);
  const records = (row: ExplanationRow) => managerStore.set({ records: { indicatorId: row.indicatorId, dimension: 'site', key: 'site', keyName: t('manager.records.site'), fromDay: index.fromDay, toDay: index.toDay } });
  const rowOf = (row: ExplanationRow) => (
    <tr key={row.indicatorId} data-indicator={row.indicatorId} data-counted={row.counted ? 'true' : 'false'}>
      <th scope="row">{row.name}</th>
      <td className="manager-formula">{row.formula}</td>
      <td className="number">
        {row.value} <span className="manager-unit">{row.counted ? row.unit : ''}</span>
      </td>
      <td className="number">
        {row.worst} → {row.best}
      </td>
      <td className="number">{row.score}</td>
      <td className="number">{row.weight}</td>
      <td className="number">{row.weightShare}</td>
      <td className="number">{row.points}</td>
      <td>
        {row.counted && (
          <button type="button" className="link" onClick={() => records(row)} data-testid={`manager-explain-records-${row.indicatorId}`}>
            {t('manager.explain.records')}
          </button>
        )}
      </td>
    </tr>
  );
  const head = (
    <thead>
      <tr>
        <th scope="col">{t('manager.explain.indicator')}</th>
        <th scope="col">{t('manager.explain.formula')}</th>
        <th scope="col">{t('manager.explain.value')}</th>
        <th scope="col">{t('manager.explain.bounds')}</th>
        <th scope="col">{t('manager.explain.score')}</th>
        <th scope="col">{t('manager.explain.weight')}</th>
        <th scope="col">{t('manager.explain.share')}</th>
        <th scope="col">{t('manager.explain.points')}</th>
        <th scope="col" />
      </tr>
    </thead>
  );
  return (
    <ManagerDialog title={t('manager.explain.title', { index: name, value: total })} onClose={close} testId="manager-explain">
      <p className="manager-muted">
        {t('manager.period.span', { from: index.fromDay, to: index.toDay })} · {t('manager.explain.rule')}
      </p>
      <table className="manager-table manager-explain-table">
        {head}
        <tbody>{counted.map(rowOf)}</tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={7}>
              {t('manager.explain.total')}
            </th>
            <td className="number" data-testid="manager-explain-total">
              {total}
            </td>
            <td />
          </tr>
        </tfoot>
      </table>
      {notCounted.length > 0 && (
        <>
          <h3>{t('manager.explain.notCounted')}</h3>
          <ul className="manager-not-counted" data-testid="manager-explain-not-counted">
            {notCounted.map((row) => (
              <li key={row.indicatorId} data-indicator={row.indicatorId}>
                {row.name} <span className="manager-muted">{t('manager.explain.notCountedRow', { weight: row.weight, formula: row.formula })}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </ManagerDialog>
  );
}
