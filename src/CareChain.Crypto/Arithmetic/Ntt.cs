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
        ArgumentNullException.ThrowIfNull(tables);
        var n = tables.PolyModulusDegree;
        if (values.Length != n)
        {
            throw new ArgumentException($"Expected {n} coefficients, got {values.Length}.", nameof(values));
        }

        var q = tables.Modulus.Value;
        var twoQ = 2 * q;
        fixed (ulong* a = values)
        fixed (ulong* roots = tables.RootPowers)
        fixed (ulong* rootsShoup = tables.RootPowersShoup)
        {
            var t = n;
            for (var m = 1; m < n; m <<= 1)
            {
                t >>= 1;
                for (var i = 0; i < m; i++)
                {
                    var w = roots[m + i];
                    var wShoup = rootsShoup[m + i];
                    var x = a + (2 * i * t);
                    var y = x + t;
                    for (var j = 0; j < t; j++)
                    {
                        var u = x[j];
                        u = u >= twoQ ? u - twoQ : u;
                        var v = Modulus.MultiplyShoupLazy(y[j], w, wShoup, q);
                        x[j] = u + v;
                        y[j] = u - v + twoQ;
                    }
                }
            }

            for (var j = 0; j < n; j++)
            {
                var u = a[j];
                u = u >= twoQ ? u - twoQ : u;
                a[j] = u >= q ? u - q : u;
            }
        }
    }

    /// <summary>In-place inverse transform including the 1/N factor; input in [0, 2q) bit-reversed, output in [0, q).</summary>
    public static unsafe void Inverse(Span<ulong> values, NttTables tables)
    {
        ArgumentNullException.ThrowIfNull(tables);
        var n = tables.PolyModulusDegree;
        if (values.Length != n)
        {
            throw new ArgumentException($"Expected {n} coefficients, got {values.Length}.", nameof(values));
        }

        var q = tables.Modulus.Value;
        var twoQ = 2 * q;
        fixed (ulong* a = values)
        fixed (ulong* roots = tables.InverseRootPowers)
        fixed (ulong* rootsShoup = tables.InverseRootPowersShoup)
        {
            var t = 1;
            for (var m = n; m > 2; m >>= 1)
            {
                var h = m >> 1;
                for (var i = 0; i < h; i++)
                {
                    var w = roots[h + i];
                    var wShoup = rootsShoup[h + i];
                    var x = a + (2 * i * t);
                    var y = x + t;
                    for (var j = 0; j < t; j++)
                    {
                        var u = x[j];
                        var v = y[j];
                        var sum = u + v;
                        x[j] = sum >= twoQ ? sum - twoQ : sum;
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
            for (var j = 0; j < half; j++)
            {
                var u = a[j];
                var v = a[j + half];
                var sum = u + v;
                sum = sum >= twoQ ? sum - twoQ : sum;
                var x = Modulus.MultiplyShoupLazy(sum, inverseN, inverseNShoup, q);
                var y = Modulus.MultiplyShoupLazy(u - v + twoQ, lastW, lastWShoup, q);
                a[j] = x >= q ? x - q : x;
                a[j + half] = y >= q ? y - q : y;
            }
        }
    }
}
