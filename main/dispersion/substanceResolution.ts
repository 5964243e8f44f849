import { findSubstance, SUBSTANCES, type SubstanceRecord } from './substanceTable.js';

/** A study's substance: a table entry, or a passive tracer given by name and molecular weight. */
export type ResolvedSubstance = { record: SubstanceRecord; isTracer: boolean };

export class UnknownSubstanceError extends Error {}

export function resolveSubstance(input: string | { name: string; molecularWeight: number; idlhPpm?: number; lelPercentVol?: number }): ResolvedSubstance {
  if (typeof input === 'string') {
    const record = findSubstance(input);
    if (!record) throw new UnknownSubstanceError(`unknown substance "${input}" (known: ${SUBSTANCES.map((s) => s.id).join(', ')}; or give {"name", "molecularWeight"} for a passive tracer)`);
    return { record, isTracer: false };
  }
  // A tracer has no thermodynamic data: only direct releases and the passive model apply to it.
  const record: SubstanceRecord = {
    id: input.name,
    name: input.name,
    formula: input.name,
    casNumber: '',
    aliases: [],
    molecularWeightGPerMol: input.molecularWeight,
    normalBoilingPointK: Number.NaN,
    heatOfVaporizationJPerKg: Number.NaN,
    liquidDensityKgM3: Number.NaN,
    liquidDensityAtK: Number.NaN,
    liquidHeatCapacityJPerKgK: Number.NaN,
    gasHeatCapacityJPerKgK: Number.NaN,
    heatCapacityRatio: Number.NaN,
    ...(input.idlhPpm !== undefined ? { idlhPpm: input.idlhPpm } : {}),
    ...(input.lelPercentVol !== undefined ? { lelPercentVol: input.lelPercentVol } : {}),
    sources: { molecularWeightGPerMol: 'nist: given by the study' },
  };
  return { record, isTracer: true };
}
