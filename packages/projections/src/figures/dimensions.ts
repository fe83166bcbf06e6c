import { itemVersionOn, scopedKey, type HallContext } from '../cases/context';
import type { CaseFacts, ComplaintFacts, ConsultationFacts, EvaluationFacts, HolderFacts, JointFacts, LateEntryFacts } from '../cases/facts';

/** What a report can be broken down by (spec §5 dimensions); time granularity is a split of the period. */
export type Dimension = 'hall' | 'department' | 'window' | 'staff' | 'item' | 'kind' | 'channel';

export const DIMENSIONS: readonly Dimension[] = ['hall', 'department', 'window', 'staff', 'item', 'kind', 'channel'];

/** The key of a fact that has none in a dimension (an application not yet at a window, …). */
export const NO_KEY = '(none)';

/** The stage a case figure belongs to: submission, acceptance (accepting desk) or completion (holding desk). */
export type Stage = 'submit' | 'accept' | 'complete';

/** Group keys of facts in one dimension; `undefined` dimension puts everything in one group `''`. */
export interface KeyOf {
  ofCase(c: CaseFacts, stage: Stage): string;
  ofEvaluation(c: CaseFacts, e: EvaluationFacts): string;
  ofJoint(c: CaseFacts, j: JointFacts): string;
  ofLateEntry(c: CaseFacts, e: LateEntryFacts): string;
  ofConsultation(x: ConsultationFacts): string;
  ofComplaint(x: ComplaintFacts, cases: ReadonlyMap<string, CaseFacts>): string;
}

const ALL: KeyOf = { ofCase: () => '', ofEvaluation: () => '', ofJoint: () => '', ofLateEntry: () => '', ofConsultation: () => '', ofComplaint: () => '' };

const holderAt = (c: CaseFacts, stage: Stage): HolderFacts | undefined => (stage === 'complete' ? c.holder : c.acceptedBy);

export const keyOf = (ctx: HallContext, dimension: Dimension | undefined): KeyOf => {
  if (dimension === undefined) return ALL;
  const itemField = (c: CaseFacts, field: 'departmentId' | 'kind'): string | undefined => {
    const item = ctx.items.get(scopedKey(c.hallId, c.itemCode));
    return item ? itemVersionOn(item, '9999-12-31')?.[field] : undefined;
  };
  const ofCase = (c: CaseFacts, stage: Stage): string => {
    switch (dimension) {
      case 'hall':
        return c.hallId;
      case 'item':
        return c.itemCode;
      case 'channel':
        return c.channel;
      case 'kind':
        return c.kind ?? itemField(c, 'kind') ?? NO_KEY;
      case 'department':
        return (holderAt(c, stage) ?? c.acceptedBy)?.departmentId ?? itemField(c, 'departmentId') ?? NO_KEY;
      case 'window':
        return (holderAt(c, stage) ?? c.acceptedBy)?.windowId ?? NO_KEY;
      case 'staff':
        return (holderAt(c, stage) ?? c.acceptedBy)?.staffId ?? NO_KEY;
    }
  };
  return {
    ofCase,
    ofEvaluation: (c, e) =>
      dimension === 'window' && e.windowId ? e.windowId : dimension === 'staff' && e.staffId ? e.staffId : ofCase(c, 'complete'),
    ofJoint: (c, j) => (dimension === 'department' ? j.departmentId : ofCase(c, 'complete')),
    ofLateEntry: (c, e) => (dimension === 'staff' ? e.staffId : dimension === 'department' ? e.departmentId ?? ofCase(c, 'complete') : ofCase(c, 'complete')),
    ofConsultation: (x) => {
      switch (dimension) {
        case 'hall':
          return x.hallId;
        case 'window':
          return x.windowId ?? NO_KEY;
        case 'department':
          return (x.windowId && ctx.windows.get(scopedKey(x.hallId, x.windowId))?.departmentId) || NO_KEY;
        case 'item':
          return x.itemCode ?? NO_KEY;
        default:
          return NO_KEY;
      }
    },
    ofComplaint: (x, cases) => {
      if (dimension === 'hall') return x.hallId;
      if (x.subject.kind === dimension) return x.subject.id;
      const c = x.caseId ? cases.get(x.caseId) : undefined;
      return c ? ofCase(c, 'complete') : NO_KEY;
    },
  };
};
