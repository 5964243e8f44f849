import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { API_PATHS, type ContractorListView } from '@contracts';
import { useCoreClient } from '../connection/CoreClientContext.js';
import { sortForAttention, standingLines } from './contractorText.js';
import './contractors.css';

/** The register changes by the hour (arrivals, renewals): read when the tab opens, every minute, and on request. */
const REFRESH_MS = 60_000;

/**
 * The contractor register as the control room reads it (issue 17 item 3, docs/contractors.md): every person
 * by their code (一人一码), name (withheld from roles that may not see names), company, badge, and where they
 * stand — what keeps them from work and their certificates' expiry — those needing attention first. Read-only:
 * the register is kept through the API (contractor:manage).
 */
export function ContractorsPanel() {
  const { t } = useTranslation();
  const client = useCoreClient();
  const [register, setRegister] = useState<ContractorListView | null | 'unavailable'>(null);
  const load = useCallback(() => void client.getJson<ContractorListView>(API_PATHS.contractors).then((view) => setRegister(view ?? 'unavailable')), [client]);
  useEffect(() => {
    load();
    const timer = setInterval(load, REFRESH_MS);
    return () => clearInterval(timer);
  }, [load]);

  if (register === null) return <p className="loading">{t('info.loading')}</p>;
  if (register === 'unavailable') return <p className="muted" data-testid="contractors-unavailable">{t('contractors.unavailable')}</p>;
  const companies = new Map(register.companies.map((c) => [c.company.id, c.company]));
  const people = sortForAttention(register.people);
  const attention = people.filter((p) => p.person.active && (p.standing.problems.length > 0 || p.standing.expiry !== null)).length;
  return (
    <section className="contractors-panel" data-testid="contractors-panel" aria-label={t('contractors.title')}>
      <h3>{t('contractors.title')}</h3>
      <p className="muted">
        {t('contractors.summary', { people: people.length, companies: companies.size, attention })}{' '}
        <button type="button" onClick={load} data-testid="contractors-refresh">
          {t('contractors.refresh')}
        </button>
      </p>
      {people.length === 0 ? (
        <p className="empty">{t('contractors.empty')}</p>
      ) : (
        <table className="contractor-table">
          <thead>
            <tr>
              <th>{t('contractors.column.code')}</th>
              <th>{t('contractors.column.name')}</th>
              <th>{t('contractors.column.company')}</th>
              <th>{t('contractors.column.badge')}</th>
              <th>{t('contractors.column.standing')}</th>
            </tr>
          </thead>
          <tbody>
            {people.map((view) => {
              const company = companies.get(view.person.companyId);
              return (
                <tr key={view.person.id} data-testid="contractor-row" data-person={view.person.id}>
                  <td className="tag">{view.person.id}</td>
                  <td className="nowrap">{view.namesWithheld ? <span className="muted">{t('contractors.withheld')}</span> : view.person.name}</td>
                  <td>
                    {company?.name ?? view.person.companyId}
                    {company && company.status !== 'whitelisted' && <span className="contractor-level-medium"> · {t(`contractors.companyStatus.${company.status}`)}</span>}
                  </td>
                  <td className="nowrap">{view.person.badgeId ?? <span className="muted">{t('contractors.noBadge')}</span>}</td>
                  <td data-testid="contractor-standing">
                    {standingLines(view, t).map((line) => (
                      <div key={line.text} className={`contractor-level-${line.level}`}>
                        {line.text}
                      </div>
                    ))}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
