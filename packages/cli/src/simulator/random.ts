/**
 * A seeded random source (xoshiro128**, seeded through splitmix32): the same seed gives the same
 * sequence on every platform, so a simulated year is reproducible event for event.
 */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max] (both inclusive). */
  int(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** An index drawn with the given non-negative weights. */
  weighted(weights: readonly number[]): number;
  /** 32 random bits as an unsigned integer. */
  uint32(): number;
  /** An independent source derived from this one's seed and a label (stable whatever was drawn before). */
  fork(label: string): Random;
}

const splitmix32 = (seed: number) => {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
};

/** FNV-1a over a label, to derive forks by name. */
const hashLabel = (label: string): number => {
  let h = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193) >>> 0;
  return h;
};

const rotl = (x: number, k: number) => ((x << k) | (x >>> (32 - k))) >>> 0;

export const createRandom = (seed: number): Random => {
  const init = splitmix32(seed);
  let a = init(), b = init(), c = init(), d = init();
  const uint32 = (): number => {
    const result = Math.imul(rotl(Math.imul(b, 5) >>> 0, 7), 9) >>> 0;
    const t = (b << 9) >>> 0;
    c ^= a; d ^= b; b ^= c; a ^= d; c ^= t;
    d = rotl(d, 11);
    return result;
  };
  const next = () => uint32() / 0x1_0000_0000;
  return {
    next,
    uint32,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick: (items) => {
      if (items.length === 0) throw new RangeError('pick from an empty list');
      return items[Math.floor(next() * items.length)]!;
    },
    weighted: (weights) => {
      const total = weights.reduce((s, w) => s + w, 0);
      let r = next() * total;
      for (let i = 0; i < weights.length; i++) {
        r -= weights[i]!;
        if (r < 0) return i;
      }
      return weights.length - 1;
    },
    fork: (label) => createRandom((seed ^ hashLabel(label)) >>> 0),
  };
};
