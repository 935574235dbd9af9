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
    public static void Apply(
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
            for (var j = 0; j < digits; j++)
            {
                Ntt.Inverse(coefficients.Slice(j * n, n), context.NttTables[j]);
            }

            for (var r = 0; r < outLimbs; r++)
            {
                var prime = r < digits ? r : special;
                AccumulateLimb(context, target, coefficients, digits, prime, key, result0.Slice(r * n, n), result1.Slice(r * n, n));
            }

            RnsPolynomial.DivideRoundByLast(context, result0, outLimbs, special);
            RnsPolynomial.DivideRoundByLast(context, result1, outLimbs, special);
            RnsPolynomial.Add(context, output0, result0, output0, digits);
            RnsPolynomial.Add(context, output1, result1, output1, digits);
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(rented);
        }
    }

    /// <summary>Σ_j digit_j · key_j modulo one prime, accumulated in 128 bits and reduced once.</summary>
    private static void AccumulateLimb(
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
        var rentedDigit = ArrayPool<ulong>.Shared.Rent(n);
        var accumulator = ArrayPool<UInt128>.Shared.Rent(2 * n);
        try
        {
            var digit = rentedDigit.AsSpan(0, n);
            var sum0 = accumulator.AsSpan(0, n);
            var sum1 = accumulator.AsSpan(n, n);
            sum0.Clear();
            sum1.Clear();
            for (var j = 0; j < digits; j++)
            {
                ReadOnlySpan<ulong> source;
                if (j == prime)
                {
                    // The digit modulo its own prime is the target limb itself, already in NTT form.
                    source = target.Slice(j * n, n);
                }
                else
                {
                    PolyArithmetic.Reduce(coefficients.Slice(j * n, n), digit, q);
                    Ntt.Forward(digit, context.NttTables[prime]);
                    source = digit;
                }

                var key0 = key.Limb(j, 0, prime);
                var key1 = key.Limb(j, 1, prime);
                for (var t = 0; t < n; t++)
                {
                    sum0[t] += Math.BigMul(source[t], key0[t]);
                    sum1[t] += Math.BigMul(source[t], key1[t]);
                }
            }

            for (var t = 0; t < n; t++)
            {
                result0[t] = q.Reduce(sum0[t]);
                result1[t] = q.Reduce(sum1[t]);
            }
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(rentedDigit);
            ArrayPool<UInt128>.Shared.Return(accumulator);
        }
    }
}
