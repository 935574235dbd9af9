using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CareChain.Crypto.Arithmetic;

/// <summary>
/// Four NTT butterflies at a time with AVX2. x64 has no vector 64×64-bit multiply below AVX-512, so each Shoup
/// product is assembled from 32×32→64-bit multiplies; the scalar butterfly is bound by its three 64-bit multiplies
/// on one port, while these spread over two vector ports, which is where the gain comes from.
/// </summary>
internal static class NttButterflies
{
    public static bool IsSupported => Avx2.IsSupported;

    /// <summary>Forward (Cooley–Tukey) butterflies over x[0..t) and y[0..t), t a multiple of 4; values in [0, 4q).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void Forward(ulong* x, ulong* y, int t, ulong w, ulong wShoup, ulong q)
    {
        var twoQ = Vector256.Create(2 * q);
        var constants = new ShoupConstants(w, wShoup, q);
        for (var j = 0; j < t; j += 4)
        {
            var u = SubtractIfNotBelow(Avx.LoadVector256(x + j), twoQ);
            var v = constants.MultiplyLazy(Avx.LoadVector256(y + j));
            Avx.Store(x + j, u + v);
            Avx.Store(y + j, u - v + twoQ);
        }
    }

    /// <summary>Inverse (Gentleman–Sande) butterflies over x[0..t) and y[0..t), t a multiple of 4; values in [0, 2q).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void Inverse(ulong* x, ulong* y, int t, ulong w, ulong wShoup, ulong q)
    {
        var twoQ = Vector256.Create(2 * q);
        var constants = new ShoupConstants(w, wShoup, q);
        for (var j = 0; j < t; j += 4)
        {
            var u = Avx.LoadVector256(x + j);
            var v = Avx.LoadVector256(y + j);
            Avx.Store(x + j, SubtractIfNotBelow(u + v, twoQ));
            Avx.Store(y + j, constants.MultiplyLazy(u - v + twoQ));
        }
    }

    /// <summary>
    /// The forward transform's last layer (t = 1) on adjacent pairs, with the final reduction to [0, q): pairs are
    /// de-interleaved within 128-bit lanes, so each lane pair needs its own twiddle, permuted to match.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void ForwardLastLayer(ulong* a, int n, ulong* roots, ulong* rootsShoup, ulong q)
    {
        var twoQ = Vector256.Create(2 * q);
        var oneQ = Vector256.Create(q);
        var half = n >> 1;
        for (var i = 0; i < half; i += 4)
        {
            var first = Avx.LoadVector256(a + (2 * i));
            var second = Avx.LoadVector256(a + (2 * i) + 4);
            var x = Avx2.UnpackLow(first, second);
            var y = Avx2.UnpackHigh(first, second);
            var w = Avx2.Permute4x64(Avx.LoadVector256(roots + half + i), 0b11_01_10_00);
            var wShoup = Avx2.Permute4x64(Avx.LoadVector256(rootsShoup + half + i), 0b11_01_10_00);
            var u = SubtractIfNotBelow(x, twoQ);
            var v = new ShoupConstants(w, wShoup, Vector256.Create(q)).MultiplyLazy(y);
            var sum = SubtractIfNotBelow(SubtractIfNotBelow(u + v, twoQ), oneQ);
            var difference = SubtractIfNotBelow(SubtractIfNotBelow(u - v + twoQ, twoQ), oneQ);
            Avx.Store(a + (2 * i), Avx2.UnpackLow(sum, difference));
            Avx.Store(a + (2 * i) + 4, Avx2.UnpackHigh(sum, difference));
        }
    }

    /// <summary>The inverse transform's last layer (t = N/2), folding in 1/N, with the final reduction to [0, q).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void InverseLastLayer(ulong* a, int n, ulong inverseN, ulong inverseNShoup, ulong w, ulong wShoup, ulong q)
    {
        var twoQ = Vector256.Create(2 * q);
        var oneQ = Vector256.Create(q);
        var scale = new ShoupConstants(inverseN, inverseNShoup, q);
        var twiddle = new ShoupConstants(w, wShoup, q);
        var half = n >> 1;
        for (var j = 0; j < half; j += 4)
        {
            var u = Avx.LoadVector256(a + j);
            var v = Avx.LoadVector256(a + half + j);
            var sum = SubtractIfNotBelow(u + v, twoQ);
            Avx.Store(a + j, SubtractIfNotBelow(scale.MultiplyLazy(sum), oneQ));
            Avx.Store(a + half + j, SubtractIfNotBelow(twiddle.MultiplyLazy(u - v + twoQ), oneQ));
        }
    }

    /// <summary>x − bound where x ≥ bound, lane by lane; values below 2^63 compare correctly as signed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> SubtractIfNotBelow(Vector256<ulong> x, Vector256<ulong> bound)
    {
        var below = Avx2.CompareGreaterThan(bound.AsInt64(), x.AsInt64()).AsUInt64();
        return x - Avx2.AndNot(below, bound);
    }

    /// <summary>A twiddle w, its Shoup factor and the modulus, split into 32-bit halves once per run of butterflies.</summary>
    private readonly struct ShoupConstants
    {
        private readonly Vector256<uint> _w;
        private readonly Vector256<uint> _wHigh;
        private readonly Vector256<uint> _shoup;
        private readonly Vector256<uint> _shoupHigh;
        private readonly Vector256<uint> _q;
        private readonly Vector256<uint> _qHigh;

        public ShoupConstants(ulong w, ulong wShoup, ulong q)
            : this(Vector256.Create(w), Vector256.Create(wShoup), Vector256.Create(q))
        {
        }

        public ShoupConstants(Vector256<ulong> w, Vector256<ulong> wShoup, Vector256<ulong> q)
        {
            _w = w.AsUInt32();
            _wHigh = Avx2.ShiftRightLogical(w, 32).AsUInt32();
            _shoup = wShoup.AsUInt32();
            _shoupHigh = Avx2.ShiftRightLogical(wShoup, 32).AsUInt32();
            _q = q.AsUInt32();
            _qHigh = Avx2.ShiftRightLogical(q, 32).AsUInt32();
        }

        /// <summary>y·w − floor(y·w'/2^64)·q, in [0, 2q): Harvey's lazy Shoup product, lane by lane.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector256<ulong> MultiplyLazy(Vector256<ulong> y)
        {
            var low32 = Vector256.Create(0xFFFF_FFFFUL);
            var yLow = y.AsUInt32();
            var yHigh = Avx2.ShiftRightLogical(y, 32).AsUInt32();

            // High 64 bits of y·w' from the four 32×32 partial products.
            var ll = Avx2.Multiply(yLow, _shoup);
            var lh = Avx2.Multiply(yLow, _shoupHigh);
            var hl = Avx2.Multiply(yHigh, _shoup);
            var hh = Avx2.Multiply(yHigh, _shoupHigh);
            var middle = Avx2.ShiftRightLogical(ll, 32) + (lh & low32) + (hl & low32);
            var quotient = hh + Avx2.ShiftRightLogical(lh, 32) + Avx2.ShiftRightLogical(hl, 32) + Avx2.ShiftRightLogical(middle, 32);

            // Low 64 bits of y·w and quotient·q; their difference is the result.
            var product = Avx2.Multiply(yLow, _w)
                + Avx2.ShiftLeftLogical(Avx2.Multiply(yLow, _wHigh) + Avx2.Multiply(yHigh, _w), 32);
            var quotientLow = quotient.AsUInt32();
            var quotientHigh = Avx2.ShiftRightLogical(quotient, 32).AsUInt32();
            var reduction = Avx2.Multiply(quotientLow, _q)
                + Avx2.ShiftLeftLogical(Avx2.Multiply(quotientLow, _qHigh) + Avx2.Multiply(quotientHigh, _q), 32);
            return product - reduction;
        }
    }
}
