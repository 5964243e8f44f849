import type { DrillScenario, DrillScore, DrillScoreItem } from '../../contracts/index.js';

export type DrillResponseTimes = {
  firstAlarmAtS: number | null;
  acknowledgedAtS: number | null;
  evacuationOrderedAtS: number | null;
  headcountConfirmedAtS: number | null;
  /** People not at a muster point when the team confirmed the head count. */
  missingAtConfirm: number | null;
};

/**
 * The trainer's score: each response time from the first drill alarm against the scenario's
 * target. A head count confirmed while people were still missing does not meet its target however
 * fast it was — accounting for everyone is the point of the measure.
 */
export function scoreDrill(targets: DrillScenario['targets'], times: DrillResponseTimes): DrillScore {
  const since = (atS: number | null) => (atS === null || times.firstAlarmAtS === null ? null : Math.max(0, atS - times.firstAlarmAtS));
  const item = (measure: DrillScoreItem['measure'], targetS: number, actualS: number | null, extra = true): DrillScoreItem => ({
    measure,
    targetS,
    actualS,
    met: actualS === null ? null : actualS <= targetS && extra,
  });
  const items = [
    item('acknowledge', targets.acknowledgeS, since(times.acknowledgedAtS)),
    item('orderEvacuation', targets.orderEvacuationS, since(times.evacuationOrderedAtS)),
    item('accountForEveryone', targets.accountForEveryoneS, since(times.headcountConfirmedAtS), times.missingAtConfirm === 0),
  ];
  return { items, met: items.filter((i) => i.met === true).length, of: items.length, missingAtConfirm: times.missingAtConfirm };
}
