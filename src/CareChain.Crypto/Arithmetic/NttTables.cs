using System.Numerics;

namespace CareChain.Crypto.Arithmetic;

/// <summary>
/// Precomputed powers of the minimal primitive 2N-th root of unity ψ modulo one prime, in bit-reversed order,
/// with their Shoup factors, for the negacyclic NTT over Z_q[X]/(X^N + 1).
/// </summary>
/// <remarks>
/// The forward transform leaves slot i holding a(ψ^(2·rev(i)+1)), where rev reverses log2(N) bits; ring
/// automorphisms in NTT form are therefore permutations (see <see cref="GaloisPermutation"/>).
/// </remarks>
public sealed class NttTables
{
    public NttTables(int polyModulusDegree, Modulus modulus)
    {
        ArgumentNullException.ThrowIfNull(modulus);
        if (polyModulusDegree < 2 || !BitOperations.IsPow2(polyModulusDegree))
        {
            throw new ArgumentOutOfRangeException(nameof(polyModulusDegree), "N must be a power of two.");
        }

        var twoN = 2UL * (ulong)polyModulusDegree;
        if (modulus.Value % twoN != 1)
        {
            throw new ArgumentException($"Modulus {modulus.Value} is not congruent to 1 mod {twoN}.", nameof(modulus));
        }

        Modulus = modulus;
        PolyModulusDegree = polyModulusDegree;
        LogDegree = BitOperations.Log2((uint)polyModulusDegree);
        Root = MinimalPrimitiveRoot(modulus, twoN);

        var n = polyModulusDegree;
        RootPowers = new ulong[n];
        RootPowersShoup = new ulong[n];
        InverseRootPowers = new ulong[n];
        InverseRootPowersShoup = new ulong[n];
        var inverseRoot = modulus.Inverse(Root);
        for (var i = 0; i < n; i++)
        {
            var exponent = (ulong)BitReverse(i, LogDegree);
            RootPowers[i] = modulus.Power(Root, exponent);
            RootPowersShoup[i] = modulus.ShoupFactor(RootPowers[i]);
            InverseRootPowers[i] = modulus.Power(inverseRoot, exponent);
            InverseRootPowersShoup[i] = modulus.ShoupFactor(InverseRootPowers[i]);
        }

        InverseDegree = modulus.Inverse((ulong)n);
        InverseDegreeShoup = modulus.ShoupFactor(InverseDegree);
    }

    public Modulus Modulus { get; }

    public int PolyModulusDegree { get; }

    public int LogDegree { get; }

    /// <summary>ψ: the smallest primitive 2N-th root of unity modulo q.</summary>
    public ulong Root { get; }

    internal ulong[] RootPowers { get; }

    internal ulong[] RootPowersShoup { get; }

    internal ulong[] InverseRootPowers { get; }

    internal ulong[] InverseRootPowersShoup { get; }

    internal ulong InverseDegree { get; }

    internal ulong InverseDegreeShoup { get; }

    public static int BitReverse(int value, int bits) =>
        bits == 0 ? 0 : (int)(ReverseBits((uint)value) >> (32 - bits));

    private static uint ReverseBits(uint v)
    {
        v = ((v >> 1) & 0x55555555u) | ((v & 0x55555555u) << 1);
        v = ((v >> 2) & 0x33333333u) | ((v & 0x33333333u) << 2);
        v = ((v >> 4) & 0x0F0F0F0Fu) | ((v & 0x0F0F0F0Fu) << 4);
        v = ((v >> 8) & 0x00FF00FFu) | ((v & 0x00FF00FFu) << 8);
        return (v >> 16) | (v << 16);
    }

    private static ulong MinimalPrimitiveRoot(Modulus q, ulong twoN)
    {
        // A generator candidate g gives r = g^((q-1)/2N), of order dividing 2N; it has order exactly 2N iff r^N = -1.
        var cofactor = (q.Value - 1) / twoN;
        ulong root = 0;
        for (ulong g = 2; g < q.Value && root == 0; g++)
        {
            var r = q.Power(g, cofactor);
            if (q.Power(r, twoN / 2) == q.Value - 1)
            {
                root = r;
            }
        }

        if (root == 0)
        {
            throw new ArgumentException($"No primitive {twoN}-th root of unity modulo {q.Value}.", nameof(q));
        }

        // Every primitive 2N-th root is an odd power of one; take the least so the choice is canonical.
        var square = q.Multiply(root, root);
        var minimal = root;
        var current = root;
        for (ulong i = 1; i < twoN / 2; i++)
        {
            current = q.Multiply(current, square);
            if (current < minimal)
            {
                minimal = current;
            }
        }

        return minimal;
    }
}
