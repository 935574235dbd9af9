// Runs the comparison workload on Microsoft SEAL (node-seal, WebAssembly) and writes
// median milliseconds per operation plus the decrypted dot-product scores as JSON.
//
//   node seal-bench.mjs <output.json>      SEAL_COMPARE_QUICK=1 for a fast, rough run

import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SEAL from 'node-seal/throws_wasm_node_umd.js';
import {
  DOT_PRODUCT_STEPS,
  GALOIS_STEPS,
  OPERATIONS,
  PARAMETER_SETS,
  describeParameterSet,
  expectedScores,
  featureSlots,
  patientsPerCiphertext,
  scoresFromSlots,
  slotCount,
  weightSlots,
} from './workload.mjs';

const IMPLEMENTATION = 'node-seal 5.1.7 (SEAL 4.1.2 WebAssembly)';

const outputPath = process.argv[2];
if (!outputPath) {
  console.error('usage: node seal-bench.mjs <output.json>');
  process.exit(2);
}

const quick = process.env.SEAL_COMPARE_QUICK === '1';
const timing = quick
  ? { warmup: 1, minIterations: 5, minMillis: 0, maxIterations: 5 }
  : { warmup: 3, minIterations: 20, minMillis: 1000, maxIterations: 2000 };

function median(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Median wall time of fn in milliseconds. */
function measure(fn) {
  for (let i = 0; i < timing.warmup; i++) fn();
  const samples = [];
  const started = process.hrtime.bigint();
  const elapsedMillis = () => Number(process.hrtime.bigint() - started) / 1e6;
  while (
    samples.length < timing.minIterations ||
    (elapsedMillis() < timing.minMillis && samples.length < timing.maxIterations)
  ) {
    const t0 = process.hrtime.bigint();
    fn();
    samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return median(samples);
}

function runParameterSet(seal, set) {
  const { n, coeffModulusBits, scaleBits } = set;
  const scale = 2 ** scaleBits;
  const owned = [];
  const own = (object) => {
    owned.push(object);
    return object;
  };

  const parms = own(seal.EncryptionParameters(seal.SchemeType.ckks));
  parms.setPolyModulusDegree(n);
  const coeffModulus = seal.CoeffModulus.Create(n, Int32Array.from(coeffModulusBits));
  parms.setCoeffModulus(coeffModulus);
  coeffModulus.delete();
  const context = own(seal.Context(parms, true, seal.SecurityLevel.tc128));
  if (!context.parametersSet()) {
    throw new Error(`SEAL rejected ${describeParameterSet(set)}: ${context.toHuman()}`);
  }

  const keyGenerator = own(seal.KeyGenerator(context));
  const secretKey = own(keyGenerator.secretKey());
  const publicKey = own(keyGenerator.createPublicKey());
  const relinKeys = own(keyGenerator.createRelinKeys());
  const galoisKeys = own(keyGenerator.createGaloisKeys(Int32Array.from(GALOIS_STEPS)));

  const encoder = own(seal.CKKSEncoder(context));
  const encryptor = own(seal.Encryptor(context, publicKey));
  const decryptor = own(seal.Decryptor(context, secretKey));
  const evaluator = own(seal.Evaluator(context));
  if (encoder.slotCount !== slotCount(n)) throw new Error(`unexpected slot count ${encoder.slotCount}`);

  // Prepared inputs, all at the top level with scale 2^40.
  const features = featureSlots(n);
  const featuresPlain = own(encoder.encode(features, scale));
  const weightsPlain = own(encoder.encode(weightSlots(n), scale));
  const featuresCipher = own(encryptor.encrypt(featuresPlain));
  const weightsCipher = own(encryptor.encrypt(weightsPlain));
  const product = own(evaluator.multiplyPlain(featuresCipher, weightsPlain)); // scale 2^80

  // One reused destination per operation, so timings exclude allocation of results.
  const dest = {};
  for (const op of OPERATIONS) dest[op] = own(op === 'encode' || op === 'decrypt_decode' ? seal.PlainText() : seal.CipherText());
  const dotProduct = own(seal.CipherText());
  const dotRotated = own(seal.CipherText());

  const runDotProduct = () => {
    evaluator.multiplyPlain(featuresCipher, weightsPlain, dest.dot_product);
    evaluator.rescaleToNext(dest.dot_product, dotProduct);
    for (const step of DOT_PRODUCT_STEPS) {
      evaluator.rotateVector(dotProduct, step, galoisKeys, dotRotated);
      evaluator.add(dotProduct, dotRotated, dotProduct);
    }
  };

  const operations = {
    encode: () => encoder.encode(features, scale, dest.encode),
    encrypt: () => encryptor.encrypt(featuresPlain, dest.encrypt),
    multiply_plain: () => evaluator.multiplyPlain(featuresCipher, weightsPlain, dest.multiply_plain),
    multiply_relinearize: () => {
      evaluator.multiply(featuresCipher, weightsCipher, dest.multiply_relinearize);
      evaluator.relinearize(dest.multiply_relinearize, relinKeys, dest.multiply_relinearize);
    },
    rescale: () => evaluator.rescaleToNext(product, dest.rescale),
    rotate: () => evaluator.rotateVector(featuresCipher, 1, galoisKeys, dest.rotate),
    decrypt_decode: () => {
      decryptor.decrypt(featuresCipher, dest.decrypt_decode);
      return encoder.decode(dest.decrypt_decode);
    },
    dot_product: runDotProduct,
  };

  const milliseconds = {};
  for (const op of OPERATIONS) {
    milliseconds[op] = measure(operations[op]);
    console.error(`  ${op.padEnd(20)} ${milliseconds[op].toFixed(3)} ms`);
  }

  // Untimed: one more dot product, decrypted, to check values against the exact result.
  runDotProduct();
  const resultPlain = own(decryptor.decrypt(dotProduct));
  const scores = scoresFromSlots(n, encoder.decode(resultPlain));
  const expected = expectedScores(n);
  const maxError = Math.max(...scores.map((s, p) => Math.abs(s - expected[p])));
  console.error(`  max |score - expected| = ${maxError.toExponential(2)}`);

  for (const object of owned.reverse()) object.delete();

  return {
    n,
    coeffModulusBits: [...coeffModulusBits],
    scaleBits,
    milliseconds,
    patientsPerCiphertext: patientsPerCiphertext(n),
    scores,
  };
}

const seal = await SEAL();
const cpus = os.cpus();
const result = {
  implementation: IMPLEMENTATION,
  machine: `${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores`,
  parameterSets: [],
};
for (const set of PARAMETER_SETS) {
  console.error(`SEAL ${describeParameterSet(set)}${quick ? ' (quick)' : ''}`);
  result.parameterSets.push(runParameterSet(seal, set));
}

mkdirSync(path.dirname(path.resolve(outputPath)), { recursive: true });
writeFileSync(outputPath, `${JSON.stringify(result, null, 2)}\n`);
console.error(`wrote ${outputPath}`);
