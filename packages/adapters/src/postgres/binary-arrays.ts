/**
 * One-dimensional arrays in PostgreSQL's binary format (what `array_recv` reads), to
 * send as query parameters: node-postgres passes a Buffer through as a binary parameter. Neither
 * side escapes or parses element text (a canonical JSON text is mostly quotes, each escaped twice
 * in the text form of an array).
 *
 * Layout: dimensions, has-nulls flag, element type OID, length, lower bound; then each element as
 * its byte length and bytes.
 */
const HEADER = 20;
const INT4_OID = 23;
const INT8_OID = 20;
const TEXT_OID = 25;
const NULL_LENGTH = -1;
const TWO_32 = 4_294_967_296;

const withHeader = (size: number, elementType: number, length: number): Buffer => {
  const buffer = Buffer.allocUnsafe(size);
  buffer.writeInt32BE(1, 0);
  buffer.writeInt32BE(0, 4);
  buffer.writeInt32BE(elementType, 8);
  buffer.writeInt32BE(length, 12);
  buffer.writeInt32BE(1, 16);
  return buffer;
};

const OIDS = { text: TEXT_OID, integer: INT4_OID, bigint: INT8_OID } as const;

/** Below this length an ASCII text is copied byte by byte (ids and keys: cheaper than a call into `Buffer.write` each). */
const SHORT_TEXT = 64;

/**
 * Writes a text as UTF-8 at `at`, its byte length answered: short ASCII byte by byte (ids and keys,
 * hundreds of thousands a batch), the rest (canonical event texts, anything not ASCII) by `Buffer.write`.
 */
const writeText = (buffer: Buffer, text: string, at: number): number => {
  if (text.length > SHORT_TEXT) return buffer.write(text, at, 'utf8');
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0x7f) return buffer.write(text, at, 'utf8');
    buffer[at + i] = code;
  }
  return text.length;
};

/**
 * A `text[]`, `integer[]` or `bigint[]` parameter whose values may be NULL (length -1); numbers
 * must be whole (integer: 32-bit; bigint: within ±2^53, as JavaScript numbers are exact). Texts are
 * UTF-8, the encoding node-postgres sets for its connections: a UTF-16 code unit takes at most 3
 * bytes, so the buffer is that large and then cut to size.
 */
export const nullableArray = (type: keyof typeof OIDS, values: readonly (string | number | null)[]): Buffer => {
  let room = HEADER + values.length * 4;
  if (type === 'text') for (const value of values) room += value === null ? 0 : (value as string).length * 3;
  else room += values.length * (type === 'bigint' ? 8 : 4);
  const buffer = withHeader(room, OIDS[type], values.length);
  buffer.writeInt32BE(1, 4);
  let offset = HEADER;
  for (const value of values) {
    if (value === null) {
      buffer.writeInt32BE(NULL_LENGTH, offset);
      offset += 4;
    } else if (type === 'text') {
      const written = writeText(buffer, value as string, offset + 4);
      buffer.writeInt32BE(written, offset);
      offset += 4 + written;
    } else if (type === 'integer') {
      buffer.writeInt32BE(4, offset);
      buffer.writeInt32BE(value as number, offset + 4);
      offset += 8;
    } else {
      // Two's complement in two halves: no BigInt a value.
      const high = Math.floor((value as number) / TWO_32);
      buffer.writeInt32BE(8, offset);
      buffer.writeInt32BE(high, offset + 4);
      buffer.writeUInt32BE((value as number) - high * TWO_32, offset + 8);
      offset += 12;
    }
  }
  return buffer.subarray(0, offset);
};

/** An `integer[]` parameter without NULLs. */
export const int4Array = (values: readonly number[]): Buffer => nullableArray('integer', values);

/** A `text[]` parameter without NULLs. */
export const textArray = (values: readonly string[]): Buffer => nullableArray('text', values);
