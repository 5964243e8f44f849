/**
 * The Gaussian building blocks shared by the plume and the puff train: the vertical term with
 * ground (and optional mixing-lid) reflection, and a fast erf.
 */

/**
 * Vertical factor V(z) so that the concentration is …·V/(√(2π)·σz):
 *   V = exp(−(z−H)²/2σz²) + exp(−(z+H)²/2σz²)
 * — total reflection at the ground by an image source at −H (Turner 1970, Workbook, eq. 3.1).
 * With a mixing height L, images at ±2nL are added (Turner 1970 eq. 5.8, n = ±1, ±2), and once
 * σz > 1.6·L the cloud is taken as uniformly mixed below L: V = √(2π)·σz/L (Turner 1970 eq. 5.3).
 */
export function verticalFactor(receptorHeightM: number, releaseHeightM: number, sigmaZM: number, mixingHeightM?: number): number {
  const z = receptorHeightM;
  const h = releaseHeightM;
  const twoSz2 = 2 * sigmaZM * sigmaZM;
  if (mixingHeightM === undefined || !(mixingHeightM > h)) {
    return Math.exp(-((z - h) ** 2) / twoSz2) + Math.exp(-((z + h) ** 2) / twoSz2);
  }
  if (z > mixingHeightM) return 0;
  if (sigmaZM > 1.6 * mixingHeightM) return (Math.sqrt(2 * Math.PI) * sigmaZM) / mixingHeightM;
  let sum = 0;
  for (let n = -2; n <= 2; n++) {
    const shift = 2 * n * mixingHeightM;
    sum += Math.exp(-((z - h + shift) ** 2) / twoSz2) + Math.exp(-((z + h + shift) ** 2) / twoSz2);
  }
  return sum;
}

/**
 * erf by Abramowitz & Stegun (1964), Handbook of Mathematical Functions, 7.1.26: |error| ≤ 1.5e−7,
 * one exp per call (the puff train calls it twice per grid cell and slug).
 */
export function erf(x: number): number {
  const sign = x < 0 ? -1 : 1;
  const a = x < 0 ? -x : x;
  if (a > 5) return sign;
  const t = 1 / (1 + 0.3275911 * a);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  return sign * (1 - poly * Math.exp(-a * a));
}
