import { createClockResolver, createCommandEngine, createCommandHandlers, createDirectory, type AnyCommand, type EventStore } from '@banjian/core';
import { createAgenda, type PlannedCommand } from './agenda';
import { createAlertPass } from './alert-pass';
import { createAnomalyHook, type AnomalyPlan } from './anomalies';
import { officeMinute, planCase, type PlanContext } from './case-plan';
import { defaultCountyHall } from './county-hall';
import { rootHall, type HallSetup } from './hall-config';
import { planComplaint, planConsultation } from './hall-plan';
import { hallPeople } from './hall-people';
import { createRandom } from './random';
import { DEFAULT_RATES, type SimulationRates } from './rates';
import { setupCommands } from './setup';
import { stampingStore } from './stamping-store';
import { createTimeline, OFFICE_MINUTES } from './timeline';
import { dailyVolumes } from './volume';

export interface SimulationProgress {
  /** Working days simulated so far, of `days`. */
  readonly day: number;
  readonly days: number;
  readonly date: string;
  readonly cases: number;
  readonly commands: number;
  readonly events: number;
}

export interface SimulationOptions {
  /** Seed of every random choice (default 1): the same seed gives the same log, byte for byte. */
  readonly seed?: number;
  /** The calendar year simulated (default 2025). */
  readonly year?: number;
  /** Applications 申请 over the year, all halls together (default 12,000; seed 004: 11,871 in eleven months). */
  readonly casesPerYear?: number;
  /** Sizes of the default county hall (ignored when `setup` is given). */
  readonly itemCount?: number;
  readonly windowCount?: number;
  readonly townshipCount?: number;
  /** A hall tree of one's own instead of `defaultCountyHall(...)`. */
  readonly setup?: HallSetup;
  readonly rates?: Partial<SimulationRates>;
  /** Plant the anomalies 异常办件 of `PLANTED_COUNTS` among the year's cases (`banjian demo --anomalies`). */
  readonly anomalies?: boolean;
  /** Called after each simulated working day. */
  readonly onProgress?: (progress: SimulationProgress) => void;
}

export interface SimulationResult {
  readonly setup: HallSetup;
  /** The hall the tree rolls up to (the county hall). */
  readonly rootHallId: string;
  readonly year: number;
  /** `[from, to)` of the simulated year, local dates. */
  readonly period: { readonly from: string; readonly to: string };
  readonly cases: number;
  readonly commands: number;
  readonly events: number;
  /** A case with the most varied history (most kinds of command), for showing one audit trail. */
  readonly showcaseCaseId: string;
  /** With `anomalies`: the planted case ids per finding definition. */
  readonly planted?: AnomalyPlan['planted'];
}

/** A command the real deciders refused: the simulator planned something the rules do not allow. */
export class SimulationError extends Error {
  override readonly name = 'SimulationError';
  constructor(readonly command: AnyCommand, readonly reason: unknown) {
    const why = typeof reason === 'object' && reason !== null && 'message' in reason ? String((reason as { message: unknown }).message) : String(reason);
    super(`${command.type} ${command.metadata.commandId} at ${command.metadata.at} was refused: ${why}`);
  }
}

/** A store that can hold several appends in one transaction (the SQLite store's unit of work). */
interface UnitOfWorkHost {
  unitOfWork<T>(work: () => Promise<T>): Promise<T>;
}

const hasUnitOfWork = (store: EventStore): store is EventStore & UnitOfWorkHost =>
  typeof (store as Partial<UnitOfWorkHost>).unitOfWork === 'function';

const pad = (n: number) => String(n).padStart(6, '0');

/**
 * Simulates a year of a hall tree through the real command engine and deciders: the halls and
 * catalogue are set up by commands, then each working day brings its applications (seasonal volume,
 * the real holiday calendar, office hours) and everything planned for that day — intake, handling,
 * completion, evaluation, complaints, consultations — is sent as commands, never as raw events.
 * Stores with a unit of work get one transaction per simulated day.
 */
export const simulateHall = async (store: EventStore, options: SimulationOptions = {}): Promise<SimulationResult> => {
  const seed = options.seed ?? 1;
  const year = options.year ?? 2025;
  const casesPerYear = options.casesPerYear ?? 12_000;
  if (!Number.isInteger(casesPerYear) || casesPerYear < 0) throw new RangeError(`cases per year must be a whole number, got ${casesPerYear}`);
  if (!Number.isInteger(year)) throw new RangeError(`year must be a whole number, got ${year}`);
  const setup = options.setup ?? defaultCountyHall({ seed, itemCount: options.itemCount, windowCount: options.windowCount, townshipCount: options.townshipCount });
  const rates: SimulationRates = { ...DEFAULT_RATES, ...options.rates };
  const random = createRandom(seed);

  const directory = createDirectory();
  const clockFor = createClockResolver(directory);
  const anomalies = options.anomalies ? createAnomalyHook() : undefined;
  // Each hall's own policy (spec §4) goes to the deciders' context, as a hall system would configure it.
  const policies = new Map(setup.halls.flatMap((h) => (h.policy ? [[h.hallId, h.policy] as const] : [])));
  const context = { directory, clockFor, hallPolicy: (hallId: string) => policies.get(hallId), ...(anomalies ? { authorization: anomalies.authorization } : {}) };
  const handlerFor = createCommandHandlers(context);
  // The engine runs on simulated time: its clock is advanced to each command as the day's agenda is sent.
  let simulatedNow = `${year}-01-01T00:00:00+08:00`;
  const engine = createCommandEngine({ store: stampingStore(store, random.fork('event-ids'), anomalies?.storeStamp), cacheSize: 5000, now: () => simulatedNow });
  const unit = <T>(work: () => Promise<T>): Promise<T> => (hasUnitOfWork(store) ? store.unitOfWork(work) : work());

  let commands = 0;
  let events = 0;
  // How interesting each case's history is: kinds of command first, then length.
  const interest = new Map<string, number>();
  const execute = async (command: AnyCommand, planned?: PlannedCommand) => {
    simulatedNow = anomalies?.engineTime(planned) ?? planned?.engineAt ?? command.metadata.at;
    const result = await engine.handle(handlerFor(command), command);
    if (result._tag === 'Left') throw new SimulationError(command, result.left);
    for (const event of result.right.events) directory.apply(event);
    commands++;
    events += result.right.events.length;
  };

  await unit(async () => {
    for (const command of setupCommands(setup, year)) await execute(command);
  });
  const alertPass = createAlertPass({ store, engine, context });

  const root = rootHall(setup);
  const clock = clockFor(root.hallId);
  const timeline = createTimeline(clock, year);
  const volumes = dailyVolumes(clock.calendar, year, casesPerYear, random.fork('volume'));
  const halls = setup.halls.map((hall) => ({ hall, people: hallPeople(hall), itemWeights: hall.items.map((i) => i.weight) }));
  const hallWeights = setup.halls.map((h) => h.share);
  const arrivals = random.fork('arrivals');
  const agenda = createAgenda();
  let cases = 0;
  let consultations = 0;
  let complaints = 0;
  const complaintChance = rates.complaints / 12_000;
  const rootPeople = halls.find((h) => h.hall.hallId === root.hallId)!.people;
  anomalies?.plant({ rng: random.fork('anomalies'), hall: root, people: rootPeople, timeline, clock, year }, agenda);

  for (let day = 0; day < timeline.daysInYear; day++) {
    for (let k = 0; k < volumes[day]!.cases; k++) {
      const { hall, people, itemWeights } = halls[arrivals.weighted(hallWeights)]!;
      const caseId = `${hall.hallId}-${year}-${pad(++cases)}`;
      const rng = random.fork(caseId);
      const item = hall.items[rng.weighted(itemWeights)]!;
      const context: PlanContext = { rng, people, timeline, clock, rates };
      const script = planCase(context, { caseId, caseNo: `BJ${year}${pad(cases)}`, item, at: { day, minute: officeMinute(rng) } });
      agenda.add(script.commands);
      const inYear = script.commands.filter((p) => p.at.day < timeline.daysInYear);
      interest.set(caseId, new Set(inYear.map((p) => p.command.type)).size * 100 + inYear.length);
      if (arrivals.chance(hall.consultationsPerCase)) {
        agenda.add([planConsultation(arrivals, people, timeline, `${hall.hallId}-q${pad(++consultations)}`, day)]);
      }
      if (arrivals.chance(complaintChance)) agenda.add(planComplaint(arrivals, halls[0]!.people, timeline, `${root.hallId}-${year}-t${pad(++complaints)}`, day, rates.lateComplaintAnswer));
    }
    const today: PlannedCommand[] = agenda.takeDay(day);
    await unit(async () => {
      for (const planned of today) await execute(planned.command, planned);
    });
    // The alert scheduler's pass at the day's close (17:30), after everything the day brought.
    simulatedNow = timeline.instant({ day, minute: OFFICE_MINUTES });
    const alerts = await unit(() => alertPass(simulatedNow));
    commands += alerts.raised + alerts.cleared;
    events += alerts.raised + alerts.cleared;
    options.onProgress?.({ day: day + 1, days: timeline.daysInYear, date: timeline.date(day), cases, commands, events });
  }

  let showcaseCaseId = '';
  let best = -1;
  for (const [caseId, score] of interest) {
    if (score > best) [showcaseCaseId, best] = [caseId, score];
  }
  return { setup, rootHallId: root.hallId, year, period: { from: `${year}-01-01`, to: `${year + 1}-01-01` }, cases, commands, events, showcaseCaseId, ...(anomalies?.planted ? { planted: anomalies.planted } : {}) };
};
