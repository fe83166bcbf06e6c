import { produce } from '../decider/produce';
import { emit, decline, guardedDecide, type Decision, type EventUnion } from '../auth/decision';
import type { DomainError, ErrorScope } from '../auth/errors';
import { defaultAuthorizationPolicy } from '../auth/default-policy';
import type { AuthorizationPolicy } from '../auth/policy';
import type { Decider, RecordedEvent } from '../decider/decider';
import type { LocalDate } from '../events/primitives';
import { catalogStream } from '../events/streams';
import type { CatalogCommand } from './catalog-commands';
import type { ClockFor } from './clocks';
import type { Directory, ItemStatus } from './directory';
import { promisedWithinStatutory } from './limit-order';

export type CatalogEvent = EventUnion<
  'ServiceItemDefined' | 'ServiceItemRevised' | 'ServiceItemSuspended' | 'ServiceItemRepealed' | 'ServiceItemReinstated'
>;

export interface CatalogItemState {
  readonly status: ItemStatus;
  readonly version: number;
  readonly effectiveFrom: LocalDate;
}

/** The catalogue 事项目录 of one hall: every item ever defined (items are never deleted). */
export interface CatalogState {
  readonly items: Readonly<Record<string, CatalogItemState>>;
}

export interface CatalogDeciderContext {
  /** The hall's departments. */
  readonly directory: Directory;
  /** Compares limits of different units (see `promisedWithinStatutory`). */
  readonly clockFor: ClockFor;
  readonly policy?: AuthorizationPolicy;
}

type Definition = Extract<CatalogCommand, { type: 'DefineServiceItem' | 'ReviseServiceItem' }>;

/** Which statuses each status command may leave, and where it goes. */
const STATUS_MOVES = {
  SuspendServiceItem: { from: ['active'], event: 'ServiceItemSuspended', rule: 'item.suspend.onlyWhenActive' },
  RepealServiceItem: { from: ['active', 'suspended'], event: 'ServiceItemRepealed', rule: 'item.repeal.onlyOnce' },
  ReinstateServiceItem: { from: ['suspended', 'repealed'], event: 'ServiceItemReinstated', rule: 'item.reinstate.onlyWhenSuspendedOrRepealed' },
} as const;

const STATUS_AFTER = { ServiceItemSuspended: 'suspended', ServiceItemRepealed: 'repealed', ServiceItemReinstated: 'active' } as const;

const checkDefinition = (c: Definition, scope: ErrorScope, ctx: CatalogDeciderContext): Decision<CatalogEvent> | undefined => {
  const d = c.data;
  if (!Number.isInteger(d.version) || d.version < 1) {
    return decline('invalidCommand', scope, 'item.version.positiveInteger', `version must be a positive integer, got ${d.version}`);
  }
  if (!ctx.directory.department(d.hallId, d.departmentId)) {
    return decline('notFound', scope, 'item.department.registered', `department ${d.departmentId} is not registered at hall ${d.hallId}`);
  }
  if (!promisedWithinStatutory(d.limits, ctx.clockFor(d.hallId), d.effectiveFrom)) {
    const { promised: p, statutory: s } = d.limits;
    return decline('invalidCommand', scope, 'item.limits.promisedWithinStatutory', `promised ${p.value} ${p.unit} exceeds statutory ${s.value} ${s.unit}`);
  }
  return undefined;
};

const rules = (ctx: CatalogDeciderContext) => (c: CatalogCommand, s: CatalogState, scope: ErrorScope): Decision<CatalogEvent> => {
  const { hallId, itemCode } = c.data;
  if (!ctx.directory.hall(hallId)) return decline('notFound', scope, 'catalog.hall.registered', `hall ${hallId} is not registered`);
  const item = s.items[itemCode];
  switch (c.type) {
    case 'DefineServiceItem':
      if (item) return decline('conflict', scope, 'item.define.once', `item ${itemCode} is already defined (revise or reinstate it)`);
      return checkDefinition(c, scope, ctx) ?? emit({ type: 'ServiceItemDefined', data: c.data });
    case 'ReviseServiceItem':
      if (!item) return decline('notFound', scope, 'item.defined', `item ${itemCode} is not defined`);
      if (item.status === 'repealed') return decline('illegalTransition', scope, 'item.revise.notRepealed', `item ${itemCode} is repealed (reinstate it first)`);
      if (c.data.version <= item.version) {
        return decline('invalidCommand', scope, 'item.revise.higherVersion', `version ${c.data.version} is not above the current version ${item.version}`);
      }
      if (c.data.effectiveFrom < item.effectiveFrom) {
        return decline('invalidCommand', scope, 'item.revise.notEarlier', `effectiveFrom ${c.data.effectiveFrom} precedes version ${item.version}'s ${item.effectiveFrom}`);
      }
      return checkDefinition(c, scope, ctx) ?? emit({ type: 'ServiceItemRevised', data: c.data });
    default: {
      const move = STATUS_MOVES[c.type];
      if (!item) return decline('notFound', scope, 'item.defined', `item ${itemCode} is not defined`);
      if (!(move.from as readonly ItemStatus[]).includes(item.status)) {
        return decline('illegalTransition', scope, move.rule, `item ${itemCode} is ${item.status}`);
      }
      return emit({ type: move.event, data: c.data } as CatalogEvent);
    }
  }
};

const evolve = (state: CatalogState, event: RecordedEvent<CatalogEvent>): CatalogState =>
  produce(state, (s) => {
    const { itemCode } = event.data;
    if (event.type === 'ServiceItemDefined' || event.type === 'ServiceItemRevised') {
      s.items[itemCode] = { status: s.items[itemCode]?.status ?? 'active', version: event.data.version, effectiveFrom: event.data.effectiveFrom };
      return;
    }
    const item = s.items[itemCode];
    if (item) item.status = STATUS_AFTER[event.type];
  });

/** The catalogue stream: items with kind, limits (promised ≤ statutory) and versions; no deletion. */
export const createCatalogDecider = (ctx: CatalogDeciderContext): Decider<CatalogCommand, CatalogEvent, CatalogState, DomainError> => ({
  initialState: () => ({ items: {} }),
  evolve,
  decide: guardedDecide<CatalogCommand, CatalogState, CatalogEvent>({
    policy: ctx.policy ?? defaultAuthorizationPolicy,
    directory: ctx.directory,
    scope: (c, s) => ({ streamId: catalogStream(c.data.hallId), state: s.items[c.data.itemCode]?.status ?? 'undefined' }),
    subject: (c) => ({ hallId: c.data.hallId, departmentId: 'departmentId' in c.data ? c.data.departmentId : undefined }),
    rules: rules(ctx),
  }),
});
