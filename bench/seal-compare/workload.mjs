// Shared definition of the comparison workload: parameter sets, operation names,
// deterministic inputs and the exact plaintext results. The C# benchmark reproduces
// these formulas (see README.md); change both sides together.

export const FEATURES = 16;
export const SCALE_BITS = 40;
export const TOLERANCE = 1e-3;

export const PARAMETER_SETS = Object.freeze([
  Object.freeze({ n: 8192, coeffModulusBits: Object.freeze([60, 40, 40, 60]), scaleBits: SCALE_BITS }),
  Object.freeze({ n: 16384, coeffModulusBits: Object.freeze([60, 40, 40, 40, 40, 40, 40, 60]), scaleBits: SCALE_BITS }),
]);

export const OPERATIONS = Object.freeze([
  'encode',
  'encrypt',
  'multiply_plain',
  'multiply_relinearize',
  'rescale',
  'rotate',
  'decrypt_decode',
  'dot_product',
]);

// Galois keys are generated for exactly these rotation steps (1 for `rotate`,
// 8/4/2/1 for the dot product's rotate-and-add).
export const GALOIS_STEPS = Object.freeze([1, 2, 4, 8]);
export const DOT_PRODUCT_STEPS = Object.freeze([8, 4, 2, 1]);

// node-seal 5.1.7 only exposes CKKSEncoder.encode/decode for Float64Array (SEAL's
// encode of doubles); complex slots cannot be encoded or decoded through it. Both sides
// therefore pack real values only: one patient per 16 slots, P = slots / 16.
export const COMPLEX_PACKING = false;

export const slotCount = (n) => n / 2;
export const patientsPerCiphertext = (n) => slotCount(n) / FEATURES;

/** Feature f of patient p: ((p*31 + f*17) % 97) / 97 - 0.5 */
export const feature = (p, f) => ((p * 31 + f * 17) % 97) / 97 - 0.5;

/** Model weight of feature f: ((f*13) % 16) / 16 - 0.5 */
export const weight = (f) => ((f * 13) % 16) / 16 - 0.5;

/** Slot p*16 + f holds feature(p, f), for every patient p in [0, P). */
export function featureSlots(n) {
  const slots = new Float64Array(slotCount(n));
  for (let p = 0; p < patientsPerCiphertext(n); p++) {
    for (let f = 0; f < FEATURES; f++) slots[p * FEATURES + f] = feature(p, f);
  }
  return slots;
}

/** Slot p*16 + f holds weight(f). */
export function weightSlots(n) {
  const slots = new Float64Array(slotCount(n));
  for (let s = 0; s < slots.length; s++) slots[s] = weight(s % FEATURES);
  return slots;
}

/** score(p) = sum over f = 0..15, in that order, of feature(p, f) * weight(f). */
export function expectedScore(p) {
  let sum = 0;
  for (let f = 0; f < FEATURES; f++) sum += feature(p, f) * weight(f);
  return sum;
}

export function expectedScores(n) {
  return Array.from({ length: patientsPerCiphertext(n) }, (_, p) => expectedScore(p));
}

/** Decoded dot-product slots -> scores: patient p's score is in slot p*16. */
export function scoresFromSlots(n, slots) {
  const scores = new Array(patientsPerCiphertext(n));
  for (let p = 0; p < scores.length; p++) scores[p] = slots[p * FEATURES];
  return scores;
}

export const describeParameterSet = (set) =>
  `N=${set.n} (${set.coeffModulusBits.join(',')}), scale 2^${set.scaleBits}`;
