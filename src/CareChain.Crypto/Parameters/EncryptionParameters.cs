using System.Buffers.Binary;
using System.Security.Cryptography;
using CareChain.Crypto.Arithmetic;

namespace CareChain.Crypto.Parameters;

/// <summary>
/// A CKKS parameter set: the ring degree N and the RNS coefficient modulus q_0 … q_L, P, whose last prime P is
/// the special prime used only in key switching. Two parameter sets are equal when N and every prime are equal;
/// <see cref="Id"/> is a digest of exactly that, so serialized objects can name the set they belong to.
/// </summary>
public sealed class EncryptionParameters : IEquatable<EncryptionParameters>
{
    public static IReadOnlyList<int> SupportedDegrees { get; } = [4096, 8192, 16384, 32768];

    private readonly Modulus[] _coeffModulus;

    public EncryptionParameters(int polyModulusDegree, IEnumerable<Modulus> coeffModulus)
    {
        ArgumentNullException.ThrowIfNull(coeffModulus);
        ValidateDegree(polyModulusDegree);
        _coeffModulus = [.. coeffModulus];
        if (_coeffModulus.Length < 2)
        {
            throw new ArgumentException("At least two primes are needed: data primes and the special prime.", nameof(coeffModulus));
        }

        var twoN = 2UL * (ulong)polyModulusDegree;
        var seen = new HashSet<ulong>();
        foreach (var q in _coeffModulus)
        {
            if (q.BitCount is < Parameters.CoeffModulus.MinPrimeBits or > Parameters.CoeffModulus.MaxPrimeBits
                || !seen.Add(q.Value) || q.Value % twoN != 1 || !Primality.IsPrime(q.Value))
            {
                throw new ArgumentException(
                    $"Coefficient modulus {q.Value} must be a distinct prime of {Parameters.CoeffModulus.MinPrimeBits} to {Parameters.CoeffModulus.MaxPrimeBits} bits congruent to 1 mod {twoN}.",
                    nameof(coeffModulus));
            }
        }

        PolyModulusDegree = polyModulusDegree;
        TotalCoeffModulusBits = _coeffModulus.Sum(q => q.BitCount);
        Id = ComputeId(polyModulusDegree, _coeffModulus);
    }

    public int PolyModulusDegree { get; }

    public IReadOnlyList<Modulus> CoeffModulus => _coeffModulus;

    /// <summary>Sum of the primes' bit lengths: an upper bound on log2(q), the figure the security bound is held to.</summary>
    public int TotalCoeffModulusBits { get; }

    /// <summary>SHA-256 of the canonical encoding of N and the primes.</summary>
    public ReadOnlyMemory<byte> Id { get; }

    public static EncryptionParameters Create(int polyModulusDegree, params int[] bitSizes) =>
        new(polyModulusDegree, Parameters.CoeffModulus.Create(polyModulusDegree, bitSizes));

    public bool Equals(EncryptionParameters? other) => other is not null && Id.Span.SequenceEqual(other.Id.Span);

    public override bool Equals(object? obj) => Equals(obj as EncryptionParameters);

    public override int GetHashCode() => BinaryPrimitives.ReadInt32LittleEndian(Id.Span);

    public override string ToString() =>
        $"N={PolyModulusDegree}, q=({string.Join(",", _coeffModulus.Select(q => q.BitCount))} bits)";

    internal static void ValidateDegree(int polyModulusDegree)
    {
        if (!SupportedDegrees.Contains(polyModulusDegree))
        {
            throw new ArgumentOutOfRangeException(
                nameof(polyModulusDegree), polyModulusDegree, $"N must be one of {string.Join(", ", SupportedDegrees)}.");
        }
    }

    private static byte[] ComputeId(int n, Modulus[] moduli)
    {
        var buffer = new byte[8 + (8 * moduli.Length)];
        BinaryPrimitives.WriteInt32LittleEndian(buffer, n);
        BinaryPrimitives.WriteInt32LittleEndian(buffer.AsSpan(4), moduli.Length);
        for (var i = 0; i < moduli.Length; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(buffer.AsSpan(8 + (8 * i)), moduli[i].Value);
        }

        return SHA256.HashData(buffer);
    }
}
