using System.Buffers;
using CareChain.Crypto.Arithmetic;
using CareChain.Crypto.Keys;
using CareChain.Crypto.Parameters;

namespace CareChain.Crypto.Evaluation;

/// <summary>
/// Hybrid key switching with one special prime: decompose the part to switch by RNS limb, multiply each digit by
/// the matching key component modulo q_0 … q_l and P, then divide by P with rounding.
/// </summary>
internal static class KeySwitch
{
    /// <summary>
    /// Adds the switched form of <paramref name="target"/> (NTT form, level + 1 limbs) to <paramref name="output0"/>
    /// and <paramref name="output1"/>.
    /// </summary>
    public static unsafe void Apply(
        CkksContext context, ReadOnlySpan<ulong> target, int level, KeySwitchingKey key, Span<ulong> output0, Span<ulong> output1)
    {
        var n = context.PolyModulusDegree;
        var digits = level + 1;
        var special = context.KeyModulusCount - 1;
        var outLimbs = digits + 1;
        var coefficientLength = digits * n;
        var resultLength = outLimbs * n;

        var rented = ArrayPool<ulong>.Shared.Rent(coefficientLength + (2 * resultLength));
        try
        {
            var coefficients = rented.AsSpan(0, coefficientLength);
            var result0 = rented.AsSpan(coefficientLength, resultLength);
            var result1 = rented.AsSpan(coefficientLength + resultLength, resultLength);
            target[..coefficientLength].CopyTo(coefficients);
            RnsPolynomial.InverseNtt(context, coefficients, digits);

            fixed (ulong* pinnedTarget = target)
            {
                var targetAddress = (nint)pinnedTarget;
                LimbParallel.For(outLimbs, n, r => AccumulateLimb(
                    context,
                    new ReadOnlySpan<ulong>((ulong*)targetAddress, coefficientLength),
                    rented.AsSpan(0, coefficientLength),
                    digits,
                    r < digits ? r : special,
                    key,
                    rented.AsSpan(coefficientLength + (r * n), n),
                    rented.AsSpan(coefficientLength + resultLength + (r * n), n)));
            }

            RnsPolynomial.DivideRoundByLast(context, rented.AsSpan(coefficientLength, 2 * resultLength), 2, outLimbs, special);
            RnsPolynomial.Add(context, output0, result0, output0, digits);
            RnsPolynomial.Add(context, output1, result1, output1, digits);
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(rented);
        }
    }

    /// <summary>Σ_j digit_j · key_j modulo one prime: digits lifted to that prime first, then one pass summing in 128 bits.</summary>
    private static unsafe void AccumulateLimb(
        CkksContext context,
        ReadOnlySpan<ulong> target,
        ReadOnlySpan<ulong> coefficients,
        int digits,
        int prime,
        KeySwitchingKey key,
        Span<ulong> result0,
        Span<ulong> result1)
    {
        var n = context.PolyModulusDegree;
        var q = context.Moduli[prime];
        var rented = ArrayPool<ulong>.Shared.Rent(digits * n);
        try
        {
            var lifted = rented.AsSpan(0, digits * n);
            for (var j = 0; j < digits; j++)
            {
                var digit = lifted.Slice(j * n, n);
                if (j == prime)
                {
                    // The digit modulo its own prime is the target limb itself, already in NTT form.
                    target.Slice(j * n, n).CopyTo(digit);
                }
                else
                {
                    PolyArithmetic.ReduceCentered(coefficients.Slice(j * n, n), digit, q, context.Moduli[j].Value);
                    Ntt.Forward(digit, context.NttTables[prime]);
                }
            }

            // Products are below 2^122 and there are at most 15 digits, so 128-bit sums cannot overflow.
            fixed (ulong* digitBase = lifted)
            fixed (ulong* keyBase = key.Data)
            fixed (ulong* out0 = result0)
            fixed (ulong* out1 = result1)
            {
                var keyStride = (long)key.KeyModulusCount * n;
                for (var t = 0; t < n; t++)
                {
                    UInt128 sum0 = 0;
                    UInt128 sum1 = 0;
                    for (var j = 0; j < digits; j++)
                    {
                        var x = digitBase[((long)j * n) + t];
                        var b = keyBase + (2 * j * keyStride) + ((long)prime * n);
                        sum0 += Math.BigMul(x, b[t]);
                        sum1 += Math.BigMul(x, b[keyStride + t]);
                    }

                    out0[t] = q.Reduce(sum0);
                    out1[t] = q.Reduce(sum1);
                }
            }
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(rented);
        }
    }
}
