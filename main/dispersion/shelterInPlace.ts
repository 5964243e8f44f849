/**
 * Indoor concentration of a building sheltering in place: one well-mixed zone exchanging air with
 * the outside at a rate λ = ACH/3600 s⁻¹,  dCi/dt = λ·(Co − Ci)  (Wilson 1987, "Stay indoors or
 * evacuate to avoid exposure to toxic gas?", Emergency Preparedness Digest 14(1); the model of
 * ALOHA's indoor concentration, NOAA Technical Memorandum NOS OR&R 43, 2013). Typical ACH: 0.2–0.5
 * for a tight modern building, 1–2 for an older one, more with ventilation running.
 */
export function airExchangeRatePerS(airChangesPerHour: number): number {
  return Math.max(0, airChangesPerHour) / 3600;
}

/**
 * Integrates the indoor concentration over an outdoor series sampled at times tS (outdoor taken as
 * linear between samples, integrated exactly):
 *   Ci(t+h) = Ci·e^(−λh) + a·(1 − e^(−λh)) + s·(h − (1 − e^(−λh))/λ),  Co = a + s·τ on the step.
 */
export function indoorSeries(timesS: readonly number[], outdoor: readonly number[], airChangesPerHour: number, initialIndoor = 0): number[] {
  const lambda = airExchangeRatePerS(airChangesPerHour);
  const indoor = [initialIndoor];
  let ci = initialIndoor;
  for (let k = 1; k < timesS.length; k++) {
    const h = timesS[k]! - timesS[k - 1]!;
    const a = outdoor[k - 1]!;
    const slope = h > 0 ? (outdoor[k]! - a) / h : 0;
    if (lambda === 0 || h <= 0) {
      indoor.push(ci);
      continue;
    }
    const decay = Math.exp(-lambda * h);
    ci = ci * decay + a * (1 - decay) + slope * (h - (1 - decay) / lambda);
    indoor.push(Math.max(0, ci));
  }
  return indoor;
}

/** Indoor level after a constant outdoor concentration has stood for durationS: Co·(1 − e^(−λT)). */
export function indoorAfterSteadyExposure(outdoor: number, airChangesPerHour: number, durationS: number): number {
  return outdoor * (1 - Math.exp(-airExchangeRatePerS(airChangesPerHour) * Math.max(0, durationS)));
}
