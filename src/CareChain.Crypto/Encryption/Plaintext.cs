using CareChain.Crypto.Parameters;

namespace CareChain.Crypto.Encryption;

/// <summary>An encoded CKKS message: one polynomial at <see cref="Level"/> in NTT form, scaled by <see cref="Scale"/>.</summary>
public sealed class Plaintext
{
    private ulong[] _data = [];

    public Plaintext()
    {
    }

    public Plaintext(CkksContext context, int level, double scale)
    {
        Reset(context, level, scale);
    }

    public int Level { get; private set; }

    public int PolyModulusDegree { get; private set; }

    public double Scale { get; internal set; }

    public static bool IsNttForm => true;

    public ReadOnlyMemory<byte> ParametersId { get; private set; }

    internal int LimbCount => Level + 1;

    internal Span<ulong> Data => _data.AsSpan(0, LimbCount * PolyModulusDegree);

    internal Span<ulong> Limb(int limb) => _data.AsSpan(limb * PolyModulusDegree, PolyModulusDegree);

    public Plaintext Clone() => new()
    {
        Level = Level,
        PolyModulusDegree = PolyModulusDegree,
        Scale = Scale,
        ParametersId = ParametersId,
        _data = Data.ToArray(),
    };

    internal void Reset(CkksContext context, int level, double scale)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.ValidateLevel(level);
        var length = checked((level + 1) * context.PolyModulusDegree);
        if (_data.Length < length)
        {
            _data = new ulong[length];
        }

        Level = level;
        PolyModulusDegree = context.PolyModulusDegree;
        Scale = scale;
        ParametersId = context.ParametersId;
    }

    internal void DropLastLimb() => Level--;
}
