import { useTranslation } from 'react-i18next';
import type { ClientScene } from '@contracts';
import { useStore } from '../state/createStore.js';
import { controlFailureText, riskAreasStore, shownAreaRisk } from './riskAreas.js';

/**
 * An area's risk grade in its details (issue 18 item 1): the register's live grade; raised by a failed control,
 * the assessed grade beside it and why, in words (the detector by its id and name, out of service or silent);
 * the scene's static grade, said to be outside the register, where the register has no point in the area.
 */
export function AreaRiskDetails({ scene, areaId }: { scene: ClientScene; areaId: string }) {
  const { t, i18n } = useTranslation();
  const register = useStore(riskAreasStore, (s) => s.areas);
  const area = scene.areas.find((a) => a.id === areaId);
  if (!area) return null;
  const risk = shownAreaRisk(area, register);
  const grade = risk.grade ? t(`hazards.riskGrade.${risk.grade}`) : null;
  return (
    <section className="area-risk" data-testid="area-risk" data-grade={risk.grade ?? 'none'} data-from-register={risk.fromRegister ? 'true' : 'false'}>
      <h4>{t('hazards.room.area.title')}</h4>
      <p className={risk.raised ? 'area-risk-raised' : undefined} data-testid="area-risk-grade">
        {grade === null ? t('hazards.room.area.notAssessed') : t(risk.fromRegister ? 'hazards.room.area.fromRegister' : 'hazards.room.area.notFromRegister', { grade })}
      </p>
      {risk.raised && risk.assessed && (
        <>
          <p className="muted">{t('hazards.room.area.assessed', { grade: t(`hazards.riskGrade.${risk.assessed}`) })}</p>
          <p>{t('hazards.room.area.raisedBecause')}</p>
          <ul className="area-risk-causes" data-testid="area-risk-causes">
            {risk.causes.map((cause) => {
              const text = controlFailureText(cause, scene, i18n.language, t);
              return <li key={text}>{text}</li>;
            })}
          </ul>
        </>
      )}
    </section>
  );
}
