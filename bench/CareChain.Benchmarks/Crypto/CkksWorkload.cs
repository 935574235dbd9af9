using System.Numerics;
using CareChain.Crypto.Encoding;
using CareChain.Crypto.Encryption;
using CareChain.Crypto.Evaluation;
using CareChain.Crypto.Keys;
using CareChain.Crypto.Parameters;

namespace CareChain.Benchmarks.Crypto;

/// <summary>
/// The workload compared against SEAL in bench/seal-compare: the same parameter sets, the same deterministic
/// inputs (formulas shared with workload.mjs) and an encrypted 16-feature dot product per patient.
/// </summary>
public sealed class CkksWorkload
{
    public const int Features = 16;
    public static readonly double Scale = Math.Pow(2, 40);
    public static readonly int[] DotProductSteps = [8, 4, 2, 1];

    private readonly Ciphertext _scratch = new();

    private CkksWorkload(int polyModulusDegree)
    {
        int[] bits = polyModulusDegree switch
        {
            8192 => [60, 40, 40, 60],
            16384 => [60, 40, 40, 40, 40, 40, 40, 60],
            _ => throw new ArgumentOutOfRangeException(nameof(polyModulusDegree)),
        };
        Context = new CkksContext(EncryptionParameters.Create(polyModulusDegree, bits));
        Keys = new KeyGenerator(Context);
        Encoder = new CkksEncoder(Context);
        Encryptor = new Encryptor(Context, Keys.CreatePublicKey());
        Decryptor = new Decryptor(Context, Keys.SecretKey);
        Evaluator = new Evaluator(Context);
        RelinearizationKeys = Keys.CreateRelinearizationKeys();
        GaloisKeys = Keys.CreateGaloisKeys([1, 2, 4, 8]);
    }

    public CkksContext Context { get; }

    public KeyGenerator Keys { get; }

    public CkksEncoder Encoder { get; }

    public Encryptor Encryptor { get; }

    public Decryptor Decryptor { get; }

    public Evaluator Evaluator { get; }

    public RelinearizationKeys RelinearizationKeys { get; }

    public GaloisKeys GaloisKeys { get; }

    public int SlotCount => Context.SlotCount;

    /// <summary>Patients per ciphertext with one real value per slot, as node-seal's encoder allows.</summary>
    public int RealPackedPatients => SlotCount / Features;

    public static CkksWorkload Create(int polyModulusDegree) => new(polyModulusDegree);

    public static double Feature(int patient, int feature) => (((patient * 31) + (feature * 17)) % 97 / 97.0) - 0.5;

    public static double Weight(int feature) => (feature * 13 % 16 / 16.0) - 0.5;

    public static double ExpectedScore(int patient)
    {
        var sum = 0.0;
        for (var f = 0; f < Features; f++)
        {
            sum += Feature(patient, f) * Weight(f);
        }

        return sum;
    }

    /// <summary>Slot p·16 + f holds feature f of patient p.</summary>
    public double[] RealFeatureSlots()
    {
        var slots = new double[SlotCount];
        for (var p = 0; p < RealPackedPatients; p++)
        {
            for (var f = 0; f < Features; f++)
            {
                slots[(p * Features) + f] = Feature(p, f);
            }
        }

        return slots;
    }

    /// <summary>Twice the patients: patient p in the real part of slot p·16 + f, patient p + P in the imaginary part.</summary>
    public Complex[] ComplexFeatureSlots()
    {
        var slots = new Complex[SlotCount];
        var half = RealPackedPatients;
        for (var p = 0; p < half; p++)
        {
            for (var f = 0; f < Features; f++)
            {
                slots[(p * Features) + f] = new Complex(Feature(p, f), Feature(p + half, f));
            }
        }

        return slots;
    }

    public double[] WeightSlots()
    {
        var slots = new double[SlotCount];
        for (var s = 0; s < slots.Length; s++)
        {
            slots[s] = Weight(s % Features);
        }

        return slots;
    }

    /// <summary>
    /// multiply_plain, rescale, then rotate-and-sum by 8, 4, 2, 1: slot p·16 ends up holding Σ_f x(p, f)·w(f).
    /// Weights multiply real and imaginary parts alike, so complex packing scores two patients per slot.
    /// </summary>
    public void DotProduct(Ciphertext features, Plaintext weights, Ciphertext result)
    {
        Evaluator.MultiplyPlain(features, weights, result);
        Evaluator.RescaleToNext(result, result);
        foreach (var step in DotProductSteps)
        {
            Evaluator.RotateVector(result, step, GaloisKeys, _scratch);
            Evaluator.Add(result, _scratch, result);
        }
    }
}
