using System.Numerics;

namespace CareChain.Crypto.Arithmetic;

/// <summary>
/// A residue number system base q_0 … q_l and the constants to lift residues back to an integer modulo
/// Q = ∏ q_i by the Chinese remainder theorem: x = Σ [x_i · (Q/q_i)^-1]_{q_i} · (Q/q_i) mod Q, held in 64-bit words.
/// </summary>
internal sealed class RnsBase
{
    private readonly Modulus[] _moduli;
    private readonly ulong[] _product;
    private readonly ulong[] _halfProduct;
    private readonly ulong[][] _punctured;
    private readonly ulong[] _inversePunctured;
    private readonly ulong[] _inversePuncturedShoup;
    private readonly ulong[] _puncturedLow;
    private readonly ulong[] _puncturedHigh;
    private readonly double[] _inverseModuli;
    private readonly ulong _productLow;
    private readonly ulong _productHigh;
    private readonly int _checkedResidues;

    public RnsBase(ReadOnlySpan<Modulus> moduli)
    {
        _moduli = moduli.ToArray();
        var product = BigInteger.One;
        foreach (var q in _moduli)
        {
            product *= q.Value;
        }

        WordCount = (int)((product.GetBitLength() + 63) / 64) + 1;
        _product = ToWords(product, WordCount);
        _halfProduct = ToWords(product >> 1, WordCount);
        _punctured = new ulong[_moduli.Length][];
        _inversePunctured = new ulong[_moduli.Length];
        _inversePuncturedShoup = new ulong[_moduli.Length];
        for (var i = 0; i < _moduli.Length; i++)
        {
            var punctured = product / _moduli[i].Value;
            _punctured[i] = ToWords(punctured, WordCount);
            _inversePunctured[i] = _moduli[i].Inverse((ulong)(punctured % _moduli[i].Value));
            _inversePuncturedShoup[i] = _moduli[i].ShoupFactor(_inversePunctured[i]);
        }

        ProductBits = (int)product.GetBitLength();
        var mask64 = (BigInteger)ulong.MaxValue;
        _puncturedLow = [.. _moduli.Select(q => (ulong)((product / q.Value) & mask64))];
        _puncturedHigh = [.. _moduli.Select(q => (ulong)(((product / q.Value) >> 64) & mask64))];
        _productLow = (ulong)(product & mask64);
        _productHigh = (ulong)((product >> 64) & mask64);
        _inverseModuli = [.. _moduli.Select(q => 1.0 / q.Value)];

        // A fast result that wrapped modulo 2^128 is off by k·2^128 with 0 < |k| ≤ Q/2^128; while that bound is
        // below q_0, the residue modulo q_0 alone exposes it, and past it every residue is compared. (A misrounded v
        // only happens for |x| within a few ulps of Q/2, where x and x ∓ Q are equally central.)
        _checkedResidues = ProductBits - 128 < _moduli[0].BitCount - 1 ? 1 : _moduli.Length;
    }

    public int Count => _moduli.Length;

    public int WordCount { get; }

    public int ProductBits { get; }

    /// <summary>
    /// The centred value in (-Q/2, Q/2] of the integer with residues <paramref name="residues"/>[i·stride + index],
    /// as the nearest double.
    /// </summary>
    public double ComposeCentered(ReadOnlySpan<ulong> residues, int stride, int index, Span<ulong> scratch)
    {
        if (_moduli.Length == 1)
        {
            var x = residues[index];
            var q = _moduli[0].Value;
            return x > q >> 1 ? -(double)(q - x) : x;
        }

        // x = Σ y_i·(Q/q_i) − v·Q where v = round(Σ y_i/q_i). When x is small next to Q, as any value worth
        // decoding is, the sum is computed modulo 2^128 in two words and v in floating point.
        ulong low = 0;
        ulong high = 0;
        var estimate = 0.0;
        for (var i = 0; i < _moduli.Length; i++)
        {
            var y = _moduli[i].MultiplyShoup(residues[(i * stride) + index], _inversePunctured[i], _inversePuncturedShoup[i]);
            var productHigh = Math.BigMul(y, _puncturedLow[i], out var productLow);
            low += productLow;
            high += productHigh + (y * _puncturedHigh[i]) + (low < productLow ? 1UL : 0UL);
            estimate += y * _inverseModuli[i];
        }

        var v = (ulong)Math.Round(estimate);
        var subtractHigh = Math.BigMul(v, _productLow, out var subtractLow) + (v * _productHigh);
        var borrow = low < subtractLow ? 1UL : 0UL;
        low -= subtractLow;
        high -= subtractHigh + borrow;

        // Below 2^127 the result modulo 2^128 is the centred value itself. Above, a value that wrapped (|x| ≥ 2^127)
        // or a misrounded v betrays itself by disagreeing with the residues, and the exact path takes over.
        if (ProductBits > 127 && !MatchesResidues(high, low, residues, stride, index))
        {
            return ComposeExact(residues, stride, index, scratch);
        }

        // Values within ±2^63 (nearly all) convert directly; the rest go through Int128.
        return (high == 0 && (long)low >= 0) || (high == ulong.MaxValue && (long)low < 0)
            ? (long)low
            : (double)(Int128)new UInt128(high, low);
    }

    private bool MatchesResidues(ulong high, ulong low, ReadOnlySpan<ulong> residues, int stride, int index)
    {
        var negative = (long)high < 0;
        if (negative)
        {
            // Two's complement negation of the 128-bit value.
            low = ~low + 1;
            high = ~high + (low == 0 ? 1UL : 0UL);
        }

        for (var i = 0; i < _checkedResidues; i++)
        {
            var q = _moduli[i];
            var residue = high == 0 ? q.Reduce(low) : q.Reduce(high, low);
            if ((negative ? q.Negate(residue) : residue) != residues[(i * stride) + index])
            {
                return false;
            }
        }

        return true;
    }

    private double ComposeExact(ReadOnlySpan<ulong> residues, int stride, int index, Span<ulong> scratch)
    {
        var words = WordCount;
        var accumulator = scratch[..words];
        accumulator.Clear();
        for (var i = 0; i < _moduli.Length; i++)
        {
            var y = _moduli[i].MultiplyShoup(residues[(i * stride) + index], _inversePunctured[i], _inversePuncturedShoup[i]);
            MultiplyAdd(accumulator, _punctured[i], y);
        }

        // The sum is below Count·Q, so a few subtractions finish the reduction.
        while (Compare(accumulator, _product) >= 0)
        {
            Subtract(accumulator, _product, accumulator);
        }

        if (Compare(accumulator, _halfProduct) > 0)
        {
            Subtract(_product, accumulator, accumulator);
            return -ToDouble(accumulator);
        }

        return ToDouble(accumulator);
    }

    private static ulong[] ToWords(BigInteger value, int count)
    {
        var words = new ulong[count];
        var mask = (BigInteger)ulong.MaxValue;
        for (var i = 0; i < count; i++)
        {
            words[i] = (ulong)(value & mask);
            value >>= 64;
        }

        return words;
    }

    private static void MultiplyAdd(Span<ulong> accumulator, ReadOnlySpan<ulong> value, ulong factor)
    {
        ulong carry = 0;
        for (var j = 0; j < accumulator.Length; j++)
        {
            var high = Math.BigMul(value[j], factor, out var low);
            var sum = (UInt128)accumulator[j] + low + carry;
            accumulator[j] = (ulong)sum;
            carry = high + (ulong)(sum >> 64);
        }
    }

    private static int Compare(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b)
    {
        for (var j = a.Length - 1; j >= 0; j--)
        {
            if (a[j] != b[j])
            {
                return a[j] > b[j] ? 1 : -1;
            }
        }

        return 0;
    }

    private static void Subtract(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, Span<ulong> destination)
    {
        ulong borrow = 0;
        for (var j = 0; j < a.Length; j++)
        {
            var difference = a[j] - b[j] - borrow;
            borrow = (a[j] < b[j]) || (a[j] == b[j] && borrow != 0) ? 1UL : 0UL;
            destination[j] = difference;
        }
    }

    private static double ToDouble(ReadOnlySpan<ulong> words)
    {
        double result = 0;
        for (var j = words.Length - 1; j >= 0; j--)
        {
            result = (result * 18446744073709551616.0) + words[j];
        }

        return result;
    }
}
