using CareChain.Crypto.Parameters;

namespace CareChain.Crypto.Keys;

/// <summary>An encryption of zero at the key level, (b, a) = (-a·s + e, a), in NTT form.</summary>
public sealed class PublicKey
{
    internal PublicKey(CkksContext context, ulong[] data)
    {
        ParametersId = context.ParametersId;
        PolyModulusDegree = context.PolyModulusDegree;
        KeyModulusCount = context.KeyModulusCount;
        Data = data;
    }

    public ReadOnlyMemory<byte> ParametersId { get; }

    public int PolyModulusDegree { get; }

    internal int KeyModulusCount { get; }

    /// <summary>b then a, each KeyModulusCount limbs of N residues.</summary>
    internal ulong[] Data { get; }

    internal Span<ulong> Poly(int index) =>
        Data.AsSpan(index * KeyModulusCount * PolyModulusDegree, KeyModulusCount * PolyModulusDegree);
}
