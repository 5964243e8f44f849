import type { Area, Equipment, Person, Point2 } from '../contracts/index.js';
import { fnv1a32, Rng } from './random.js';
import type { RoadNetwork } from './RoadNetwork.js';
import type { SitePlaces, SpotRules } from './SitePlaces.js';

/**
 * What a person does next, by role. The durations are assumptions chosen to look like a plant day
 * (rounds of a few minutes per check point, jobs of under an hour, breaks of a quarter hour), not
 * measured data:
 * - board operators (every fifth operator) sit in the control room, with short breaks in the office;
 * - field operators make rounds of three check points in their home area, then report to the
 *   control room; every second round ends with a break;
 * - maintenance technicians alternate jobs anywhere in the field areas with time in the workshop;
 * - contractors work at their company's job site for the day (one per company and day), with breaks;
 * - security patrols road junctions and returns to the gatehouse;
 * - visitors stay in the office and see the control room;
 * - day workers (maintenance, contractors, visitors) take lunch in the office from 11:45.
 */
export type ActivityKind = 'controlRoom' | 'break' | 'fieldCheck' | 'job' | 'workshop' | 'patrol' | 'gatehouse' | 'visit' | 'lunch';

export type ActivityPlan = {
  kind: ActivityKind;
  anchor: Point2;
  rules: SpotRules;
  dwellMs: number;
  /** People shift around a job: a short walk within this radius every 20–60 s (0: stand still). */
  shuffleRadiusM: number;
};

export type WorkerProfile = {
  person: Person;
  index: number;
  rng: Rng;
  /** Activities begun this shift (drives the role's cycle). */
  cycle: number;
  homeArea: Area | undefined;
  isBoardOperator: boolean;
  lunchDay: number | undefined;
};

const minutes = (rng: Rng, min: number, max: number) => rng.range(min, max) * 60_000;

/** Field operators' home areas round-robin over the field areas; one in five operators works the board. */
export function assignHome(person: Person, roleIndex: number, places: SitePlaces): Pick<WorkerProfile, 'homeArea' | 'isBoardOperator'> {
  const areas = places.fieldAreas;
  if (person.role === 'operator') {
    const isBoardOperator = roleIndex % 5 === 0;
    return { isBoardOperator, homeArea: areas.length > 0 ? areas[roleIndex % areas.length] : undefined };
  }
  if (person.role === 'contractor' && areas.length > 0) {
    // Every crew of a company works in the same area: the company name picks it.
    return { isBoardOperator: false, homeArea: areas[fnv1a32(person.company ?? person.badgeId) % areas.length] };
  }
  return { isBoardOperator: false, homeArea: undefined };
}

function indoor(building: Equipment | undefined, places: SitePlaces, rng: Rng): { anchor: Point2; rules: SpotRules } {
  if (building) return { anchor: places.spotInBuilding(building, rng), rules: { indoorIn: building } };
  const admin = places.adminAreas[0];
  if (admin) return { anchor: places.spotInArea(admin, rng), rules: { insideArea: admin } };
  return { anchor: places.entryPoints[0]!, rules: {} };
}

/** A field spot whose walk in from the nearest road crosses no equipment and no restricted or confined-space area. */
function fieldSpot(area: Area | undefined, places: SitePlaces, network: RoadNetwork, rng: Rng): { anchor: Point2; rules: SpotRules } {
  const chosen = area ?? (places.fieldAreas.length > 0 ? rng.pick(places.fieldAreas) : undefined);
  if (!chosen) return indoor(places.controlRoom, places, rng);
  return { anchor: reachableSpot(chosen, places, network, rng, {}), rules: { insideArea: chosen } };
}

/** A standable spot of an area with a clear straight walk from the nearest road (best of a few draws). */
export function reachableSpot(area: Area, places: SitePlaces, network: RoadNetwork, rng: Rng, rules: SpotRules): Point2 {
  let spot = places.spotInArea(area, rng, rules);
  for (let i = 0; i < 20; i++) {
    const access = network.nearest(spot)?.point ?? spot;
    if (places.isLegClear(access, spot, { ...rules, insideArea: area })) break;
    spot = places.spotInArea(area, rng, rules);
  }
  return spot;
}

/** The day's job site of a contractor's company: the same draw for every member of the crew. */
function contractorJobSite(profile: WorkerProfile, places: SitePlaces, network: RoadNetwork, seed: number, day: number): { anchor: Point2; rules: SpotRules } {
  const crewRng = new Rng(seed, `jobsite:${profile.person.company ?? profile.person.badgeId}:${day}`);
  const site = fieldSpot(profile.homeArea, places, network, crewRng);
  // Each member works within a few metres of the crew's spot, where a clear walk from the road leads.
  for (let i = 0; i < 10; i++) {
    const own = places.spotNear(site.anchor, 8, profile.rng, site.rules);
    if (places.isLegClear(network.nearest(own)?.point ?? own, own, site.rules)) return { anchor: own, rules: site.rules };
  }
  return site;
}

export type PlanningContext = { places: SitePlaces; network: RoadNetwork; seed: number; localHour: number; localDay: number };

export function nextActivity(profile: WorkerProfile, context: PlanningContext): ActivityPlan {
  const { places, network, localHour, localDay } = context;
  const rng = profile.rng;
  const role = profile.person.role;
  const cycle = profile.cycle++;
  const isDayWorker = role === 'maintenance' || role === 'contractor' || role === 'visitor';
  if (isDayWorker && localHour >= 11.75 && localHour < 13 && profile.lunchDay !== localDay) {
    profile.lunchDay = localDay;
    return { kind: 'lunch', ...indoor(places.office, places, rng), dwellMs: minutes(rng, 35, 50), shuffleRadiusM: 2 };
  }
  switch (role) {
    case 'operator':
      if (profile.isBoardOperator) {
        return cycle % 2 === 0
          ? { kind: 'controlRoom', ...indoor(places.controlRoom, places, rng), dwellMs: minutes(rng, 40, 90), shuffleRadiusM: 3 }
          : { kind: 'break', ...indoor(places.office, places, rng), dwellMs: minutes(rng, 10, 20), shuffleRadiusM: 2 };
      }
      if (cycle % 4 < 3) return { kind: 'fieldCheck', ...fieldSpot(profile.homeArea, places, network, rng), dwellMs: minutes(rng, 4, 12), shuffleRadiusM: 2.5 };
      return cycle % 8 === 7
        ? { kind: 'break', ...indoor(places.office, places, rng), dwellMs: minutes(rng, 15, 25), shuffleRadiusM: 2 }
        : { kind: 'controlRoom', ...indoor(places.controlRoom, places, rng), dwellMs: minutes(rng, 10, 25), shuffleRadiusM: 3 };
    case 'maintenance':
      return cycle % 2 === 0
        ? { kind: 'job', ...fieldSpot(undefined, places, network, rng), dwellMs: minutes(rng, 20, 60), shuffleRadiusM: 2.5 }
        : { kind: 'workshop', ...indoor(places.workshop, places, rng), dwellMs: minutes(rng, 15, 40), shuffleRadiusM: 3 };
    case 'contractor':
      return cycle % 3 === 2
        ? { kind: 'break', ...indoor(places.office, places, rng), dwellMs: minutes(rng, 10, 20), shuffleRadiusM: 2 }
        : { kind: 'job', ...contractorJobSite(profile, places, network, context.seed, localDay), dwellMs: minutes(rng, 45, 90), shuffleRadiusM: 3 };
    case 'security': {
      if (cycle % 7 === 6) {
        const post = places.gatehouse ? indoor(places.gatehouse, places, rng) : { anchor: places.entryPoints[0]!, rules: {} };
        return { kind: 'gatehouse', ...post, dwellMs: minutes(rng, 20, 40), shuffleRadiusM: 1.5 };
      }
      const junctions = network.junctions().filter((p) => places.isStandable(p));
      const anchor = junctions.length > 0 ? rng.pick(junctions) : places.entryPoints[0]!;
      return { kind: 'patrol', anchor, rules: {}, dwellMs: minutes(rng, 1, 3), shuffleRadiusM: 1.5 };
    }
    case 'visitor':
      return cycle % 3 === 2
        ? { kind: 'visit', ...indoor(places.controlRoom, places, rng), dwellMs: minutes(rng, 15, 30), shuffleRadiusM: 2 }
        : { kind: 'visit', ...indoor(places.office, places, rng), dwellMs: minutes(rng, 30, 60), shuffleRadiusM: 2 };
  }
}
