using System.Buffers;
using System.Numerics;
using System.Runtime.InteropServices;

namespace CareChain.Crypto.Encoding;

/// <summary>
/// The CKKS canonical embedding of R = Z[X]/(X^N + 1) restricted to n = N/2 complex slots: slot j holds
/// m(ζ^(5^j mod 2N)) with ζ = exp(iπ/N). Under this ordering the automorphism X → X^(5^k mod 2N) rotates the slots
/// left by k, X → X^(2N−1) conjugates every slot, and the negacyclic product of two polynomials is the slot-wise
/// product of their slot vectors.
/// </summary>
/// <remarks>
/// <para>
/// A real polynomial m = Σ m_i X^i is folded into the complex polynomial u(Y) = Σ_{i&lt;n} (m_i + i·m_{i+n}) Y^i,
/// which agrees with m at every ζ^(5^j) because (ζ^(5^j))^n = i. Evaluating u at the n points of the rotation group
/// is the "special FFT" of Cheon, Kim, Kim and Song: a radix-2 decimation-in-time transform whose butterfly at
/// half-length h uses the twiddle ζ^((5^j mod 8h)·(2N/8h)) for j &lt; h, consuming bit-reversed input and producing
/// slots in natural order. The inverse runs the butterflies backwards with conjugate twiddles and divides by n.
/// Both directions cost O(N log N).
/// </para>
/// <para>
/// Instances are immutable after construction and every call rents its scratch space from a pool private to this
/// type, so one instance may be shared by any number of threads. The transforms do not allocate once the pool is
/// warm.
/// </para>
/// </remarks>
internal sealed class SlotEmbedding
{
    private const int MinDegree = 8;
    private const int MaxDegree = 65536;

    // Scratch holds plaintext values, so it never goes to ArrayPool<double>.Shared where unrelated code could rent it;
    // every call overwrites the whole prefix it reads before reading it.
    private static readonly ArrayPool<double> ScratchPool = ArrayPool<double>.Create(MaxDegree, 32);

    private readonly int _slotCount;
    private readonly int[] _bitReverse;
    private readonly int[] _rotationGroup;

    // Twiddles of the butterfly stage with half-length h (h = 1, 2, 4, …, n/2) live at [h, 2h): n − 1 entries in all.
    private readonly double[] _twiddleReal;
    private readonly double[] _twiddleImaginary;

    /// <summary>Precomputes the bit-reversal permutation, the rotation group 5^j mod 2N and the stage twiddles.</summary>
    /// <param name="polyModulusDegree">N, a power of two in [8, 65536].</param>
    public SlotEmbedding(int polyModulusDegree)
    {
        if (polyModulusDegree is < MinDegree or > MaxDegree || !BitOperations.IsPow2(polyModulusDegree))
        {
            throw new ArgumentOutOfRangeException(
                nameof(polyModulusDegree),
                polyModulusDegree,
                $"The polynomial modulus degree must be a power of two in [{MinDegree}, {MaxDegree}].");
        }

        PolyModulusDegree = polyModulusDegree;
        _slotCount = polyModulusDegree / 2;
        var n = _slotCount;
        var m = 2 * polyModulusDegree;

        var logSlots = BitOperations.Log2((uint)n);
        _bitReverse = new int[n];
        for (var i = 0; i < n; i++)
        {
            _bitReverse[i] = (int)(ReverseBits((uint)i) >> (32 - logSlots));
        }

        _rotationGroup = new int[n];
        var power = 1;
        for (var j = 0; j < n; j++)
        {
            _rotationGroup[j] = power;
            power = (int)(5L * power % m);
        }

        _twiddleReal = new double[n];
        _twiddleImaginary = new double[n];
        for (var half = 1; half < n; half <<= 1)
        {
            // The sub-transform of size 2h evaluates at the primitive (8h)-th roots ζ_{8h}^(5^j) = ζ^((5^j mod 8h)·2N/8h).
            var order = 8 * half;
            var stride = m / order;
            for (var j = 0; j < half; j++)
            {
                var exponent = (_rotationGroup[j] & (order - 1)) * stride;
                (_twiddleReal[half + j], _twiddleImaginary[half + j]) = RootOfUnity(exponent, m);
            }
        }
    }

    /// <summary>N, the degree of the ring's modulus polynomial X^N + 1.</summary>
    public int PolyModulusDegree { get; }

    /// <summary>n = N/2, the number of complex slots.</summary>
    public int SlotCount => _slotCount;

    /// <summary>The rotation group: entry j is 5^j mod 2N, the exponent of ζ at which slot j is evaluated.</summary>
    public ReadOnlySpan<int> RotationGroup => _rotationGroup;

    /// <summary>
    /// Inverse embedding: writes the N real coefficients (unscaled) of the unique real polynomial m of degree below N
    /// with m(ζ^(5^j mod 2N)) = z_j for every j in [0, n).
    /// </summary>
    /// <param name="slots">Exactly n slot values.</param>
    /// <param name="coefficients">Receives exactly N coefficients, m_0 first.</param>
    public void SlotsToCoefficients(ReadOnlySpan<Complex> slots, Span<double> coefficients)
    {
        var n = _slotCount;
        if (slots.Length != n)
        {
            throw new ArgumentException($"Expected exactly {n} slots but got {slots.Length}.", nameof(slots));
        }

        if (coefficients.Length != PolyModulusDegree)
        {
            throw new ArgumentException(
                $"Expected exactly {PolyModulusDegree} coefficients but got {coefficients.Length}.",
                nameof(coefficients));
        }

        var buffer = ScratchPool.Rent(2 * n);
        try
        {
            var real = buffer.AsSpan(0, n);
            var imaginary = buffer.AsSpan(n, n);
            for (var j = 0; j < n; j++)
            {
                real[j] = slots[j].Real;
                imaginary[j] = slots[j].Imaginary;
            }

            for (var half = n >> 1; half >= 1; half >>= 1)
            {
                InverseStage(real, imaginary, _twiddleReal.AsSpan(half, half), _twiddleImaginary.AsSpan(half, half));
            }

            // n is a power of two, so the scaling is exact.
            var scale = 1.0 / n;
            var bitReverse = _bitReverse.AsSpan(0, n);
            var low = coefficients[..n];
            var high = coefficients[n..];
            for (var i = 0; i < n; i++)
            {
                var source = bitReverse[i];
                low[i] = real[source] * scale;
                high[i] = imaginary[source] * scale;
            }
        }
        finally
        {
            ScratchPool.Return(buffer);
        }
    }

    /// <summary>Forward embedding: z_j = m(ζ^(5^j mod 2N)) for every j in [0, n).</summary>
    /// <param name="coefficients">Exactly N real coefficients, m_0 first.</param>
    /// <param name="slots">Receives exactly n slot values.</param>
    public void CoefficientsToSlots(ReadOnlySpan<double> coefficients, Span<Complex> slots)
    {
        var n = _slotCount;
        if (coefficients.Length != PolyModulusDegree)
        {
            throw new ArgumentException(
                $"Expected exactly {PolyModulusDegree} coefficients but got {coefficients.Length}.",
                nameof(coefficients));
        }

        if (slots.Length != n)
        {
            throw new ArgumentException($"Expected exactly {n} slots but got {slots.Length}.", nameof(slots));
        }

        var buffer = ScratchPool.Rent(2 * n);
        try
        {
            var real = buffer.AsSpan(0, n);
            var imaginary = buffer.AsSpan(n, n);
            var bitReverse = _bitReverse.AsSpan(0, n);
            var low = coefficients[..n];
            var high = coefficients[n..];
            for (var i = 0; i < n; i++)
            {
                var target = bitReverse[i];
                real[target] = low[i];
                imaginary[target] = high[i];
            }

            for (var half = 1; half < n; half <<= 1)
            {
                ForwardStage(real, imaginary, _twiddleReal.AsSpan(half, half), _twiddleImaginary.AsSpan(half, half));
            }

            for (var j = 0; j < n; j++)
            {
                slots[j] = new Complex(real[j], imaginary[j]);
            }
        }
        finally
        {
            ScratchPool.Return(buffer);
        }
    }

    /// <summary>One decimation-in-time stage: (a, b) → (a + w·b, a − w·b) over every block of length 2h.</summary>
    private static void ForwardStage(Span<double> real, Span<double> imaginary, ReadOnlySpan<double> twiddleReal, ReadOnlySpan<double> twiddleImaginary)
    {
        var half = twiddleReal.Length;
        var length = real.Length;
        if (Vector.IsHardwareAccelerated && half >= Vector<double>.Count)
        {
            var wr = MemoryMarshal.Cast<double, Vector<double>>(twiddleReal);
            var wi = MemoryMarshal.Cast<double, Vector<double>>(twiddleImaginary);
            for (var start = 0; start < length; start += 2 * half)
            {
                var ar = MemoryMarshal.Cast<double, Vector<double>>(real.Slice(start, half));
                var ai = MemoryMarshal.Cast<double, Vector<double>>(imaginary.Slice(start, half));
                var br = MemoryMarshal.Cast<double, Vector<double>>(real.Slice(start + half, half));
                var bi = MemoryMarshal.Cast<double, Vector<double>>(imaginary.Slice(start + half, half));
                for (var k = 0; k < wr.Length; k++)
                {
                    var xr = br[k];
                    var xi = bi[k];
                    var tr = (wr[k] * xr) - (wi[k] * xi);
                    var ti = (wr[k] * xi) + (wi[k] * xr);
                    var ur = ar[k];
                    var ui = ai[k];
                    ar[k] = ur + tr;
                    ai[k] = ui + ti;
                    br[k] = ur - tr;
                    bi[k] = ui - ti;
                }
            }

            return;
        }

        for (var start = 0; start < length; start += 2 * half)
        {
            for (var j = 0; j < half; j++)
            {
                var top = start + j;
                var bottom = top + half;
                var xr = real[bottom];
                var xi = imaginary[bottom];
                var tr = (twiddleReal[j] * xr) - (twiddleImaginary[j] * xi);
                var ti = (twiddleReal[j] * xi) + (twiddleImaginary[j] * xr);
                var ur = real[top];
                var ui = imaginary[top];
                real[top] = ur + tr;
                imaginary[top] = ui + ti;
                real[bottom] = ur - tr;
                imaginary[bottom] = ui - ti;
            }
        }
    }

    /// <summary>The inverse of <see cref="ForwardStage"/> up to a factor 2: (a, b) → (a + b, (a − b)·conj(w)).</summary>
    private static void InverseStage(Span<double> real, Span<double> imaginary, ReadOnlySpan<double> twiddleReal, ReadOnlySpan<double> twiddleImaginary)
    {
        var half = twiddleReal.Length;
        var length = real.Length;
        if (Vector.IsHardwareAccelerated && half >= Vector<double>.Count)
        {
            var wr = MemoryMarshal.Cast<double, Vector<double>>(twiddleReal);
            var wi = MemoryMarshal.Cast<double, Vector<double>>(twiddleImaginary);
            for (var start = 0; start < length; start += 2 * half)
            {
                var ar = MemoryMarshal.Cast<double, Vector<double>>(real.Slice(start, half));
                var ai = MemoryMarshal.Cast<double, Vector<double>>(imaginary.Slice(start, half));
                var br = MemoryMarshal.Cast<double, Vector<double>>(real.Slice(start + half, half));
                var bi = MemoryMarshal.Cast<double, Vector<double>>(imaginary.Slice(start + half, half));
                for (var k = 0; k < wr.Length; k++)
                {
                    var ur = ar[k];
                    var ui = ai[k];
                    var vr = br[k];
                    var vi = bi[k];
                    var dr = ur - vr;
                    var di = ui - vi;
                    ar[k] = ur + vr;
                    ai[k] = ui + vi;
                    br[k] = (dr * wr[k]) + (di * wi[k]);
                    bi[k] = (di * wr[k]) - (dr * wi[k]);
                }
            }

            return;
        }

        for (var start = 0; start < length; start += 2 * half)
        {
            for (var j = 0; j < half; j++)
            {
                var top = start + j;
                var bottom = top + half;
                var ur = real[top];
                var ui = imaginary[top];
                var vr = real[bottom];
                var vi = imaginary[bottom];
                var dr = ur - vr;
                var di = ui - vi;
                real[top] = ur + vr;
                imaginary[top] = ui + vi;
                real[bottom] = (dr * twiddleReal[j]) + (di * twiddleImaginary[j]);
                imaginary[bottom] = (di * twiddleReal[j]) - (dr * twiddleImaginary[j]);
            }
        }
    }

    /// <summary>
    /// exp(2πi·k/m) for m divisible by 8, from one direct Math.Cos/Math.Sin evaluation in the first octant so that the
    /// table is exactly symmetric (ζ^(m/4) is exactly i) and every entry carries one rounding, not an accumulation.
    /// </summary>
    private static (double Real, double Imaginary) RootOfUnity(int k, int m)
    {
        var quarter = m / 4;
        var eighth = m / 8;
        var quadrant = k / quarter;
        var r = k % quarter;
        double c;
        double s;
        if (r <= eighth)
        {
            var angle = 2.0 * Math.PI * r / m;
            c = Math.Cos(angle);
            s = Math.Sin(angle);
        }
        else
        {
            var angle = 2.0 * Math.PI * (quarter - r) / m;
            c = Math.Sin(angle);
            s = Math.Cos(angle);
        }

        // Multiply by i^quadrant: each quarter turn maps (c, s) to (−s, c).
        return (quadrant & 3) switch
        {
            0 => (c, s),
            1 => (-s, c),
            2 => (-c, -s),
            _ => (s, -c),
        };
    }

    private static uint ReverseBits(uint value)
    {
        value = ((value >> 1) & 0x55555555u) | ((value & 0x55555555u) << 1);
        value = ((value >> 2) & 0x33333333u) | ((value & 0x33333333u) << 2);
        value = ((value >> 4) & 0x0F0F0F0Fu) | ((value & 0x0F0F0F0Fu) << 4);
        value = ((value >> 8) & 0x00FF00FFu) | ((value & 0x00FF00FFu) << 8);
        return (value >> 16) | (value << 16);
    }
}
