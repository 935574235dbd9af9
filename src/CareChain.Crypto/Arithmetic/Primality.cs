namespace CareChain.Crypto.Arithmetic;

/// <summary>Deterministic Miller–Rabin for 64-bit integers and the search for NTT-friendly primes.</summary>
public static class Primality
{
    // These bases decide primality for every n < 2^64 (Jaeschke; Sorenson and Webster).
    private static readonly ulong[] Witnesses = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37];

    public static bool IsPrime(ulong n)
    {
        if (n < 2)
        {
            return false;
        }

        foreach (var p in Witnesses)
        {
            if (n % p == 0)
            {
                return n == p;
            }
        }

        var d = n - 1;
        var s = 0;
        while ((d & 1) == 0)
        {
            d >>= 1;
            s++;
        }

        foreach (var a in Witnesses)
        {
            var x = PowMod(a, d, n);
            if (x == 1 || x == n - 1)
            {
                continue;
            }

            var composite = true;
            for (var r = 1; r < s && composite; r++)
            {
                x = (ulong)((UInt128)x * x % n);
                composite = x != n - 1;
            }

            if (composite)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The <paramref name="count"/> largest primes of exactly <paramref name="bitSize"/> bits with p ≡ 1 (mod 2N),
    /// largest first. The search is deterministic, so two parties derive the same moduli from the same bit sizes.
    /// </summary>
    public static IReadOnlyList<ulong> NttPrimes(int polyModulusDegree, int bitSize, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bitSize, Modulus.MaxBitCount);
        var factor = 2UL * (ulong)polyModulusDegree;
        var lowerBound = 1UL << (bitSize - 1);
        var candidate = (1UL << bitSize) - factor + 1;
        var primes = new List<ulong>(count);
        while (primes.Count < count && candidate > lowerBound)
        {
            if (IsPrime(candidate))
            {
                primes.Add(candidate);
            }

            candidate -= factor;
        }

        if (primes.Count < count)
        {
            throw new ArgumentException($"There are not {count} primes of {bitSize} bits congruent to 1 mod {factor}.", nameof(count));
        }

        return primes;
    }

    private static ulong PowMod(ulong b, ulong e, ulong m)
    {
        UInt128 result = 1, x = b % m;
        while (e != 0)
        {
            if ((e & 1) != 0)
            {
                result = result * x % m;
            }

            x = x * x % m;
            e >>= 1;
        }

        return (ulong)result;
    }
}
