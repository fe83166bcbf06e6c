import { textFault, type PersonalDataVault, type VaultAccess, type VaultError } from '@banjian/core';
import type { Principal } from './auth';
import type { CaseEntry, CaseIndex } from './case-index';
import { badRequest, notFound, type ErrorReply } from './http-errors';
import type { ReadReply } from './reads';
import { mayReadCase, type ReadScope } from './scope';

/** HTTP status of each vault error: erased data is gone for good (410). */
const STATUS_OF_VAULT: Record<VaultError['kind'], number> = {
  erased: 410,
  notFound: 404,
  tampered: 500,
  keyUnavailable: 503,
  unsupportedAlgorithm: 501,
};

const vaultReply = (error: VaultError): ErrorReply => ({ status: STATUS_OF_VAULT[error.kind], body: { ...error } });

const forbidden = (rule: string, message: string): ErrorReply => ({ status: 403, body: { kind: 'forbidden', rule, message } });

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** Staff who work cases (not supervisors or auditors, who oversee but do not need a person's identity). */
const isWorkingStaff = (principal: Principal): boolean =>
  principal.actor.kind === 'staff' && principal.role !== 'auditor' && principal.role !== 'supervisor';

export interface PersonalDataDeps {
  readonly vault: PersonalDataVault;
  readonly cases: CaseIndex;
}

/**
 * The personal data 个人信息 of applicants, through the vault: written and read by the hall's
 * working staff for a case of that applicant in their scope, always with a purpose (logged with
 * who, when and which case); read by the applicants themselves (个人信息保护法 §45); erased by the
 * hall's system on a lawful request or at the end of retention (§47).
 */
export const createPersonalDataEndpoints = ({ vault, cases }: PersonalDataDeps) => {
  /** The case a staff access serves: in scope and of this applicant, or a reply saying why not. */
  const caseFor = async (ref: string, caseId: unknown, scope: ReadScope): Promise<CaseEntry | ErrorReply> => {
    if (typeof caseId !== 'string' || caseId === '' || textFault(caseId)) return badRequest('caseId', 'name the case this access serves');
    const entry = await cases.byId(caseId);
    if (!entry || !mayReadCase(scope, entry) || entry.applicantRef !== ref) return notFound(`case ${caseId} of applicant ${ref}`);
    return entry;
  };
  const purposeOf = (purpose: unknown): string | ErrorReply =>
    typeof purpose === 'string' && purpose.trim() !== '' && !textFault(purpose) ? purpose : badRequest('purpose', 'say why the personal data is processed (it is logged)');

  return {
    /** PUT /applicants/:ref/personal-data `{caseId, purpose, data: {name, idNumber, …}}` */
    store: async (ref: string, body: unknown, principal: Principal, scope: ReadScope): Promise<ReadReply | ErrorReply> => {
      if (!isWorkingStaff(principal)) return forbidden('personalData.workingStaffOnly', 'only the hall’s working staff record personal data');
      if (!isRecord(body)) return badRequest('(body)', 'expected {caseId, purpose, data}');
      const entry = await caseFor(ref, body.caseId, scope);
      if ('status' in entry) return entry;
      const purpose = purposeOf(body.purpose);
      if (typeof purpose !== 'string') return purpose;
      const data = body.data;
      if (!isRecord(data) || Object.keys(data).length === 0 || !Object.values(data).every((v) => typeof v === 'string')) {
        return badRequest('data', 'personal data is an object of text fields, e.g. {"name": "…", "idNumber": "…"}');
      }
      const stored = await vault.store(ref, data as Record<string, string>, { itemCode: entry.itemCode, access: { actor: principal.actor, caseId: entry.caseId, purpose } });
      return stored._tag === 'Left' ? vaultReply(stored.left) : { status: 201, body: stored.right };
    },

    /** GET /applicants/:ref/personal-data?caseId=&purpose= (staff) or with no parameters (the applicant themselves). */
    read: async (ref: string, query: URLSearchParams, principal: Principal, scope: ReadScope): Promise<ReadReply | ErrorReply> => {
      let access: VaultAccess;
      if (principal.actor.kind === 'applicant') {
        if (principal.actor.id !== ref) return notFound(`personal data of ${ref}`);
        access = { actor: principal.actor, purpose: 'applicant’s own access (个人信息保护法 §45)' };
      } else {
        if (!isWorkingStaff(principal)) return forbidden('personalData.workingStaffOnly', 'only the hall’s working staff read personal data for a case');
        const entry = await caseFor(ref, query.get('caseId'), scope);
        if ('status' in entry) return entry;
        const purpose = purposeOf(query.get('purpose'));
        if (typeof purpose !== 'string') return purpose;
        access = { actor: principal.actor, caseId: entry.caseId, purpose };
      }
      const data = await vault.read(ref, access);
      return data._tag === 'Left' ? vaultReply(data.left) : { status: 200, body: { ref, data: data.right }, headers: { 'cache-control': 'no-store' } };
    },

    /** POST /applicants/:ref/erasure `{basis}` — by the hall's system (its data-protection console) only. */
    erase: async (ref: string, body: unknown, principal: Principal): Promise<ReadReply | ErrorReply> => {
      if (principal.actor.kind !== 'system') return forbidden('personalData.erasureBySystemOnly', 'erasure is decided and done by the hall’s data-protection console (a system actor)');
      const basis = purposeOf(isRecord(body) ? body.basis : undefined);
      if (typeof basis !== 'string') return badRequest('basis', 'name the request or legal basis of the erasure');
      const erased = await vault.erase(ref, { reason: 'erasureRequest', access: { actor: principal.actor, purpose: basis } });
      return erased._tag === 'Left' ? vaultReply(erased.left) : { status: 200, body: erased.right };
    },

    /** POST /personal-data/sweep — erases every record whose retention has ended (run daily by the hall's scheduler). */
    sweep: async (principal: Principal): Promise<ReadReply | ErrorReply> => {
      if (principal.actor.kind !== 'system') return forbidden('personalData.erasureBySystemOnly', 'the retention sweep is run by the hall’s system');
      return { status: 200, body: { erased: await vault.sweep({ actor: principal.actor, purpose: 'retention ended (个人信息保护法 §47)' }) } };
    },

    /** What the trail shows of a case's applicant: fields held or erased, never their values (not an access). */
    statusOf: (ref: string) => vault.status(ref),
  };
};
