import { chainHash, type HashAlgorithm } from './hash';

const ALGORITHMS: readonly HashAlgorithm[] = ['sha256', 'sm3'];

/** Which chain algorithm reproduces this sealed event's hash, if any (a log carries no algorithm tag). */
export const chainAlgorithmOf = (prevHash: string, canonical: string, hash: string): HashAlgorithm | undefined =>
  ALGORITHMS.find((algorithm) => chainHash(algorithm, prevHash, canonical) === hash);
