import type { Directory } from '@banjian/core';
import type { Principal } from './auth';
import type { CaseEntry } from './case-index';

/**
 * What a principal may read:
 * - the installation's system (no hall claim): everything;
 * - supervisors 督查 and auditors 电子监察: their hall and every hall under it (read-only: the
 *   authorization policy refuses their commands);
 * - other staff, departments and a hall-bound system: their own hall;
 * - applicants: the cases recorded under their applicant ref; agents 代办: the cases naming them;
 * - evaluation devices: nothing.
 */
export type ReadScope =
  | { readonly kind: 'all' }
  | { readonly kind: 'halls'; readonly halls: ReadonlySet<string> }
  | { readonly kind: 'applicant'; readonly ref: string }
  | { readonly kind: 'agent'; readonly agentId: string }
  | { readonly kind: 'none' };

/** A hall and every hall whose parent chain reaches it (the 大厅 tree a supervisor oversees). */
export const hallTree = (directory: Directory, root: string): ReadonlySet<string> => {
  const tree = new Set([root]);
  const halls = directory.halls();
  // Parents may be registered after children: repeat until no hall joins.
  for (let grew = true; grew; ) {
    grew = false;
    for (const hall of halls) {
      if (!tree.has(hall.hallId) && hall.parentId !== undefined && tree.has(hall.parentId)) {
        tree.add(hall.hallId);
        grew = true;
      }
    }
  }
  return tree;
};

export const readScopeOf = (principal: Principal, directory: Directory): ReadScope => {
  const { actor, hallId, role } = principal;
  switch (actor.kind) {
    case 'system':
      return hallId === undefined ? { kind: 'all' } : { kind: 'halls', halls: hallTree(directory, hallId) };
    case 'staff':
      return role === 'supervisor' || role === 'auditor'
        ? { kind: 'halls', halls: hallTree(directory, hallId!) }
        : { kind: 'halls', halls: new Set([hallId!]) };
    case 'department':
      return { kind: 'halls', halls: new Set([hallId!]) };
    case 'applicant':
      return { kind: 'applicant', ref: actor.id };
    case 'agent':
      return { kind: 'agent', agentId: actor.id };
    case 'device':
      return { kind: 'none' };
  }
};

export const mayReadCase = (scope: ReadScope, entry: CaseEntry): boolean => {
  switch (scope.kind) {
    case 'all':
      return true;
    case 'halls':
      return scope.halls.has(entry.hallId);
    case 'applicant':
      return entry.applicantRef === scope.ref;
    case 'agent':
      return entry.agentId === scope.agentId;
    case 'none':
      return false;
  }
};

/** Whether hall-wide reads (watch, report) of `hallId` are in scope; applicants, agents and devices have none. */
export const mayReadHall = (scope: ReadScope, hallId: string): boolean =>
  scope.kind === 'all' || (scope.kind === 'halls' && scope.halls.has(hallId));
