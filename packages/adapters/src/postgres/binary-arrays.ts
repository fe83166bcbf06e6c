/**
 * One-dimensional arrays without NULLs in PostgreSQL's binary format (what `array_recv` reads), to
 * send as query parameters: node-postgres passes a Buffer through as a binary parameter. Neither
 * side escapes or parses element text (a canonical JSON text is mostly quotes, each escaped twice
 * in the text form of an array).
 *
 * Layout: dimensions, has-nulls flag, element type OID, length, lower bound; then each element as
 * its byte length and bytes.
 */
const HEADER = 20;
const INT4_OID = 23;
const TEXT_OID = 25;

const withHeader = (size: number, elementType: number, length: number): Buffer => {
  const buffer = Buffer.allocUnsafe(size);
  buffer.writeInt32BE(1, 0);
  buffer.writeInt32BE(0, 4);
  buffer.writeInt32BE(elementType, 8);
  buffer.writeInt32BE(length, 12);
  buffer.writeInt32BE(1, 16);
  return buffer;
};

/** An `integer[]` parameter; each value must be a 32-bit integer. */
export const int4Array = (values: readonly number[]): Buffer => {
  const buffer = withHeader(HEADER + values.length * 8, INT4_OID, values.length);
  let offset = HEADER;
  for (const value of values) {
    buffer.writeInt32BE(4, offset);
    buffer.writeInt32BE(value, offset + 4);
    offset += 8;
  }
  return buffer;
};

/** A `text[]` parameter (UTF-8, the encoding node-postgres sets for its connections). */
export const textArray = (values: readonly string[]): Buffer => {
  // A UTF-16 code unit takes at most 3 bytes in UTF-8: write into that much, then cut to size.
  let room = HEADER + values.length * 4;
  for (const value of values) room += value.length * 3;
  const buffer = withHeader(room, TEXT_OID, values.length);
  let offset = HEADER;
  for (const value of values) {
    const written = buffer.write(value, offset + 4, 'utf8');
    buffer.writeInt32BE(written, offset);
    offset += 4 + written;
  }
  return buffer.subarray(0, offset);
};
