namespace CareChain.Crypto.Arithmetic;

/// <summary>
/// Negacyclic number-theoretic transform with Harvey's lazy butterflies: intermediate values stay in [0, 4q)
/// and are reduced once at the end, and every twiddle multiplication is a Shoup multiplication.
/// </summary>
public static class Ntt
{
    /// <summary>In-place forward transform; input coefficients in [0, 4q), output in [0, q), bit-reversed order.</summary>
    public static unsafe void Forward(Span<ulong> values, NttTables tables)
    {
        var n = Validate(values, tables);
        var q = tables.Modulus.Value;
        var twoQ = 2 * q;
        var vectorized = NttButterflies.IsSupported;
        fixed (ulong* a = values)
        fixed (ulong* roots = tables.RootPowers)
        fixed (ulong* rootsShoup = tables.RootPowersShoup)
        {
            var t = n;
            for (var m = 1; m < n >> 1; m <<= 1)
            {
                t >>= 1;
                for (var i = 0; i < m; i++)
                {
                    var w = roots[m + i];
                    var wShoup = rootsShoup[m + i];
                    var x = a + (2 * i * t);
                    var y = x + t;
                    if (vectorized && t >= 4)
                    {
                        NttButterflies.Forward(x, y, t, w, wShoup, q);
                        continue;
                    }

                    for (var j = 0; j < t; j++)
                    {
                        var u = Modulus.SubtractIfNotBelow(x[j], twoQ);
                        var v = Modulus.MultiplyShoupLazy(y[j], w, wShoup, q);
                        x[j] = u + v;
                        y[j] = u - v + twoQ;
                    }
                }
            }

            // Last layer (t = 1): butterflies on adjacent pairs, with the final reduction to [0, q) folded in.
            var half = n >> 1;
            if (vectorized && n >= 8)
            {
                NttButterflies.ForwardLastLayer(a, n, roots, rootsShoup, q);
                return;
            }

            for (var i = 0; i < half; i++)
            {
                var x = a + (2 * i);
                var u = Modulus.SubtractIfNotBelow(x[0], twoQ);
                var v = Modulus.MultiplyShoupLazy(x[1], roots[half + i], rootsShoup[half + i], q);
                x[0] = Modulus.SubtractIfNotBelow(Modulus.SubtractIfNotBelow(u + v, twoQ), q);
                x[1] = Modulus.SubtractIfNotBelow(Modulus.SubtractIfNotBelow(u - v + twoQ, twoQ), q);
            }
        }
    }

    /// <summary>In-place inverse transform including the 1/N factor; input in [0, 2q) bit-reversed, output in [0, q).</summary>
    public static unsafe void Inverse(Span<ulong> values, NttTables tables)
    {
        var n = Validate(values, tables);
        var q = tables.Modulus.Value;
        var twoQ = 2 * q;
        var vectorized = NttButterflies.IsSupported;
        fixed (ulong* a = values)
        fixed (ulong* roots = tables.InverseRootPowers)
        fixed (ulong* rootsShoup = tables.InverseRootPowersShoup)
        {
            // First layer (t = 1): adjacent pairs, without the inner-loop bookkeeping.
            var pairs = n >> 1;
            for (var i = 0; i < pairs; i++)
            {
                var x = a + (2 * i);
                var u = x[0];
                var v = x[1];
                x[0] = Modulus.SubtractIfNotBelow(u + v, twoQ);
                x[1] = Modulus.MultiplyShoupLazy(u - v + twoQ, roots[pairs + i], rootsShoup[pairs + i], q);
            }

            var t = 2;
            for (var m = n >> 1; m > 2; m >>= 1)
            {
                var h = m >> 1;
                for (var i = 0; i < h; i++)
                {
                    var w = roots[h + i];
                    var wShoup = rootsShoup[h + i];
                    var x = a + (2 * i * t);
                    var y = x + t;
                    if (vectorized && t >= 4)
                    {
                        NttButterflies.Inverse(x, y, t, w, wShoup, q);
                        continue;
                    }

                    for (var j = 0; j < t; j++)
                    {
                        var u = x[j];
                        var v = y[j];
                        x[j] = Modulus.SubtractIfNotBelow(u + v, twoQ);
                        y[j] = Modulus.MultiplyShoupLazy(u - v + twoQ, w, wShoup, q);
                    }
                }

                t <<= 1;
            }

            // Last layer folds in 1/N: x' = (u + v)/N and y' = (u - v)·ψ^-1/N with precomputed products.
            var inverseN = tables.InverseDegree;
            var inverseNShoup = tables.InverseDegreeShoup;
            var lastW = tables.Modulus.Multiply(roots[1], inverseN);
            var lastWShoup = tables.Modulus.ShoupFactor(lastW);
            var half = n >> 1;
            if (vectorized && n >= 8)
            {
                NttButterflies.InverseLastLayer(a, n, inverseN, inverseNShoup, lastW, lastWShoup, q);
                return;
            }

            for (var j = 0; j < half; j++)
            {
                var u = a[j];
                var v = a[j + half];
                var sum = Modulus.SubtractIfNotBelow(u + v, twoQ);
                var x = Modulus.MultiplyShoupLazy(sum, inverseN, inverseNShoup, q);
                var y = Modulus.MultiplyShoupLazy(u - v + twoQ, lastW, lastWShoup, q);
                a[j] = Modulus.SubtractIfNotBelow(x, q);
                a[j + half] = Modulus.SubtractIfNotBelow(y, q);
            }
        }
    }

    private static int Validate(Span<ulong> values, NttTables tables)
    {
        ArgumentNullException.ThrowIfNull(tables);
        var n = tables.PolyModulusDegree;
        if (values.Length != n)
        {
            throw new ArgumentException($"Expected {n} coefficients, got {values.Length}.", nameof(values));
        }

        return n;
    }
}
