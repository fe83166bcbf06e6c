import * as t from 'io-ts';

/**
 * Shared value codecs of the interchange contract (spec events.md).
 * Instants and dates stay ISO strings on the wire; codecs check their form.
 */

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;

const isValidDate = (s: string): boolean => {
  const [y, m, d] = s.slice(0, 10).split('-').map(Number) as [number, number, number];
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
};

/** The instants found valid lately: every event checks a few, and they repeat (a pure check of the text). */
const validInstants = new Set<string>();

/** ISO-8601 instant with an explicit offset, e.g. `2025-03-04T09:15:00+08:00`. */
const isInstant = (u: unknown): u is string => {
  if (typeof u !== 'string') return false;
  if (validInstants.has(u)) return true;
  if (!(ISO_INSTANT.test(u) && isValidDate(u) && !Number.isNaN(Date.parse(u)))) return false;
  if (validInstants.size >= 4096) validInstants.clear();
  validInstants.add(u);
  return true;
};
export const Instant = new t.Type<string, string, unknown>(
  'Instant (ISO-8601 with offset)',
  isInstant,
  (u, c) => (isInstant(u) ? t.success(u) : t.failure(u, c)),
  t.identity,
);
export type Instant = string;

/** A local calendar date `YYYY-MM-DD`. */
export const LocalDate = new t.Type<string, string, unknown>(
  'LocalDate (YYYY-MM-DD)',
  (u): u is string => typeof u === 'string' && LOCAL_DATE.test(u) && isValidDate(u),
  (u, c) => (typeof u === 'string' && LOCAL_DATE.test(u) && isValidDate(u) ? t.success(u) : t.failure(u, c)),
  t.identity,
);
export type LocalDate = string;

/**
 * Why a string is not Unicode text a store keeps byte for byte, or undefined: a lone UTF-16
 * surrogate has no UTF-8 form (SQLite stores U+FFFD instead, so a column stops matching its hashed
 * text), and NUL (U+0000) is refused by PostgreSQL's text type. Every string of every codec is checked.
 */
export const textFault = (s: string): string | undefined => {
  if (s.includes('\u0000')) return 'contains NUL (U+0000), which no store keeps as text';
  if (!(s as string & { isWellFormed(): boolean }).isWellFormed()) return 'contains a lone UTF-16 surrogate: not Unicode text';
  return undefined;
};

const isText = (u: unknown): u is string => typeof u === 'string' && textFault(u) === undefined;

/** Any Unicode text, empty allowed (free text: reasons, comments, materials). */
export const Text = new t.Type<string, string, unknown>(
  'Text',
  isText,
  (u, c) => {
    if (typeof u !== 'string') return t.failure(u, c);
    const fault = textFault(u);
    return fault === undefined ? t.success(u) : t.failure(u, c, fault);
  },
  t.identity,
);

/** Text with something in it besides white space (ids, codes, names). */
export const NonEmptyString = new t.Type<string, string, unknown>(
  'NonEmptyString',
  (u): u is string => isText(u) && u.trim().length > 0,
  (u, c) => {
    if (typeof u !== 'string') return t.failure(u, c);
    const fault = textFault(u);
    if (fault !== undefined) return t.failure(u, c, fault);
    return u.trim().length > 0 ? t.success(u) : t.failure(u, c);
  },
  t.identity,
);

export const PositiveNumber = new t.Type<number, number, unknown>(
  'PositiveNumber',
  (u): u is number => typeof u === 'number' && Number.isFinite(u) && u > 0,
  (u, c) => (typeof u === 'number' && Number.isFinite(u) && u > 0 ? t.success(u) : t.failure(u, c)),
  t.identity,
);

export const NonNegativeInteger = new t.Type<number, number, unknown>(
  'NonNegativeInteger',
  (u): u is number => typeof u === 'number' && Number.isInteger(u) && u >= 0,
  (u, c) => (typeof u === 'number' && Number.isInteger(u) && u >= 0 ? t.success(u) : t.failure(u, c)),
  t.identity,
);

/**
 * A codec for a closed record: required and optional fields, and any other field is an error
 * (events.md: "Import rejects … an unknown field").
 *
 * Every codec of the contract is non-transforming (decode returns its input), so the hot path is
 * `is`: a walk over the fields with no allocation. Only input that fails it takes io-ts' validation,
 * which builds the context that names the failing field.
 */
export const closed = <R extends t.Props, O extends t.Props = {}>(
  name: string,
  required: R,
  optional: O = {} as O,
): t.Type<t.TypeOf<t.TypeC<R>> & t.TypeOf<t.PartialC<O>>, t.OutputOf<t.TypeC<R>> & t.OutputOf<t.PartialC<O>>, unknown> => {
  const inner = t.intersection([t.type(required), t.partial(optional)]);
  const requiredEntries = Object.entries(required);
  const optionalEntries = Object.entries(optional);
  const known = new Set([...Object.keys(required), ...Object.keys(optional)]);
  const is = (u: unknown): u is t.TypeOf<typeof inner> => {
    if (typeof u !== 'object' || u === null || Array.isArray(u)) return false;
    const record = u as Record<string, unknown>;
    for (const k in record) if (!known.has(k)) return false;
    for (const [k, codec] of requiredEntries) if (!codec.is(record[k])) return false;
    for (const [k, codec] of optionalEntries) {
      const v = record[k];
      if (v !== undefined && !codec.is(v)) return false;
    }
    return true;
  };
  return new t.Type(
    name,
    is,
    (u, c) => {
      if (is(u)) return t.success(u);
      if (typeof u === 'object' && u !== null && !Array.isArray(u)) {
        for (const k of Object.keys(u)) {
          if (!known.has(k)) {
            return t.failure((u as Record<string, unknown>)[k], t.appendContext(c, k, t.never, (u as Record<string, unknown>)[k]), `unknown field "${k}"`);
          }
        }
      }
      return inner.validate(u, c);
    },
    (a) => inner.encode(a),
  ) as never;
};

export const LimitUnit = t.keyof({ workingDays: null, naturalDays: null, workingHours: null }, 'LimitUnit');
export type LimitUnit = t.TypeOf<typeof LimitUnit>;

/** A time limit 时限: `{value, unit}`. */
export const Limit = closed('Limit', { value: PositiveNumber, unit: LimitUnit });
export type Limit = t.TypeOf<typeof Limit>;

/** The pair of limits of a service item: statutory 法定时限 and promised 承诺时限. */
export const Limits = closed('Limits', { statutory: Limit, promised: Limit });
export type Limits = t.TypeOf<typeof Limits>;

/** Money in major units with an ISO 4217 currency; two currencies are never added. */
export const Money = closed('Money', {
  amount: t.number,
  currency: new t.Type<string, string, unknown>(
    'Currency (ISO 4217)',
    (u): u is string => typeof u === 'string' && /^[A-Z]{3}$/.test(u),
    (u, c) => (typeof u === 'string' && /^[A-Z]{3}$/.test(u) ? t.success(u) : t.failure(u, c)),
    t.identity,
  ),
});
export type Money = t.TypeOf<typeof Money>;

/** Who holds a case: a department, optionally a window and a member of staff. */
export const Holder = closed('Holder', { departmentId: NonEmptyString }, { windowId: NonEmptyString, staffId: NonEmptyString });
export type Holder = t.TypeOf<typeof Holder>;

export const ActorKind = t.keyof(
  { staff: null, applicant: null, agent: null, department: null, system: null, device: null },
  'ActorKind',
);
export type ActorKind = t.TypeOf<typeof ActorKind>;

/** Who did it: every event and command names its actor. */
export const Actor = closed(
  'Actor',
  { kind: ActorKind, id: NonEmptyString },
  { windowId: NonEmptyString, departmentId: NonEmptyString },
);
export type Actor = t.TypeOf<typeof Actor>;

export const CaseKind = t.keyof({ immediate: null, promised: null, escalated: null, joint: null }, 'CaseKind');
export type CaseKind = t.TypeOf<typeof CaseKind>;

export const OfficeHours = t.array(t.tuple([Text, Text]), 'OfficeHours');
export type OfficeHours = t.TypeOf<typeof OfficeHours>;
