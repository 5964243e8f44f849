/**
 * The evacuation model's declared defaults, in one place. docs/evacuation-model-defaults.json is
 * this object written out (a test keeps them equal), so a study can cite the numbers it ran with.
 *
 * Operational model: the collision-free speed model (CSM) of Tordeux, Chraibi & Seyfried,
 * "Collision-free speed model for pedestrian dynamics", Traffic and Granular Flow '15, Springer
 * 2016, pp. 225–232 (arXiv:1512.05597) — the model JuPedSim ships as CollisionFreeSpeedModel —
 * with its speed–spacing function taken from Weidmann's fundamental diagram (see speedModel.ts).
 */
export const EVACUATION_MODEL_NAME = 'collision-free-speed (Tordeux 2016) + Weidmann FD';

export const EVACUATION_MODEL_DEFAULTS = {
  model: EVACUATION_MODEL_NAME,
  /**
   * Step of the explicit update for studies (safetwin evac). CSM stays collision-free for dt ≤ its
   * time gap (Tordeux 2016 §2); the verification cases pass at both steps below.
   */
  dtS: 0.05,
  /**
   * Step of live and drill runs in the app (EvacuationRun): twice the study step, so that 10,000
   * agents on the demo plant run faster than 10× real time on one core (docs/bench/evac.json).
   * With the heading relaxation the dynamics do not depend on the step: door flows here are ~1.8 persons/m/s, ~1.7 at dtS (docs/evacuation.md).
   */
  liveDtS: 0.1,
  /** Body radius: JuPedSim's CollisionFreeSpeedModel default 0.2 m (shoulder width ≈ 0.4 m, Weidmann 1993). */
  bodyRadiusM: 0.2,
  /**
   * Free walking speed: Weidmann (1993), Transporttechnik der Fussgänger, ETH IVT Schriftenreihe
   * 90: mean 1.34 m/s, standard deviation 0.26 m/s, truncated here to [0.7, 2.0] m/s so that no
   * sampled agent is implausibly slow or fast for a level walkway.
   */
  freeSpeed: { meanMps: 1.34, sdMps: 0.26, minMps: 0.7, maxMps: 2.0 },
  /**
   * Weidmann (1993) fundamental diagram v(ρ) = v0·(1 − exp(−γ·(1/ρ − 1/ρmax))),
   * γ = 1.913 m⁻², ρmax = 5.4 m⁻², applied to the spacing to the agent ahead (ρ ≈ 1/s², speedModel.ts).
   */
  weidmann: { gammaPerM2: 1.913, maxDensityPerM2: 5.4 },
  /**
   * CSM direction terms R(s) = a·exp((l − s)/D) (Tordeux 2016 eq. 3). The values are JuPedSim's
   * CollisionFreeSpeedModel defaults (strength/range of neighbour and geometry repulsion).
   */
  repulsion: { neighbourStrength: 8, neighbourRangeM: 0.1, wallStrength: 5, wallRangeM: 0.02 },
  /**
   * The walking heading relaxes towards the CSM direction with this time constant,
   * de/dt = (u − e)/τ: the direction update of the anticipation velocity model (Xu, Chraibi &
   * Seyfried, "Anticipation in a velocity-based model for pedestrian dynamics", Transp. Res. C 133,
   * 2021, 103464), τ = 0.3 s as in JuPedSim's AnticipationVelocityModel. It makes the crowd's
   * dynamics independent of the step (EvacuationEngine.relaxHeading).
   */
  headingRelaxationS: 0.3,
  /**
   * Profiles. "slower": elderly or carrying a load — 0.9 m/s mean (Fruin 1971 gives ~1.0 m/s for
   * elderly pedestrians; SFPE Handbook 5th ed. ch. 64 tabulates 0.8–1.0 m/s for reduced mobility).
   * "injured": cannot walk alone; waits for the nearest able agent within assistRadiusM, then the pair
   * moves at the assisted speed (0.5 m/s: walking with support, SFPE Handbook ch. 64, 0.4–0.6 m/s).
   */
  profiles: {
    able: { speedFactor: 1 },
    slower: { meanMps: 0.9, sdMps: 0.15, minMps: 0.5, maxMps: 1.3 },
    injured: { assistedSpeedMps: 0.5, assistRadiusM: 60, pickupDistanceM: 1.2 },
  },
  /**
   * Pre-movement. CLI: 0 s unless the scenario gives one (verification cases start walking at t = 0).
   * Live and drill runs: lognormal, the shape PD 7974-6:2019 uses for pre-movement times; median 30 s
   * and σ = 0.6 are a plant assumption (trained staff, alarm heard) to be replaced by drill data.
   */
  premovement: { cliDefaultS: 0, live: { dist: 'lognormal', medianS: 30, sigma: 0.6, maxS: 300 } },
  /**
   * Speed in smoke: v = v0·max(vMinFraction, 1 + (β/α)·K) with K the extinction coefficient (1/m),
   * α = 0.706 m/s, β = −0.057 m²/s, vMin = 0.1·v0 — the Frantzich & Nilsson (2003) irritant-smoke
   * tunnel experiments (Lund University report 3126) as implemented in FDS+Evac (Korhonen &
   * Hostikka, VTT Working Papers 119, 2009, §3.4). Gas without an extinction value does not slow.
   */
  smokeSpeed: { alphaMps: 0.706, betaM2ps: -0.057, minFraction: 0.1 },
  /**
   * Dose: toxic load TL = Σ Cⁿ·Δt (ppm^n·min) along the agent's actual path, compared with HSE's
   * dangerous toxic loads SLOT and SLOD (HSE, "Assessment of the Dangerous Toxic Load (DTL) for
   * SLOT and SLOD", hse.gov.uk/chemicals/haztox.htm). Values per substance in hazards.ts.
   */
  doseModel: 'toxic load C^n·t (HSE SLOT/SLOD DTL)',
  /** Door flow is emergent from the operational model: no cap, no prescribed capacity. */
  doorFlow: 'emergent',
  /** Every exit gets a door frame this deep; an agent is out when past it (WalkableDomain.ts). */
  doorDepthM: 0.4,
  /** Navigation grid: fast marching (Sethian 1996) on square cells; coarser for big sites (cell budget). */
  navigation: { method: 'fast marching (eikonal)', cellSizesM: [0.25, 0.5, 1], maxCells: 500_000, wallPenaltyRangeM: 0.6, wallPenaltyFactor: 1.5 },
  /** Hazard cells: "traversable" costs costFactor × (time slowdown); "no_go" is closed except to leave it. */
  hazardCost: { traversableFactor: 8, noGoFactor: 1000 },
  /** Exit choice by estimated time to leave, re-evaluated periodically; switch only for a real gain. */
  exitChoice: { intervalS: 2, switchGainFraction: 0.15, switchGainMinS: 3, specificFlowPerMps: 1.3 },
  /** An agent slower than this for stuckAfterS gets a random side-step (lets counterflow unlock). */
  stuck: { speedMps: 0.05, afterS: 4 },
  /** Bounded runs: simulated time limit when the scenario gives none. */
  tMaxS: 3600,
} as const;

export type EvacuationModelDefaults = typeof EVACUATION_MODEL_DEFAULTS;
