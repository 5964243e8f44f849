import {
  HAZARD_PROBLEM_CODES,
  HAZARD_TICKET_TRANSITIONS,
  MAX_HAZARD_PHOTOS,
  roleMay,
  type HazardReport,
  type HazardSignature,
  type HazardStepRequest,
  type HazardTicket,
  type HazardTicketGrade,
  type HazardTicketState,
  type Role,
} from '../contracts/index.js';
import type { HazardsConfig } from './hazardsConfig.js';

/** Who reports or takes a step: the signed-in user as the session knows them (contracts/roles SessionUser). */
export type HazardActor = { name: string; role: Role; implicit: boolean };
export type HazardProblemCode = keyof typeof HAZARD_PROBLEM_CODES;
/** The ticket after the step with the step's signed record, or a coded refusal (nothing changed). */
export type HazardStepResult = { ok: true; ticket: HazardTicket; step: HazardSignature } | { ok: false; code: HazardProblemCode; message: string };

const refuse = (code: HazardProblemCode, message: string) => ({ ok: false, code, message }) as const;

/**
 * Opens a ticket from a report (上报): any role with hazard:report, by a named user (a ticket names its
 * reporter, who follows its progress). The number is the register's. Pure: the register stores and journals it.
 */
export function openHazardTicket(report: HazardReport, number: string, actor: HazardActor, nowMs: number): HazardStepResult {
  if (!roleMay(actor.role, 'hazard:report')) return refuse('ST_ERR_HAZARD_FORBIDDEN', `role ${actor.role} may not report a hidden danger (needs hazard:report)`);
  if (actor.implicit) return refuse('ST_ERR_HAZARD_NAMED_USER', 'a report needs a signed-in user');
  const step: HazardSignature = { action: 'report', from: null, to: 'reported', user: actor.name, role: actor.role, atMs: nowMs, grade: report.grade };
  const ticket: HazardTicket = {
    number,
    source: report.source,
    location: report.location,
    kind: report.kind,
    grade: report.grade,
    ...(report.majorBasis !== undefined && { majorBasis: report.majorBasis }),
    description: report.description,
    reportedAtMs: nowMs,
    reporter: actor.name,
    ...(report.badgeId !== undefined && { badgeId: report.badgeId }),
    state: 'reported',
    media: report.media,
    signatures: [step],
  };
  return { ok: true, ticket, step };
}

/**
 * One step on a ticket (docs/hazards.md §3): checks the role (HAZARD_TICKET_TRANSITIONS), the state, the signer
 * (named; whoever rectified may not verify) and the step's own conditions, and returns the ticket with the
 * signed step appended, or a coded refusal.
 */
export function applyHazardStep(ticket: HazardTicket, request: HazardStepRequest, actor: HazardActor, nowMs: number, config: Pick<HazardsConfig, 'ticketDeadlineMs'>): HazardStepResult {
  const transition = HAZARD_TICKET_TRANSITIONS[request.action];
  if (!roleMay(actor.role, transition.needs)) return refuse('ST_ERR_HAZARD_FORBIDDEN', `role ${actor.role} may not ${request.action} a hidden danger (needs ${transition.needs})`);
  if (!transition.from.includes(ticket.state)) return refuse('ST_ERR_HAZARD_STATE', `cannot ${request.action} a ticket in state ${ticket.state}`);
  if (actor.implicit) return refuse('ST_ERR_HAZARD_NAMED_USER', `${request.action} needs a signed-in user`);
  const base = { action: request.action, from: ticket.state, to: transition.to, user: actor.name, role: actor.role, atMs: nowMs, ...(request.note !== undefined && { note: request.note }) };
  const signed = (changes: Partial<HazardTicket>, extra: Partial<HazardSignature> = {}): HazardStepResult => {
    const step: HazardSignature = { ...base, ...extra };
    return { ok: true, ticket: { ...ticket, ...changes, state: step.to, signatures: [...ticket.signatures, step] }, step };
  };
  switch (request.action) {
    case 'accept': {
      const majorBasis = request.majorBasis ?? ticket.majorBasis;
      if (request.grade === 'major' && majorBasis === undefined) return refuse('ST_ERR_HAZARD_INVALID', 'majorBasis: a major hidden danger says which criterion it meets');
      const defaultDeadlineMs = ticket.reportedAtMs + config.ticketDeadlineMs[request.grade];
      const deadlineMs = request.deadlineMs ?? defaultDeadlineMs;
      if (deadlineMs <= nowMs) return refuse('ST_ERR_HAZARD_DEADLINE', 'deadlineMs: the deadline has passed; set a later one');
      // A longer time than the grade allows is a decision (a major danger's 治理方案 with a stop), said in the note.
      if (deadlineMs > defaultDeadlineMs && request.note === undefined) return refuse('ST_ERR_HAZARD_DEADLINE', `deadlineMs: later than the ${request.grade} default (${config.ticketDeadlineMs[request.grade] / 3_600_000} h after the report) needs a note saying why`);
      return signed({ grade: request.grade, deadlineMs, ...(majorBasis !== undefined && { majorBasis }) }, { grade: request.grade, deadlineMs });
    }
    case 'reject':
      if (request.reason === 'duplicate') {
        if (request.duplicateOf === undefined || request.duplicateOf === ticket.number) return refuse('ST_ERR_HAZARD_INVALID', 'duplicateOf: a duplicate names another ticket');
        return signed({ duplicateOf: request.duplicateOf }, { rejectReason: 'duplicate', duplicateOf: request.duplicateOf });
      }
      if (request.note === undefined) return refuse('ST_ERR_HAZARD_INVALID', 'note: an invalid report is told why');
      return signed({}, { rejectReason: 'invalid' });
    case 'assign':
      return signed({ assignee: request.assignee }, { assignee: request.assignee });
    case 'rectify': {
      if (request.media.some((m) => m.stage !== 'rectification')) return refuse('ST_ERR_HAZARD_INVALID', 'media: a rectification carries after photos (stage rectification)');
      if (ticket.media.length + request.media.length > MAX_HAZARD_PHOTOS) return refuse('ST_ERR_HAZARD_INVALID', `media: at most ${MAX_HAZARD_PHOTOS} photos or voice notes per ticket`);
      return signed({ media: [...ticket.media, ...request.media] });
    }
    case 'verify': {
      // Two-person rule: the verification (验收) is someone else's than the rectification's.
      const rectifiers = rectifiersOf(ticket);
      if (rectifiers.has(actor.name)) return refuse('ST_ERR_HAZARD_SAME_PERSON', `${actor.name} rectified this hidden danger and may not verify it`);
      return signed({});
    }
    case 'returnForRework':
      return signed({});
  }
}

/** Everyone who rectified the ticket: the assignee, and whoever signed a rectification, in any round. */
export function rectifiersOf(ticket: HazardTicket): Set<string> {
  const names = new Set(ticket.signatures.filter((s) => s.action === 'rectify').map((s) => s.user));
  if (ticket.assignee !== undefined) names.add(ticket.assignee);
  return names;
}

/** States in which the rectification clock runs: reported, accepted, being fixed (again, after a return). */
const CLOCK_STATES: ReadonlySet<HazardTicketState> = new Set<HazardTicketState>(['reported', 'accepted', 'rectifying']);

/** Escalation levels: 1 the rectifying unit's head, 2 the safety department, 3 the principal (HazardsConfig). */
export const ESCALATION_LEVELS = 3;

export type HazardSchedule = {
  /** The ticket's own deadline once accepted, else the default of its reported grade from the report. */
  deadlineMs: number;
  reminderAtMs: number[];
  /** escalationAtMs[k] is when level k + 1 is reached. */
  escalationAtMs: number[];
};

/** When a ticket's reminders and escalations fall (whether they apply now is hazardTicketTiming's). */
export function hazardSchedule(ticket: Pick<HazardTicket, 'grade' | 'reportedAtMs' | 'deadlineMs'>, config: Pick<HazardsConfig, 'ticketDeadlineMs' | 'reminderAtFractions' | 'escalationStepMs'>): HazardSchedule {
  const deadlineMs = ticket.deadlineMs ?? defaultDeadlineMs(ticket.grade, ticket.reportedAtMs, config);
  const spanMs = deadlineMs - ticket.reportedAtMs;
  const stepMs = config.escalationStepMs[ticket.grade];
  return {
    deadlineMs,
    reminderAtMs: config.reminderAtFractions.map((f) => ticket.reportedAtMs + Math.round(f * spanMs)),
    escalationAtMs: Array.from({ length: ESCALATION_LEVELS }, (_, k) => deadlineMs + k * stepMs),
  };
}

export function defaultDeadlineMs(grade: HazardTicketGrade, reportedAtMs: number, config: Pick<HazardsConfig, 'ticketDeadlineMs'>): number {
  return reportedAtMs + config.ticketDeadlineMs[grade];
}

export type HazardTiming = {
  deadlineMs: number;
  /** Whether the clock runs: not while awaiting verification, nor once closed or rejected. */
  running: boolean;
  /** Running and at or past the deadline (rectification is due before it). */
  overdue: boolean;
  /** Reminders whose time has come (0 … reminderAtFractions.length). */
  remindersDue: number;
  /** 0 (none) … ESCALATION_LEVELS. */
  escalationLevel: number;
  /** The next reminder or escalation, if the clock runs and one is left. */
  nextAtMs: number | undefined;
};

/**
 * Where a ticket stands against its deadline at `nowMs`: the clock runs from the report until the
 * rectification is handed in for verification, and again if it is returned for rework (the deadline does not
 * move). An event at `nowMs` exactly has come.
 */
export function hazardTicketTiming(ticket: Pick<HazardTicket, 'grade' | 'reportedAtMs' | 'deadlineMs' | 'state'>, nowMs: number, config: Pick<HazardsConfig, 'ticketDeadlineMs' | 'reminderAtFractions' | 'escalationStepMs'>): HazardTiming {
  const schedule = hazardSchedule(ticket, config);
  const running = CLOCK_STATES.has(ticket.state);
  if (!running) return { deadlineMs: schedule.deadlineMs, running, overdue: false, remindersDue: 0, escalationLevel: 0, nextAtMs: undefined };
  const remindersDue = schedule.reminderAtMs.filter((t) => t <= nowMs).length;
  const escalationLevel = schedule.escalationAtMs.filter((t) => t <= nowMs).length;
  const nextAtMs = [...schedule.reminderAtMs, ...schedule.escalationAtMs].filter((t) => t > nowMs).reduce<number | undefined>((a, t) => (a === undefined || t < a ? t : a), undefined);
  return { deadlineMs: schedule.deadlineMs, running, overdue: nowMs >= schedule.deadlineMs, remindersDue, escalationLevel, nextAtMs };
}
