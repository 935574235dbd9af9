using CareChain.Crypto.Parameters;

namespace CareChain.Crypto.Keys;

/// <summary>
/// Encryptions under s of P·s' split by RNS gadget: component j is (-a_j·s + e_j + P·g_j·s', a_j) at the key level,
/// where g_j is 1 modulo q_j and 0 modulo every other data prime. Switching a ciphertext part c from s' to s sums
/// [c]_{q_j}·component_j and divides by the special prime P, which is what keeps the added noise small.
/// </summary>
public sealed class KeySwitchingKey
{
    internal KeySwitchingKey(CkksContext context, ulong[] data)
    {
        PolyModulusDegree = context.PolyModulusDegree;
        KeyModulusCount = context.KeyModulusCount;
        var expected = (long)DecompositionCountFor(context) * 2 * KeyModulusCount * PolyModulusDegree;
        if (data.LongLength != expected)
        {
            throw new ArgumentException($"A key-switching key for these parameters holds {expected} residues.", nameof(data));
        }

        Data = data;
    }

    public int PolyModulusDegree { get; }

    internal int KeyModulusCount { get; }

    /// <summary>One component per data prime of the key level.</summary>
    public int DecompositionCount => KeyModulusCount - 1;

    internal ulong[] Data { get; }

    internal static int DecompositionCountFor(CkksContext context) => context.KeyModulusCount - 1;

    /// <summary>The limb of prime <paramref name="limb"/> of polynomial <paramref name="poly"/> (0 = b, 1 = a) of component j.</summary>
    internal ReadOnlySpan<ulong> Limb(int component, int poly, int limb) =>
        Data.AsSpan((((component * 2) + poly) * KeyModulusCount + limb) * PolyModulusDegree, PolyModulusDegree);

    internal Span<ulong> Poly(int component, int poly) =>
        Data.AsSpan(((component * 2) + poly) * KeyModulusCount * PolyModulusDegree, KeyModulusCount * PolyModulusDegree);
}
