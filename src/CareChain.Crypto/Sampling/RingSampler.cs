using System.Numerics;
using CareChain.Crypto.Arithmetic;

namespace CareChain.Crypto.Sampling;

/// <summary>Samples ring elements: uniform residues, ternary secrets and small centred errors.</summary>
internal static class RingSampler
{
    /// <summary>k for the centred binomial error: σ = √(k/2) ≈ 3.24, the standard's σ ≈ 3.2, bounded by k = 21.</summary>
    public const int BinomialParameter = 21;

    private const ulong BinomialMask = (1UL << BinomialParameter) - 1;

    /// <summary>Independent uniform residues per limb, which by the CRT is uniform modulo the product.</summary>
    public static void Uniform(Csprng random, Span<ulong> destination, ReadOnlySpan<Modulus> moduli, int n)
    {
        for (var limb = 0; limb < moduli.Length; limb++)
        {
            var q = moduli[limb];
            // Rejecting draws at or above the largest multiple of q keeps every residue equally likely.
            var limit = ulong.MaxValue - (ulong.MaxValue % q.Value) - 1;
            var span = destination.Slice(limb * n, n);
            for (var j = 0; j < n; j++)
            {
                ulong x;
                do
                {
                    x = random.NextUInt64();
                }
                while (x > limit);
                span[j] = q.Reduce(x);
            }
        }
    }

    /// <summary>Coefficients uniform in {-1, 0, 1}.</summary>
    public static void Ternary(Csprng random, Span<sbyte> destination)
    {
        Span<byte> bytes = stackalloc byte[256];
        var filled = 0;
        while (filled < destination.Length)
        {
            random.Fill(bytes);
            foreach (var b in bytes)
            {
                // 255 = 3·85; dropping it leaves 0..254, which splits evenly into the three values.
                if (b < 255 && filled < destination.Length)
                {
                    destination[filled++] = (sbyte)((b % 3) - 1);
                }
            }
        }
    }

    /// <summary>Centred binomial errors: the difference of two sums of 21 fair bits, in [-21, 21].</summary>
    public static void CenteredBinomial(Csprng random, Span<sbyte> destination)
    {
        for (var j = 0; j < destination.Length; j++)
        {
            var bits = random.NextUInt64();
            destination[j] = (sbyte)(BitOperations.PopCount(bits & BinomialMask) - BitOperations.PopCount((bits >> BinomialParameter) & BinomialMask));
        }
    }

    /// <summary>Writes small signed coefficients as residues modulo each prime (coefficient form).</summary>
    public static void ToResidues(ReadOnlySpan<sbyte> small, Span<ulong> destination, ReadOnlySpan<Modulus> moduli)
    {
        var n = small.Length;
        for (var limb = 0; limb < moduli.Length; limb++)
        {
            var q = moduli[limb].Value;
            var span = destination.Slice(limb * n, n);
            for (var j = 0; j < n; j++)
            {
                var v = small[j];
                span[j] = v >= 0 ? (ulong)v : q - (ulong)(-v);
            }
        }
    }
}
