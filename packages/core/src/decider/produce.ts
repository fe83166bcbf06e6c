import { Immer } from 'immer';

/**
 * immer's `produce` for deciders' `evolve`, without auto-freeze: freezing every new state costs more
 * than the rest of a command (measured), and no code path mutates a state outside a draft — the
 * engine hands states only to `decide` and `evolve`.
 */
const immer = new Immer({ autoFreeze: false });

export const produce: Immer['produce'] = immer.produce;
