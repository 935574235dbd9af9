using CareChain.Crypto.Arithmetic;

namespace CareChain.Crypto.Parameters;

/// <summary>Builds RNS coefficient moduli from requested bit sizes, the way SEAL's CoeffModulus.Create does.</summary>
public static class CoeffModulus
{
    public const int MinPrimeBits = 20;
    public const int MaxPrimeBits = 60;

    /// <summary>
    /// One distinct prime q ≡ 1 (mod 2N) per requested size. Primes of one size are taken largest first from the
    /// deterministic search and handed out from the smallest, so equal requests always give equal moduli.
    /// </summary>
    public static IReadOnlyList<Modulus> Create(int polyModulusDegree, IReadOnlyList<int> bitSizes)
    {
        ArgumentNullException.ThrowIfNull(bitSizes);
        EncryptionParameters.ValidateDegree(polyModulusDegree);
        if (bitSizes.Count < 2)
        {
            throw new ArgumentException("At least two primes are needed: data primes and the special prime.", nameof(bitSizes));
        }

        foreach (var bits in bitSizes)
        {
            if (bits is < MinPrimeBits or > MaxPrimeBits)
            {
                throw new ArgumentOutOfRangeException(nameof(bitSizes), bits, $"Prime sizes must be {MinPrimeBits} to {MaxPrimeBits} bits.");
            }
        }

        var available = bitSizes
            .GroupBy(bits => bits)
            .ToDictionary(g => g.Key, g => new Stack<ulong>(Primality.NttPrimes(polyModulusDegree, g.Key, g.Count())));
        return [.. bitSizes.Select(bits => new Modulus(available[bits].Pop()))];
    }
}
