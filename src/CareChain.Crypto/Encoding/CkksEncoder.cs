using System.Buffers;
using System.Numerics;
using CareChain.Crypto.Arithmetic;
using CareChain.Crypto.Encryption;
using CareChain.Crypto.Parameters;

namespace CareChain.Crypto.Encoding;

/// <summary>
/// Encodes up to N/2 real or complex values as one plaintext: the inverse canonical embedding, multiplied by the
/// scale and rounded, reduced modulo each prime of the level and transformed to NTT form. Decoding inverts each
/// step, lifting residues back to integers by the CRT. Thread-safe.
/// </summary>
public sealed class CkksEncoder(CkksContext context) : ICkksEncoder
{
    private const double TwoPow63 = 9223372036854775808.0;

    private readonly CkksContext _context = context ?? throw new ArgumentNullException(nameof(context));

    public int SlotCount => _context.SlotCount;

    /// <summary>Encodes at the top level.</summary>
    public void Encode(ReadOnlySpan<double> values, double scale, Plaintext destination) =>
        Encode(values, _context.MaxLevel, scale, destination);

    /// <summary>Encodes at the top level.</summary>
    public void Encode(ReadOnlySpan<Complex> values, double scale, Plaintext destination) =>
        Encode(values, _context.MaxLevel, scale, destination);

    public void Encode(ReadOnlySpan<double> values, int level, double scale, Plaintext destination)
    {
        CheckCount(values.Length);
        var slots = ArrayPool<Complex>.Shared.Rent(SlotCount);
        try
        {
            var span = slots.AsSpan(0, SlotCount);
            span.Clear();
            for (var i = 0; i < values.Length; i++)
            {
                span[i] = new Complex(values[i], 0);
            }

            Encode(span, level, scale, destination);
        }
        finally
        {
            ArrayPool<Complex>.Shared.Return(slots);
        }
    }

    public void Encode(ReadOnlySpan<Complex> values, int level, double scale, Plaintext destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        CheckCount(values.Length);
        _context.ValidateLevel(level);
        OperandGuard.ScaleFits(_context, "Encode", level, scale);
        var n = _context.PolyModulusDegree;
        var slotsRented = ArrayPool<Complex>.Shared.Rent(SlotCount);
        var coefficientsRented = ArrayPool<double>.Shared.Rent(n);
        try
        {
            var slots = slotsRented.AsSpan(0, SlotCount);
            slots.Clear();
            for (var i = 0; i < values.Length; i++)
            {
                var value = values[i];
                if (!double.IsFinite(value.Real) || !double.IsFinite(value.Imaginary))
                {
                    throw new ArgumentException($"Value {i} is not a finite number.", nameof(values));
                }

                slots[i] = value;
            }

            var coefficients = coefficientsRented.AsSpan(0, n);
            _context.Embedding.SlotsToCoefficients(slots, coefficients);

            var maxMagnitude = 0.0;
            for (var j = 0; j < n; j++)
            {
                coefficients[j] = Math.Round(coefficients[j] * scale);
                maxMagnitude = Math.Max(maxMagnitude, Math.Abs(coefficients[j]));
            }

            if (!double.IsFinite(maxMagnitude) || (maxMagnitude >= 1 && Math.Log2(maxMagnitude) + 2 > _context.LevelModulusBits(level)))
            {
                throw new ArgumentException(
                    $"Encode: values times scale {OperandGuard.Describe(scale)} do not fit the {_context.LevelModulusBits(level)}-bit modulus at level {level}.",
                    nameof(values));
            }

            destination.Reset(_context, level, scale);
            WriteResidues(coefficients, destination, maxMagnitude < TwoPow63);
            RnsPolynomial.ForwardNtt(_context, destination.Data, level + 1);
        }
        finally
        {
            ArrayPool<Complex>.Shared.Return(slotsRented);
            ArrayPool<double>.Shared.Return(coefficientsRented);
        }
    }

    /// <summary>Encodes one real value into every slot: a constant polynomial, the same residue in every NTT slot.</summary>
    public void Encode(double value, int level, double scale, Plaintext destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        _context.ValidateLevel(level);
        OperandGuard.ScaleFits(_context, "Encode", level, scale);
        var scaled = Math.Round(value * scale);
        if (!double.IsFinite(scaled) || (Math.Abs(scaled) >= 1 && Math.Log2(Math.Abs(scaled)) + 2 > _context.LevelModulusBits(level)))
        {
            throw new ArgumentException($"Encode: {value} times scale {OperandGuard.Describe(scale)} does not fit at level {level}.", nameof(value));
        }

        destination.Reset(_context, level, scale);
        var big = new BigInteger(scaled);
        for (var i = 0; i <= level; i++)
        {
            var q = _context.Moduli[i].Value;
            var residue = (ulong)(((big % q) + q) % q);
            destination.Limb(i).Fill(residue);
        }

    }

    /// <summary>Decodes the real parts of the first destination.Length slots.</summary>
    public void Decode(Plaintext plaintext, Span<double> destination)
    {
        CheckCount(destination.Length);
        var slots = ArrayPool<Complex>.Shared.Rent(SlotCount);
        try
        {
            var span = slots.AsSpan(0, SlotCount);
            Decode(plaintext, span);
            for (var i = 0; i < destination.Length; i++)
            {
                destination[i] = span[i].Real;
            }
        }
        finally
        {
            ArrayPool<Complex>.Shared.Return(slots);
        }
    }

    public void Decode(Plaintext plaintext, Span<Complex> destination)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        CheckCount(destination.Length);
        OperandGuard.SameParameters(_context, plaintext.ParametersId, "plaintext");
        var n = _context.PolyModulusDegree;
        var limbs = plaintext.LimbCount;
        var basis = _context.LevelBase(plaintext.Level);
        var residuesRented = ArrayPool<ulong>.Shared.Rent(limbs * n);
        var coefficientsRented = ArrayPool<double>.Shared.Rent(n);
        var slotsRented = ArrayPool<Complex>.Shared.Rent(SlotCount);
        try
        {
            var residues = residuesRented.AsSpan(0, limbs * n);
            plaintext.Data.CopyTo(residues);
            RnsPolynomial.InverseNtt(_context, residues, limbs);

            // The CRT lift is independent per coefficient: two halves, one per core where there are two.
            var inverseScale = 1.0 / plaintext.Scale;
            LimbParallel.For(2, n, half =>
            {
                var scratch = ArrayPool<ulong>.Shared.Rent(basis.WordCount);
                try
                {
                    var start = half * (n / 2);
                    for (var j = start; j < start + (n / 2); j++)
                    {
                        coefficientsRented[j] = basis.ComposeCentered(residuesRented, n, j, scratch) * inverseScale;
                    }
                }
                finally
                {
                    ArrayPool<ulong>.Shared.Return(scratch);
                }
            });

            var coefficients = coefficientsRented.AsSpan(0, n);
            var slots = slotsRented.AsSpan(0, SlotCount);
            _context.Embedding.CoefficientsToSlots(coefficients, slots);
            slots[..destination.Length].CopyTo(destination);
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(residuesRented);
            ArrayPool<double>.Shared.Return(coefficientsRented);
            ArrayPool<Complex>.Shared.Return(slotsRented);
        }
    }

    private void WriteResidues(ReadOnlySpan<double> coefficients, Plaintext destination, bool fitsInt64)
    {
        var n = _context.PolyModulusDegree;
        for (var i = 0; i < destination.LimbCount; i++)
        {
            var q = _context.Moduli[i];
            var limb = destination.Limb(i);
            if (fitsInt64)
            {
                for (var j = 0; j < n; j++)
                {
                    limb[j] = q.ReduceSigned((long)coefficients[j]);
                }
            }
            else
            {
                // Coefficients beyond 2^63 (large scales at high levels) are exact integers as doubles; BigInteger
                // reduces them without losing bits.
                for (var j = 0; j < n; j++)
                {
                    var big = new BigInteger(coefficients[j]);
                    limb[j] = (ulong)(((big % q.Value) + q.Value) % q.Value);
                }
            }
        }
    }

    private void CheckCount(int count)
    {
        if (count > SlotCount)
        {
            throw new ArgumentException($"At most {SlotCount} values fit in one plaintext; got {count}.");
        }
    }
}
