using CareChain.Crypto.Parameters;

namespace CareChain.Crypto.Encryption;

/// <summary>
/// A CKKS ciphertext: <see cref="Size"/> polynomials (2 when fresh, 3 after a multiplication until it is
/// relinearized) at <see cref="Level"/>, each held as Level + 1 RNS limbs of N residues in NTT form.
/// </summary>
/// <remarks>Instances are reused as destinations; the backing array grows but is never shared between instances.</remarks>
public sealed class Ciphertext
{
    private ulong[] _data = [];

    public Ciphertext()
    {
    }

    public Ciphertext(CkksContext context, int size, int level, double scale)
    {
        Reset(context, size, level, scale);
    }

    public int Size { get; private set; }

    public int Level { get; private set; }

    public int PolyModulusDegree { get; private set; }

    /// <summary>The scale Δ the message is multiplied by; grows with products and shrinks with rescaling.</summary>
    public double Scale { get; internal set; }

    /// <summary>Always true: this library keeps ciphertexts in NTT form, as SEAL does for CKKS.</summary>
    public static bool IsNttForm => true;

    /// <summary>The digest of the parameter set this ciphertext belongs to; empty until initialized.</summary>
    public ReadOnlyMemory<byte> ParametersId { get; private set; }

    internal int LimbCount => Level + 1;

    internal int PolyLength => LimbCount * PolyModulusDegree;

    internal Span<ulong> Data => _data.AsSpan(0, Size * PolyLength);

    internal Span<ulong> Poly(int index) => _data.AsSpan(index * PolyLength, PolyLength);

    internal Span<ulong> Limb(int poly, int limb) =>
        _data.AsSpan((poly * PolyLength) + (limb * PolyModulusDegree), PolyModulusDegree);

    public Ciphertext Clone()
    {
        var copy = new Ciphertext
        {
            Size = Size,
            Level = Level,
            PolyModulusDegree = PolyModulusDegree,
            Scale = Scale,
            ParametersId = ParametersId,
            _data = Data.ToArray(),
        };
        return copy;
    }

    /// <summary>Reshapes for reuse; the contents are unspecified afterwards (callers overwrite them).</summary>
    internal void Reset(CkksContext context, int size, int level, double scale)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.ValidateLevel(level);
        if (size is < 2 or > 3)
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, "A ciphertext has 2 or 3 polynomials.");
        }

        var length = checked(size * (level + 1) * context.PolyModulusDegree);
        if (_data.Length < length)
        {
            // Keep what is there: an operation writing into one of its own operands may still read it.
            var grown = new ulong[length];
            _data.AsSpan(0, Math.Min(_data.Length, Size * PolyLength)).CopyTo(grown);
            _data = grown;
        }

        Size = size;
        Level = level;
        PolyModulusDegree = context.PolyModulusDegree;
        Scale = scale;
        ParametersId = context.ParametersId;
    }

    /// <summary>Makes this ciphertext a copy of <paramref name="source"/>; a no-op when they are the same object.</summary>
    internal void CopyFrom(CkksContext context, Ciphertext source)
    {
        if (ReferenceEquals(this, source))
        {
            return;
        }

        Reset(context, source.Size, source.Level, source.Scale);
        source.Data.CopyTo(Data);
    }

    /// <summary>Shrinks the polynomial count in place (3 → 2 after relinearization) without moving data.</summary>
    internal void Truncate(int size) => Size = size;

    /// <summary>Drops the last limb of every polynomial, compacting the data in place.</summary>
    internal void DropLastLimb()
    {
        var oldPolyLength = PolyLength;
        Level--;
        var newPolyLength = PolyLength;
        for (var p = 1; p < Size; p++)
        {
            _data.AsSpan(p * oldPolyLength, newPolyLength).CopyTo(_data.AsSpan(p * newPolyLength));
        }
    }
}
