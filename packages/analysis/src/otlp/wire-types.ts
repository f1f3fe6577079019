/**
 * Protobuf wire types (https://protobuf.dev/programming-guides/encoding/#structure) and
 * the per-message field tables the decoders use to name fields in errors and to tell a
 * known field sent with the wrong wire type from an unknown one.
 */

/** Wire type 0: varint (`int32`, `uint64`, `bool`, enums, `sint32`...). */
export const WT_VARINT = 0;
/** Wire type 1: eight bytes (`fixed64`, `sfixed64`, `double`). */
export const WT_I64 = 1;
/** Wire type 2: length-delimited (`string`, `bytes`, messages, packed repeated). */
export const WT_LEN = 2;
/** Wire type 3: start of a group (deprecated; skipped when the field is unknown). */
export const WT_START_GROUP = 3;
/** Wire type 4: end of a group. */
export const WT_END_GROUP = 4;
/** Wire type 5: four bytes (`fixed32`, `sfixed32`, `float`). */
export const WT_I32 = 5;

const WIRE_TYPE_NAMES = ['varint', 'i64', 'length-delimited', 'group start', 'group end', 'i32'];

/** Field numbers to `[name, wire type]`, used to name fields in errors and spot wrong wire types. */
export type FieldTable = readonly (readonly [name: string, wireType: number] | undefined)[];

/** Builds a {@link FieldTable} from `{ number: [name, wireType] }`. */
export function fieldTable(fields: Record<number, readonly [string, number]>): FieldTable {
  const table: (readonly [string, number] | undefined)[] = [];
  for (const [number, entry] of Object.entries(fields)) table[Number(number)] = entry;
  return table;
}

/** The name of field `field` in `table`, or `field N` for an unknown one. */
export function fieldName(table: FieldTable, field: number): string {
  return table[field]?.[0] ?? `field ${field}`;
}

/** A readable name of a wire type, for errors. */
export function wireTypeName(wireType: number): string {
  return WIRE_TYPE_NAMES[wireType] ?? 'invalid';
}
