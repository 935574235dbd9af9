// Prints C# (BenchmarkDotNet) against SEAL (node-seal) medians per operation and checks
// both sides' dot-product scores against the exact plaintext result.
//
//   node compare.mjs <seal.json> <csharp-values.json> <bdn-artifacts-folder | report.json>
//
// Exit 0: everything present and all scores within tolerance (the speed ratio never fails).
// Exit 1: a missing or malformed input, or a score outside tolerance.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import {
  OPERATIONS,
  PARAMETER_SETS,
  TOLERANCE,
  describeParameterSet,
  expectedScore,
  expectedScores,
  patientsPerCiphertext,
} from './workload.mjs';

const BDN_METHODS = Object.freeze({
  Encode: 'encode',
  Encrypt: 'encrypt',
  MultiplyPlain: 'multiply_plain',
  MultiplyRelinearize: 'multiply_relinearize',
  Rescale: 'rescale',
  Rotate: 'rotate',
  DecryptDecode: 'decrypt_decode',
  DotProduct: 'dot_product',
});
const BDN_CLASS = 'CkksOperationBenchmarks';
// `--exporters json` writes -report-full-compressed.json, the attribute/fulljson exporter
// -report-full.json; all variants carry Statistics.Median, so take the richest present.
const BDN_SUFFIXES = ['-report-full.json', '-report-full-compressed.json', '-report-brief.json', '-report-brief-compressed.json', '-report.json'];

class InputError extends Error {}

function fail(message) {
  throw new InputError(message);
}

function readJson(file, what) {
  if (!existsSync(file)) fail(`${what} not found: ${file}`);
  try {
    // .NET writers may prepend a UTF-8 byte order mark, which JSON.parse rejects.
    return JSON.parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
  } catch (error) {
    fail(`${what} is not valid JSON: ${file} (${error.message})`);
  }
}

function listFiles(folder) {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    return entry.isDirectory() ? listFiles(full) : [full];
  });
}

/** The BenchmarkDotNet JSON reports of the CKKS class under a folder (or the file given). */
function findBdnReports(location) {
  if (!existsSync(location)) fail(`C# BenchmarkDotNet results not found: ${location}`);
  if (statSync(location).isFile()) return [location];
  const candidates = listFiles(location).filter((file) => {
    const name = path.basename(file);
    return name.includes(BDN_CLASS) && BDN_SUFFIXES.some((suffix) => name.endsWith(suffix));
  });
  // One report per benchmark type (namespace-qualified name before the suffix), best variant first.
  const byType = new Map();
  for (const suffix of BDN_SUFFIXES) {
    for (const file of candidates.filter((f) => f.endsWith(suffix))) {
      const type = path.basename(file).slice(0, -suffix.length);
      if (!byType.has(type)) byType.set(type, file);
    }
  }
  if (byType.size === 0) fail(`no *${BDN_CLASS}-report*.json BenchmarkDotNet report under ${location}`);
  return [...byType.values()].sort((a, b) => statSync(a).mtimeMs - statSync(b).mtimeMs);
}

/** Map "n/operation" -> median milliseconds; later (newer) reports win. */
function readBdnTimings(location) {
  const timings = new Map();
  for (const file of findBdnReports(location)) {
    const report = readJson(file, 'C# BenchmarkDotNet report');
    if (!Array.isArray(report.Benchmarks)) fail(`C# BenchmarkDotNet report has no Benchmarks array: ${file}`);
    for (const benchmark of report.Benchmarks) {
      if (benchmark.Type && benchmark.Type !== BDN_CLASS) continue;
      const operation = BDN_METHODS[benchmark.Method];
      const n = Number(/(?:^|&)N=(\d+)/.exec(benchmark.Parameters ?? '')?.[1]);
      const median = benchmark.Statistics?.Median;
      if (!operation || !Number.isFinite(n) || !Number.isFinite(median)) continue;
      timings.set(`${n}/${operation}`, median / 1e6);
    }
  }
  return timings;
}

function bySize(document, what, file) {
  if (!Array.isArray(document?.parameterSets)) fail(`${what} has no parameterSets array: ${file}`);
  return new Map(document.parameterSets.map((set) => [Number(set.n), set]));
}

/** Scores of one side for one parameter set, checked for shape; n is the ring degree. */
function scoresOf(set, n, what) {
  if (!set) fail(`${what} has no parameter set N=${n}`);
  const expectedCount = patientsPerCiphertext(n);
  if (set.patientsPerCiphertext !== expectedCount) {
    fail(`${what} N=${n}: patientsPerCiphertext is ${set.patientsPerCiphertext}, the workload packs ${expectedCount} (real slots, N/32)`);
  }
  if (!Array.isArray(set.scores) || set.scores.length !== expectedCount) {
    fail(`${what} N=${n}: expected ${expectedCount} scores, got ${Array.isArray(set.scores) ? set.scores.length : 'none'}`);
  }
  const bad = set.scores.findIndex((score) => typeof score !== 'number' || !Number.isFinite(score));
  if (bad >= 0) fail(`${what} N=${n}: score of patient ${bad} is not a finite number (${JSON.stringify(set.scores[bad])})`);
  return set.scores;
}

function maxAbsDifference(a, b) {
  let max = 0;
  for (let i = 0; i < a.length; i++) {
    max = Math.max(max, Math.abs(a[i] - b[i]));
  }
  return max;
}

const ms = (value) => value.toFixed(3);
const perSecond = (value) => Math.round(value).toLocaleString('en-US');
const error = (value) => value.toExponential(2);

function table(rows) {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  return rows
    .map((row) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('   '))
    .join('\n');
}

/** Every input checked before anything is printed, so a bad input gives one line only. */
function loadInputs([sealFile, csharpValuesFile, bdnLocation]) {
  const seal = readJson(sealFile, 'SEAL results');
  const csharpValues = readJson(csharpValuesFile, 'C# values file');
  const csharpTimings = readBdnTimings(bdnLocation);
  const sealSets = bySize(seal, 'SEAL results', sealFile);
  const csharpSets = bySize(csharpValues, 'C# values file', csharpValuesFile);

  const missing = PARAMETER_SETS.flatMap((set) =>
    OPERATIONS.filter((op) => !csharpTimings.has(`${set.n}/${op}`)).map((op) => `${op} N=${set.n}`),
  );
  if (missing.length) fail(`C# BenchmarkDotNet report lacks a median for: ${missing.join(', ')}`);

  const sets = PARAMETER_SETS.map((set) => {
    const sealSet = sealSets.get(set.n);
    const sealScores = scoresOf(sealSet, set.n, 'SEAL results');
    const csharpScores = scoresOf(csharpSets.get(set.n), set.n, 'C# values file');
    const medians = Object.fromEntries(
      OPERATIONS.map((op) => {
        const sealMs = sealSet.milliseconds?.[op];
        if (!Number.isFinite(sealMs)) fail(`SEAL results lack a median for ${op} N=${set.n}`);
        return [op, { csharpMs: csharpTimings.get(`${set.n}/${op}`), sealMs }];
      }),
    );
    // Complex packing puts a second patient in each slot's imaginary part; node-seal's encoder cannot express it.
    const complex = csharpSets.get(set.n).complexPackedScores;
    const csharpComplexScores = Array.isArray(complex) && complex.length === 2 * patientsPerCiphertext(set.n) ? complex : null;
    return { set, sealScores, csharpScores, csharpComplexScores, medians };
  });
  return { seal, sets };
}

function main(argv) {
  if (argv.length !== 3) {
    fail('usage: node compare.mjs <seal.json> <csharp-values.json> <bdn-artifacts-folder | report.json>');
  }
  const { seal, sets } = loadInputs(argv);

  console.log('C#:   CareChain.Crypto (BenchmarkDotNet medians)');
  console.log(`SEAL: ${seal.implementation ?? 'node-seal'}`);
  if (seal.machine) console.log(`machine: ${seal.machine}`);

  let worst = { ratio: -Infinity, label: '' };
  const failures = [];
  for (const { set, sealScores, csharpScores, csharpComplexScores, medians } of sets) {
    const rows = [['operation', 'C# ms', 'SEAL ms', 'C#/SEAL']];
    for (const op of OPERATIONS) {
      const { csharpMs, sealMs } = medians[op];
      const ratio = csharpMs / sealMs;
      rows.push([op, ms(csharpMs), ms(sealMs), ratio.toFixed(2)]);
      if (ratio > worst.ratio) worst = { ratio, label: `${op}, N=${set.n}` };
    }

    const patients = patientsPerCiphertext(set.n);
    const { csharpMs, sealMs } = medians.dot_product;
    const expected = expectedScores(set.n);
    const errors = {
      'C# vs expected': maxAbsDifference(csharpScores, expected),
      'SEAL vs expected': maxAbsDifference(sealScores, expected),
      'C# vs SEAL': maxAbsDifference(csharpScores, sealScores),
    };

    console.log(`\n${describeParameterSet(set)}`);
    console.log(table(rows));
    console.log(
      `dot_product patient-scores/s (${patients} patients per ciphertext): ` +
        `C# ${perSecond((patients * 1000) / csharpMs)}, SEAL ${perSecond((patients * 1000) / sealMs)}`,
    );
    if (csharpComplexScores) {
      const complexExpected = csharpComplexScores.map((_, p) => expectedScore(p));
      errors['C# complex-packed vs expected'] = maxAbsDifference(csharpComplexScores, complexExpected);
      console.log(
        `C# with complex packing (${2 * patients} patients per ciphertext, same operations): ` +
          `${perSecond((2 * patients * 1000) / csharpMs)} patient-scores/s`,
      );
    }
    console.log(
      `max |score error|: ${Object.entries(errors).map(([label, value]) => `${label} ${error(value)}`).join(', ')} (tolerance ${TOLERANCE})`,
    );
    for (const [label, value] of Object.entries(errors)) {
      if (!(value <= TOLERANCE)) failures.push(`N=${set.n}: ${label} max error ${error(value)} exceeds ${TOLERANCE}`);
    }
  }

  console.log('');
  for (const message of failures) console.error(`FAIL ${message}`);
  console.log(`max ratio ${worst.ratio.toFixed(2)} (${worst.label})`);
  return failures.length ? 1 : 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (err) {
  if (!(err instanceof InputError)) throw err;
  console.error(`compare: ${err.message}`);
  process.exitCode = 1;
}
