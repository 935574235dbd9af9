using System.Globalization;
using System.Numerics;
using System.Text.Json;
using CareChain.Crypto.Encryption;

namespace CareChain.Benchmarks.Crypto;

/// <summary>
/// Writes the decrypted dot-product scores for bench/seal-compare to check against SEAL's: real packing (as SEAL
/// runs it) and complex packing (twice the patients per ciphertext, same operations). Exit 1 when the complex
/// packing strays from the exact scores, which compare.mjs does not see.
/// </summary>
public static class CkksValuesCommand
{
    private const double Tolerance = 1e-3;

    public static int Run(string path)
    {
        var sets = new List<object>();
        var exitCode = 0;
        foreach (var n in new[] { 8192, 16384 })
        {
            var workload = CkksWorkload.Create(n);
            var realScores = Score(workload, encryptReal: true);
            var complexScores = Score(workload, encryptReal: false);
            var worst = complexScores.Select((score, p) => Math.Abs(score - CkksWorkload.ExpectedScore(p))).Max();
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"N={n}: {realScores.Length} real-packed and {complexScores.Length} complex-packed scores; complex max error {worst:E2}"));
            if (!(worst <= Tolerance))
            {
                Console.Error.WriteLine($"N={n}: complex-packed scores exceed tolerance {Tolerance}");
                exitCode = 1;
            }

            sets.Add(new
            {
                n,
                patientsPerCiphertext = realScores.Length,
                scores = realScores,
                complexPackedPatientsPerCiphertext = complexScores.Length,
                complexPackedScores = complexScores,
            });
        }

        File.WriteAllText(path, JsonSerializer.Serialize(new { parameterSets = sets }));
        return exitCode;
    }

    private static double[] Score(CkksWorkload workload, bool encryptReal)
    {
        var features = new Plaintext();
        if (encryptReal)
        {
            workload.Encoder.Encode(workload.RealFeatureSlots(), CkksWorkload.Scale, features);
        }
        else
        {
            workload.Encoder.Encode(workload.ComplexFeatureSlots(), CkksWorkload.Scale, features);
        }

        var weights = new Plaintext();
        workload.Encoder.Encode(workload.WeightSlots(), CkksWorkload.Scale, weights);
        var result = new Ciphertext();
        workload.DotProduct(workload.Encryptor.Encrypt(features), weights, result);

        var slots = new Complex[workload.SlotCount];
        workload.Encoder.Decode(workload.Decryptor.Decrypt(result), slots);
        var half = workload.RealPackedPatients;
        return encryptReal
            ? [.. Enumerable.Range(0, half).Select(p => slots[p * CkksWorkload.Features].Real)]
            : [.. Enumerable.Range(0, 2 * half).Select(p => p < half
                ? slots[p * CkksWorkload.Features].Real
                : slots[(p - half) * CkksWorkload.Features].Imaginary)];
    }
}
