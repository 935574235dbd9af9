using System.Numerics;
using System.Runtime.CompilerServices;

namespace CareChain.Crypto.Arithmetic;

/// <summary>
/// A prime (or any odd) modulus of at most <see cref="MaxBitCount"/> bits with the constants that make
/// reduction cheap: the 128-bit Barrett ratio floor(2^128 / q). The 61-bit ceiling leaves the headroom that
/// lazy NTT butterflies need (values up to 4q must fit in 64 bits).
/// </summary>
public sealed class Modulus : IEquatable<Modulus>
{
    public const int MaxBitCount = 61;

    private readonly ulong _ratioHigh;
    private readonly ulong _ratioLow;

    public Modulus(ulong value)
    {
        if (value < 2 || BitOperations.Log2(value) + 1 > MaxBitCount)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, $"A modulus must be between 2 and {MaxBitCount} bits.");
        }

        Value = value;
        BitCount = BitOperations.Log2(value) + 1;
        var ratio = UInt128.MaxValue / value;
        _ratioHigh = (ulong)(ratio >> 64);
        _ratioLow = (ulong)ratio;
    }

    public ulong Value { get; }

    /// <summary>
    /// x - bound when x ≥ bound, else x, for x &lt; 2·bound &lt; 2^63, without a branch: residues are random, so a
    /// branch here mispredicts half the time and doubles the cost of an NTT.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong SubtractIfNotBelow(ulong x, ulong bound)
    {
        x -= bound;
        return x + (bound & (ulong)((long)x >> 63));
    }

    public int BitCount { get; }

    /// <summary>x mod q for any 64-bit x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Reduce(ulong x)
    {
        var q = Math.BigMul(x, _ratioHigh, out _);
        return SubtractIfNotBelow(x - (q * Value), Value);
    }

    /// <summary>x mod q for a 128-bit x, by Barrett reduction with floor(2^128 / q).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Reduce(UInt128 x) => Reduce((ulong)(x >> 64), (ulong)x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Reduce(ulong high, ulong low)
    {
        // Estimate floor(x * ratio / 2^128) from the three partial products that reach the top word.
        var carry = Math.BigMul(low, _ratioLow, out _);
        var midHigh = Math.BigMul(low, _ratioHigh, out var midLow);
        var sum = midLow + carry;
        var top = midHigh + (sum < midLow ? 1UL : 0UL);
        var crossHigh = Math.BigMul(high, _ratioLow, out var crossLow);
        var sum2 = sum + crossLow;
        var quotient = (high * _ratioHigh) + top + crossHigh + (sum2 < sum ? 1UL : 0UL);
        return SubtractIfNotBelow(low - (quotient * Value), Value);
    }

    /// <summary>Reduces a signed integer to its residue in [0, q).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong ReduceSigned(long x) => x >= 0 ? Reduce((ulong)x) : Negate(Reduce((ulong)(-(x + 1)) + 1));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Add(ulong a, ulong b) => SubtractIfNotBelow(a + b, Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Subtract(ulong a, ulong b) => SubtractIfNotBelow(a + Value - b, Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Negate(ulong a) => SubtractIfNotBelow(Value - a, Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Multiply(ulong a, ulong b)
    {
        var high = Math.BigMul(a, b, out var low);
        return Reduce(high, low);
    }

    /// <summary>floor(w * 2^64 / q), the companion of a fixed multiplicand w &lt; q for Shoup multiplication.</summary>
    public ulong ShoupFactor(ulong w) => (ulong)(((UInt128)w << 64) / Value);

    /// <summary>x * w mod q with w's Shoup factor; x may be any 64-bit value. Result in [0, q).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong MultiplyShoup(ulong x, ulong w, ulong wShoup)
    {
        return SubtractIfNotBelow(MultiplyShoupLazy(x, w, wShoup, Value), Value);
    }

    /// <summary>x * w mod q with w's Shoup factor, left in [0, 2q).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong MultiplyShoupLazy(ulong x, ulong w, ulong wShoup, ulong q) =>
        (x * w) - (Math.BigMul(x, wShoup, out _) * q);

    public ulong Power(ulong value, ulong exponent)
    {
        var result = 1UL % Value;
        var b = Reduce(value);
        while (exponent != 0)
        {
            if ((exponent & 1) != 0)
            {
                result = Multiply(result, b);
            }

            b = Multiply(b, b);
            exponent >>= 1;
        }

        return result;
    }

    /// <summary>Inverse modulo q by the extended Euclidean algorithm; throws when none exists.</summary>
    public ulong Inverse(ulong value)
    {
        long t = 0, newT = 1;
        long r = (long)Value, newR = (long)Reduce(value);
        while (newR != 0)
        {
            var quotient = r / newR;
            (t, newT) = (newT, t - (quotient * newT));
            (r, newR) = (newR, r - (quotient * newR));
        }

        if (r != 1)
        {
            throw new ArgumentException($"{value} has no inverse modulo {Value}.", nameof(value));
        }

        return t < 0 ? (ulong)(t + (long)Value) : (ulong)t;
    }

    public bool Equals(Modulus? other) => other is not null && other.Value == Value;

    public override bool Equals(object? obj) => Equals(obj as Modulus);

    public override int GetHashCode() => Value.GetHashCode();

    public override string ToString() => $"{Value} ({BitCount} bits)";
}
