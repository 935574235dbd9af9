using CareChain.Crypto.Parameters;
using CareChain.Crypto.Sampling;

namespace CareChain.Crypto.Encryption;

/// <summary>
/// A symmetric encryption (c0, c1) whose uniform half c1 is replaced by the 32-byte seed that generates it: half
/// the size of a full ciphertext, which is what clients upload. <see cref="Expand"/> regenerates c1.
/// </summary>
public sealed class SeededCiphertext
{
    internal SeededCiphertext(CkksContext context, byte[] seed, int level, double scale, ulong[] c0)
    {
        ParametersId = context.ParametersId;
        PolyModulusDegree = context.PolyModulusDegree;
        Seed = seed;
        Level = level;
        Scale = scale;
        C0 = c0;
    }

    public ReadOnlyMemory<byte> ParametersId { get; }

    public int PolyModulusDegree { get; }

    public int Level { get; }

    public double Scale { get; }

    internal byte[] Seed { get; }

    internal ulong[] C0 { get; }

    public Ciphertext Expand(CkksContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        OperandGuard.SameParameters(context, ParametersId, "seeded ciphertext");
        var ciphertext = new Ciphertext(context, 2, Level, Scale);
        C0.AsSpan().CopyTo(ciphertext.Poly(0));
        using var uniform = Csprng.FromSeed(Seed);
        RingSampler.Uniform(uniform, ciphertext.Poly(1), context.Moduli.AsSpan(0, Level + 1), context.PolyModulusDegree);
        return ciphertext;
    }
}
