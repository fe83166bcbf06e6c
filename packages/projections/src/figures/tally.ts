import type { Money } from '@banjian/core';
import { add, ratioOfDecimal, type Ratio } from './exact';

/**
 * The exact counts and sums behind the figures of one group (hall, department, window, …) over
 * one period. Sums of time are integer milliseconds; money is an exact ratio per currency.
 */
export interface Tally {
  consultations: number;
  applications: number;
  accepted: number;
  rejected: number;
  completed: number;
  carryIn: number;
  carryOut: number;
  openWithinLimit: number;
  openSuspended: number;
  openOverdue: number;
  openStatutoryOverdue: number;
  /** Open at the end with a due time in a year whose calendar was not announced then (spec §4 provisional). */
  openProvisional: number;
  onTime: number;
  completedLate: number;
  completedStatutoryLate: number;
  lateExtensions: number;
  early: number;
  sameDay: number;
  onSite: number;
  immediateAccepted: number;
  immediateSameDay: number;
  acceptanceMs: bigint;
  acceptanceCases: number;
  /** Office ms accepted → completed of promised cases, by office ms per day (halls may differ). */
  completionOfficeMs: Map<number, bigint>;
  completionCases: number;
  /** Actual and statutory office ms of completed promised cases, by office ms per day. */
  speedupActualMs: Map<number, bigint>;
  speedupStatutoryMs: Map<number, bigint>;
  speedupRatioSum: number;
  speedupCases: number;
  evaluations: number;
  satisfied: number;
  badReviews: number;
  evaluatedCases: number;
  activelyEvaluatedCases: number;
  validBadReviews: number;
  rectifiedInTime: number;
  followUps: number;
  complaints: number;
  complaintsAnswered: number;
  complaintsAnsweredOnTime: number;
  deemedConsents: number;
  jointReplies: number;
  jointRepliesOnTime: number;
  investmentAccepted: Map<string, Ratio>;
  investmentApproved: Map<string, Ratio>;
  lateEntries: number;
  contactedInTime: number;
  closedBadReviews: number;
  calledBackInTime: number;
}

export const newTally = (): Tally => ({
  consultations: 0, applications: 0, accepted: 0, rejected: 0, completed: 0, carryIn: 0, carryOut: 0,
  openWithinLimit: 0, openSuspended: 0, openOverdue: 0, openStatutoryOverdue: 0, openProvisional: 0,
  onTime: 0, completedLate: 0, completedStatutoryLate: 0, lateExtensions: 0,
  early: 0, sameDay: 0, onSite: 0, immediateAccepted: 0, immediateSameDay: 0,
  acceptanceMs: 0n, acceptanceCases: 0, completionOfficeMs: new Map(), completionCases: 0,
  speedupActualMs: new Map(), speedupStatutoryMs: new Map(), speedupRatioSum: 0, speedupCases: 0,
  evaluations: 0, satisfied: 0, badReviews: 0, evaluatedCases: 0, activelyEvaluatedCases: 0,
  validBadReviews: 0, rectifiedInTime: 0, followUps: 0, complaints: 0, complaintsAnswered: 0,
  complaintsAnsweredOnTime: 0, deemedConsents: 0, jointReplies: 0, jointRepliesOnTime: 0,
  investmentAccepted: new Map(), investmentApproved: new Map(), lateEntries: 0,
  contactedInTime: 0, closedBadReviews: 0, calledBackInTime: 0,
});

/** Adds an amount to its currency's sum; two currencies are never added together. */
export const addMoney = (sums: Map<string, Ratio>, money: Money): void => {
  const prev = sums.get(money.currency);
  const amount = ratioOfDecimal(money.amount);
  sums.set(money.currency, prev ? add(prev, amount) : amount);
};

/** Adds office ms to the sum kept for its office ms per day. */
export const addOfficeMs = (sums: Map<number, bigint>, perDayMs: number, ms: number): void => {
  sums.set(perDayMs, (sums.get(perDayMs) ?? 0n) + BigInt(ms));
};

/** Tallies by group key, created on first use. */
export interface TallyBook {
  readonly groups: Map<string, Tally>;
  of(key: string): Tally;
}

export const createTallyBook = (): TallyBook => {
  const groups = new Map<string, Tally>();
  return {
    groups,
    of(key) {
      let t = groups.get(key);
      if (!t) {
        t = newTally();
        groups.set(key, t);
      }
      return t;
    },
  };
};
