/**
 * A compact form of many records for the trip between threads: their numbers in one
 * Float64Array, their strings in one array (a structured clone copies an array of strings fast;
 * JSON.parse of one is several times slower). A structured clone of a Map of records
 * writes every key of every record and builds each property generically on the other side
 * (tens of bytes and a microsecond a field); a tape is written and read field by field, in the
 * same order, by code that knows the records, and its reader builds them with their own literals.
 */
export interface Tape {
  readonly numbers: Float64Array;
  /** The string table: each distinct string (or JSON text of a value) once, and each id. */
  readonly strings: readonly string[];
}

export interface TapeWriter {
  number(n: number): void;
  /** A number or undefined (two cells: a flag, then the number). */
  maybeNumber(n: number | undefined): void;
  boolean(b: boolean): void;
  /** A string or undefined, as its index in the string table. */
  string(s: string | undefined): void;
  /** A string that seldom repeats (an id): added to the table without looking for an earlier copy (a look-up in a table of ids costs more than the copy). */
  id(s: string): void;
  /**
   * A JSON-able value or undefined, as its JSON text in the string table; an object is written
   * once however often it comes (shared records such as interned holders). JSON drops keys whose
   * value is undefined: only for values that have none.
   */
  json(value: unknown): void;
  done(): Tape;
}

export interface TapeReader {
  number(): number;
  maybeNumber(): number | undefined;
  boolean(): boolean;
  string(): string | undefined;
  json<T>(): T | undefined;
  /** A reader of the next string, decoded once per distinct string (e.g. into a state's single copy). */
  decoded<T>(decode: (text: string) => T): () => T | undefined;
  /** Whether every cell was read. */
  atEnd(): boolean;
}

const UNDEFINED = -1;

/** The buffers of the tapes among `values`: a message carrying them hands them over instead of copying. */
export const tapeBuffers = (values: readonly unknown[]): ArrayBuffer[] =>
  values.flatMap((v) => ((v as Partial<Tape> | null)?.numbers instanceof Float64Array ? [(v as Tape).numbers.buffer as ArrayBuffer] : []));

export const createTapeWriter = (): TapeWriter => {
  let numbers = new Float64Array(1024);
  let length = 0;
  const indices = new Map<string, number>();
  const table: string[] = [];
  const texts = new Map<object, number>();
  const push = (n: number): void => {
    if (length === numbers.length) {
      const grown = new Float64Array(numbers.length * 2);
      grown.set(numbers);
      numbers = grown;
    }
    numbers[length++] = n;
  };
  const indexOf = (s: string): number => {
    let i = indices.get(s);
    if (i === undefined) {
      i = table.length;
      table.push(s);
      indices.set(s, i);
    }
    return i;
  };
  return {
    number: push,
    maybeNumber(n) {
      if (n === undefined) push(0);
      else {
        push(1);
        push(n);
      }
    },
    boolean: (b) => push(b ? 1 : 0),
    string: (s) => push(s === undefined ? UNDEFINED : indexOf(s)),
    id(s) {
      push(table.length);
      table.push(s);
    },
    json(value) {
      if (value === undefined) return push(UNDEFINED);
      if (typeof value !== 'object' || value === null) return push(indexOf(JSON.stringify(value)));
      let i = texts.get(value);
      if (i === undefined) texts.set(value, (i = indexOf(JSON.stringify(value))));
      push(i);
    },
    done: () => ({ numbers: numbers.slice(0, length), strings: table }),
  };
};

export const readTape = (tape: Tape): TapeReader => {
  const { numbers, strings: table } = tape;
  let at = 0;
  const index = (): number => numbers[at++]!;
  return {
    number: index,
    maybeNumber: () => (numbers[at++] === 0 ? undefined : numbers[at++]),
    boolean: () => numbers[at++] === 1,
    string() {
      const i = index();
      return i === UNDEFINED ? undefined : table[i];
    },
    json<T>() {
      const i = index();
      return i === UNDEFINED ? undefined : (JSON.parse(table[i]!) as T);
    },
    decoded<T>(decode: (text: string) => T) {
      const done = new Array<T | undefined>(table.length);
      return () => {
        const i = index();
        if (i === UNDEFINED) return undefined;
        let value = done[i];
        if (value === undefined) done[i] = value = decode(table[i]!);
        return value;
      };
    },
    atEnd: () => at === numbers.length,
  };
};

/** The keys a record was given after its first `count` (those its later events added), as an object in their order; undefined when none. */
export const keysAfter = (record: object, count: number): Record<string, unknown> | undefined => {
  const keys = Object.keys(record);
  if (keys.length <= count) return undefined;
  const out: Record<string, unknown> = {};
  for (let k = count; k < keys.length; k++) out[keys[k]!] = (record as Record<string, unknown>)[keys[k]!];
  return out;
};
