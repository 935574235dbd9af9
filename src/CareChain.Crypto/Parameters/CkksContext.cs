using System.Collections.Concurrent;
using CareChain.Crypto.Arithmetic;
using CareChain.Crypto.Encoding;

namespace CareChain.Crypto.Parameters;

/// <summary>
/// Validated parameters with everything precomputed from them: NTT tables per prime, rescaling constants, CRT
/// bases per level, the slot embedding and Galois permutations. Thread-safe and meant to be shared.
/// </summary>
/// <remarks>
/// Levels count data primes: a ciphertext at level l lives modulo q_0 … q_l. The top level is
/// <see cref="MaxLevel"/>; keys live one prime higher, at the key level, which adds the special prime P.
/// Construction refuses any parameter set above the 128-bit security bound; the only way around it is internal and
/// exists for tests.
/// </remarks>
public sealed class CkksContext
{
    private readonly ConcurrentDictionary<int, int[]> _galoisPermutations = new();
    private readonly RnsBase[] _levelBases;

    public CkksContext(EncryptionParameters parameters)
        : this(parameters, enforceSecurity: true)
    {
    }

    internal CkksContext(EncryptionParameters parameters, bool enforceSecurity)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var n = parameters.PolyModulusDegree;
        if (enforceSecurity && parameters.TotalCoeffModulusBits > SecurityStandard.MaxCoeffModulusBits(n))
        {
            throw new ArgumentException(
                $"The coefficient modulus has {parameters.TotalCoeffModulusBits} bits; 128-bit security with N={n} allows at most {SecurityStandard.MaxCoeffModulusBits(n)}.",
                nameof(parameters));
        }

        Parameters = parameters;
        Moduli = [.. parameters.CoeffModulus];
        NttTables = [.. Moduli.Select(q => new NttTables(n, q))];
        Embedding = new SlotEmbedding(n);

        var count = Moduli.Length;
        InverseLastModulus = new ulong[count][];
        InverseLastModulusShoup = new ulong[count][];
        HalfLastModulus = new ulong[count][];
        for (var d = 1; d < count; d++)
        {
            InverseLastModulus[d] = new ulong[d];
            InverseLastModulusShoup[d] = new ulong[d];
            HalfLastModulus[d] = new ulong[d];
            for (var i = 0; i < d; i++)
            {
                InverseLastModulus[d][i] = Moduli[i].Inverse(Moduli[i].Reduce(Moduli[d].Value));
                InverseLastModulusShoup[d][i] = Moduli[i].ShoupFactor(InverseLastModulus[d][i]);
                HalfLastModulus[d][i] = Moduli[i].Reduce(Moduli[d].Value >> 1);
            }
        }

        _levelBases = [.. Enumerable.Range(0, count - 1).Select(level => new RnsBase(Moduli.AsSpan(0, level + 1)))];
    }

    public EncryptionParameters Parameters { get; }

    public ReadOnlyMemory<byte> ParametersId => Parameters.Id;

    public int PolyModulusDegree => Parameters.PolyModulusDegree;

    public int SlotCount => PolyModulusDegree / 2;

    /// <summary>The level of fresh ciphertexts: the number of data primes minus one.</summary>
    public int MaxLevel => Moduli.Length - 2;

    /// <summary>Number of primes keys live modulo: every data prime and the special prime.</summary>
    public int KeyModulusCount => Moduli.Length;

    public int ConjugationElement => (2 * PolyModulusDegree) - 1;

    internal Modulus[] Moduli { get; }

    internal NttTables[] NttTables { get; }

    internal SlotEmbedding Embedding { get; }

    /// <summary>[d][i] = q_d^-1 mod q_i for i &lt; d: dividing by the last prime of a level.</summary>
    internal ulong[][] InverseLastModulus { get; }

    internal ulong[][] InverseLastModulusShoup { get; }

    /// <summary>[d][i] = floor(q_d / 2) mod q_i, for rounding rather than flooring when dividing by q_d.</summary>
    internal ulong[][] HalfLastModulus { get; }

    /// <summary>log2 of q_0 · … · q_l, an exclusive upper bound on the bits of any centred value at that level.</summary>
    public int LevelModulusBits(int level) => LevelBase(level).ProductBits;

    /// <summary>The prime that <see cref="Evaluation.Evaluator.RescaleToNext"/> divides by at this level.</summary>
    public ulong LastModulusAt(int level) => Moduli[ValidateLevel(level)].Value;

    /// <summary>The Galois element that rotates slots left by <paramref name="step"/> (right when negative).</summary>
    public int GaloisElementForStep(int step)
    {
        var slots = SlotCount;
        var normalized = ((step % slots) + slots) % slots;
        var twoN = 2 * PolyModulusDegree;
        long element = 1;
        for (var i = 0; i < normalized; i++)
        {
            element = element * 5 % twoN;
        }

        return (int)element;
    }

    internal RnsBase LevelBase(int level) => _levelBases[ValidateLevel(level)];

    internal int[] GaloisPermutationFor(int galoisElement) =>
        _galoisPermutations.GetOrAdd(galoisElement, static (g, n) => GaloisPermutation.Create(n, g), PolyModulusDegree);

    internal int ValidateLevel(int level)
    {
        if (level < 0 || level > MaxLevel)
        {
            throw new ArgumentOutOfRangeException(nameof(level), level, $"Levels run from 0 to {MaxLevel} for these parameters.");
        }

        return level;
    }
}
