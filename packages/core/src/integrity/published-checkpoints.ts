import type { Checkpoint } from './checkpoint';
import { damageAt, NOWHERE, type Damage } from './damage';
import { DEFAULT_MAX_DAMAGES, type VerifyResult } from './verifier';

/**
 * Published checkpoints (held outside the database) that the store's own checkpoint table no
 * longer holds. `publishCheckpoint` keeps a copy in the store, and the table is append-only, so a
 * copy gone is an owner's deletion — whatever the events say.
 */
export const checkpointsRemovedFromStore = (published: readonly Checkpoint[], stored: readonly Checkpoint[]): Damage[] => {
  const kept = new Set(stored.map((c) => c.signature));
  return published
    .filter((c) => !kept.has(c.signature))
    .map((c) => damageAt('missing', NOWHERE, `the store no longer holds the checkpoint of ${c.time} at size ${c.size}: its checkpoint table was cut`, c));
};

/** A verify result with more damages found beside the walk (listed after its own, counted by kind). */
export const withDamages = (result: VerifyResult, extra: readonly Damage[], maxDamages = DEFAULT_MAX_DAMAGES): VerifyResult => {
  if (extra.length === 0) return result;
  const kinds = { ...result.kinds };
  for (const d of extra) {
    const known = kinds[d.kind];
    kinds[d.kind] = known === undefined ? { count: 1, first: d } : { ...known, count: known.count + 1 };
  }
  const damages = [...result.damages, ...extra].slice(0, maxDamages);
  return { ...result, ok: false, damage: damages[0] as Damage, damages, kinds };
};
