/**
 * Alert identity: a label set and its fingerprint, computed exactly as Alertmanager and
 * Prometheus do (`model.LabelSet.Fingerprint`: 64-bit FNV-1a over the label names sorted,
 * each name and value followed by the separator byte 0xff, printed as 16 hex digits), so an
 * alert keeps one identity here, in Alertmanager's API and in its webhook payloads.
 */

/** An alert's identifying labels. */
export type LabelSet = Readonly<Record<string, string>>;

/** FNV-1a 64-bit offset basis, as two 32-bit halves. */
const OFFSET_HI = 0xcbf29ce4;
const OFFSET_LO = 0x84222325;
/** Low part of the FNV 64-bit prime 2^40 + 0x1b3. */
const PRIME_LO = 0x1b3;
const SEPARATOR = 0xff;
const TWO_32 = 0x1_0000_0000;

/** Running 64-bit FNV-1a state as two unsigned 32-bit halves. */
interface Fnv64 {
  hi: number;
  lo: number;
}

function addByte(h: Fnv64, byte: number): void {
  const lo = (h.lo ^ byte) >>> 0;
  // (hi·2^32 + lo) · (2^40 + 0x1b3) mod 2^64, in parts small enough to stay exact in doubles.
  const low = lo * PRIME_LO;
  const carry = Math.floor(low / TWO_32);
  h.hi = (h.hi * PRIME_LO + carry + ((lo << 8) >>> 0)) >>> 0;
  h.lo = low >>> 0;
}

function addString(h: Fnv64, text: string): void {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) {
      addByte(h, code);
      continue;
    }
    // Non-ASCII: hash the UTF-8 bytes, as Go does.
    for (const byte of Buffer.from(text.slice(i), 'utf8')) addByte(h, byte);
    return;
  }
}

/** The Alertmanager fingerprint of a label set: 16 lowercase hex digits. */
export function fingerprint(labels: LabelSet): string {
  const h: Fnv64 = { hi: OFFSET_HI, lo: OFFSET_LO };
  for (const name of Object.keys(labels).sort()) {
    addString(h, name);
    addByte(h, SEPARATOR);
    addString(h, labels[name] as string);
    addByte(h, SEPARATOR);
  }
  return h.hi.toString(16).padStart(8, '0') + h.lo.toString(16).padStart(8, '0');
}

/** The labels of `labels` named in `names` (absent ones left out), as a new set. */
export function pickLabels(labels: LabelSet, names: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of names) {
    const value = labels[name];
    if (value !== undefined) out[name] = value;
  }
  return out;
}

/** Labels every set in `sets` has with the same value. */
export function commonLabels(sets: readonly LabelSet[]): Record<string, string> {
  const first = sets[0];
  if (first === undefined) return {};
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(first)) {
    if (sets.every((s) => s[name] === value)) out[name] = value;
  }
  return out;
}
