using System.Runtime.Intrinsics;

namespace CareChain.Crypto.Arithmetic;

/// <summary>
/// Coefficient-wise arithmetic on residues modulo one prime. Additions use 256-bit vectors where the hardware has
/// them; products stay scalar because x64 has no vector 64×64→128 multiply below AVX-512 IFMA.
/// </summary>
internal static class PolyArithmetic
{
    public static void Add(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, Span<ulong> destination, ulong q)
    {
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var vq = Vector256.Create(q);
            for (; i <= a.Length - Vector256<ulong>.Count; i += Vector256<ulong>.Count)
            {
                var sum = Vector256.Create(a[i..]) + Vector256.Create(b[i..]);
                var reduce = Vector256.GreaterThanOrEqual(sum, vq);
                (sum - (vq & reduce)).CopyTo(destination[i..]);
            }
        }

        for (; i < a.Length; i++)
        {
            destination[i] = Modulus.SubtractIfNotBelow(a[i] + b[i], q);
        }
    }

    public static void Subtract(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, Span<ulong> destination, ulong q)
    {
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var vq = Vector256.Create(q);
            for (; i <= a.Length - Vector256<ulong>.Count; i += Vector256<ulong>.Count)
            {
                var va = Vector256.Create(a[i..]);
                var vb = Vector256.Create(b[i..]);
                var borrow = Vector256.LessThan(va, vb);
                (va - vb + (vq & borrow)).CopyTo(destination[i..]);
            }
        }

        for (; i < a.Length; i++)
        {
            destination[i] = Modulus.SubtractIfNotBelow(a[i] + q - b[i], q);
        }
    }

    public static void Negate(ReadOnlySpan<ulong> a, Span<ulong> destination, ulong q)
    {
        for (var i = 0; i < a.Length; i++)
        {
            destination[i] = Modulus.SubtractIfNotBelow(q - a[i], q);
        }
    }

    public static void Multiply(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, Span<ulong> destination, Modulus q)
    {
        for (var i = 0; i < a.Length; i++)
        {
            destination[i] = q.Multiply(a[i], b[i]);
        }
    }

    /// <summary>destination += a·b (mod q).</summary>
    public static void MultiplyAdd(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, Span<ulong> destination, Modulus q)
    {
        var value = q.Value;
        for (var i = 0; i < a.Length; i++)
        {
            destination[i] = Modulus.SubtractIfNotBelow(q.Multiply(a[i], b[i]) + destination[i], value);
        }
    }

    public static void MultiplyScalar(ReadOnlySpan<ulong> a, ulong scalar, Span<ulong> destination, Modulus q)
    {
        var reduced = q.Reduce(scalar);
        var shoup = q.ShoupFactor(reduced);
        for (var i = 0; i < a.Length; i++)
        {
            destination[i] = q.MultiplyShoup(a[i], reduced, shoup);
        }
    }

    /// <summary>Reduces values that are residues modulo another prime (any 64-bit value) into [0, q).</summary>
    public static void Reduce(ReadOnlySpan<ulong> a, Span<ulong> destination, Modulus q)
    {
        for (var i = 0; i < a.Length; i++)
        {
            destination[i] = q.Reduce(a[i]);
        }
    }

    /// <summary>
    /// Lifts residues modulo <paramref name="sourceModulus"/> to residues modulo q of their centred representatives
    /// in (-p/2, p/2]: centring halves the noise that key-switching digits multiply.
    /// </summary>
    public static void ReduceCentered(ReadOnlySpan<ulong> a, Span<ulong> destination, Modulus q, ulong sourceModulus)
    {
        var half = sourceModulus >> 1;
        var offset = q.Value - q.Reduce(sourceModulus);
        for (var i = 0; i < a.Length; i++)
        {
            var x = a[i];
            var negative = (ulong)((long)(half - x) >> 63);
            destination[i] = q.Reduce(x + (offset & negative));
        }
    }

    /// <summary>Applies a slot permutation: destination[i] = a[permutation[i]]. destination must not alias a.</summary>
    public static void Permute(ReadOnlySpan<ulong> a, ReadOnlySpan<int> permutation, Span<ulong> destination)
    {
        for (var i = 0; i < destination.Length; i++)
        {
            destination[i] = a[permutation[i]];
        }
    }
}
