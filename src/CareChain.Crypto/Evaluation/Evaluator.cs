using System.Buffers;
using CareChain.Crypto.Arithmetic;
using CareChain.Crypto.Encryption;
using CareChain.Crypto.Keys;
using CareChain.Crypto.Parameters;

namespace CareChain.Crypto.Evaluation;

/// <summary>
/// Homomorphic operations on ciphertexts, shaped like SEAL's Evaluator: every operation writes to a destination,
/// which may be one of its operands. Levels, scales and parameter sets are checked, and a mismatch is an exception
/// naming both sides. Stateless and thread-safe.
/// </summary>
public sealed class Evaluator(CkksContext context) : IEvaluator
{
    private readonly CkksContext _context = context ?? throw new ArgumentNullException(nameof(context));

    public void Negate(Ciphertext ciphertext, Ciphertext destination)
    {
        Check(ciphertext, nameof(ciphertext));
        ArgumentNullException.ThrowIfNull(destination);
        destination.CopyFrom(_context, ciphertext);
        for (var p = 0; p < destination.Size; p++)
        {
            RnsPolynomial.Negate(_context, destination.Poly(p), destination.Poly(p), destination.LimbCount);
        }
    }

    public void Add(Ciphertext left, Ciphertext right, Ciphertext destination) => AddOrSubtract(left, right, destination, subtract: false);

    public void Subtract(Ciphertext left, Ciphertext right, Ciphertext destination) => AddOrSubtract(left, right, destination, subtract: true);

    public void AddPlain(Ciphertext ciphertext, Plaintext plaintext, Ciphertext destination) =>
        AddOrSubtractPlain(ciphertext, plaintext, destination, subtract: false);

    public void SubtractPlain(Ciphertext ciphertext, Plaintext plaintext, Ciphertext destination) =>
        AddOrSubtractPlain(ciphertext, plaintext, destination, subtract: true);

    public void MultiplyPlain(Ciphertext ciphertext, Plaintext plaintext, Ciphertext destination)
    {
        Check(ciphertext, nameof(ciphertext));
        Check(plaintext);
        ArgumentNullException.ThrowIfNull(destination);
        const string operation = "MultiplyPlain";
        OperandGuard.SameLevel(operation, ciphertext.Level, plaintext.Level);
        var scale = ciphertext.Scale * plaintext.Scale;
        OperandGuard.ScaleFits(_context, operation, ciphertext.Level, scale);
        destination.CopyFrom(_context, ciphertext);
        for (var p = 0; p < destination.Size; p++)
        {
            RnsPolynomial.Multiply(_context, destination.Poly(p), plaintext.Data, destination.Poly(p), destination.LimbCount);
        }

        destination.Scale = scale;
    }

    /// <summary>The tensor product of two size-2 ciphertexts: a size-3 ciphertext to relinearize.</summary>
    public void Multiply(Ciphertext left, Ciphertext right, Ciphertext destination)
    {
        Check(left, nameof(left));
        Check(right, nameof(right));
        ArgumentNullException.ThrowIfNull(destination);
        const string operation = "Multiply";
        RequireSizeTwo(operation, left);
        RequireSizeTwo(operation, right);
        OperandGuard.SameLevel(operation, left.Level, right.Level);
        var scale = left.Scale * right.Scale;
        OperandGuard.ScaleFits(_context, operation, left.Level, scale);

        var limbs = left.LimbCount;
        var length = limbs * _context.PolyModulusDegree;
        var rented = ArrayPool<ulong>.Shared.Rent(length);
        try
        {
            // Write order lets destination alias either operand: c2 first (a new polynomial), c1 to scratch,
            // then c0 in place, then c1.
            var cross = rented.AsSpan(0, length);
            var level = left.Level;
            destination.Reset(_context, 3, level, scale);
            RnsPolynomial.Multiply(_context, left.Poly(1), right.Poly(1), destination.Poly(2), limbs);
            RnsPolynomial.Multiply(_context, left.Poly(0), right.Poly(1), cross, limbs);
            RnsPolynomial.MultiplyAdd(_context, left.Poly(1), right.Poly(0), cross, limbs);
            RnsPolynomial.Multiply(_context, left.Poly(0), right.Poly(0), destination.Poly(0), limbs);
            cross.CopyTo(destination.Poly(1));
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(rented);
        }
    }

    public void Square(Ciphertext ciphertext, Ciphertext destination) => Multiply(ciphertext, ciphertext, destination);

    public void Relinearize(Ciphertext ciphertext, RelinearizationKeys keys, Ciphertext destination)
    {
        Check(ciphertext, nameof(ciphertext));
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(destination);
        OperandGuard.SameParameters(_context, keys.ParametersId, "relinearization keys");
        destination.CopyFrom(_context, ciphertext);
        if (destination.Size == 2)
        {
            return;
        }

        KeySwitch.Apply(_context, destination.Poly(2), destination.Level, keys.Key, destination.Poly(0), destination.Poly(1));
        destination.Truncate(2);
    }

    /// <summary>Divides by the last prime of the level with rounding: one level down, scale divided by that prime.</summary>
    public void RescaleToNext(Ciphertext ciphertext, Ciphertext destination)
    {
        Check(ciphertext, nameof(ciphertext));
        ArgumentNullException.ThrowIfNull(destination);
        RequireLevelAboveZero("RescaleToNext", ciphertext.Level);
        var rescaled = ciphertext.Scale / _context.Moduli[ciphertext.Level].Value;
        if (rescaled < 1)
        {
            throw new InvalidOperationException(
                $"RescaleToNext: scale {OperandGuard.Describe(ciphertext.Scale)} divided by the {_context.Moduli[ciphertext.Level].BitCount}-bit prime at level {ciphertext.Level} falls below 1, which would erase the message; rescale only after a multiplication.");
        }

        destination.CopyFrom(_context, ciphertext);
        var level = destination.Level;
        RnsPolynomial.DivideRoundByLast(_context, destination.Data, destination.Size, level + 1, level);

        destination.DropLastLimb();
        destination.Scale = rescaled;
    }

    /// <summary>Drops the last prime without touching the scale, to meet an operand at a lower level.</summary>
    public void ModSwitchToNext(Ciphertext ciphertext, Ciphertext destination)
    {
        Check(ciphertext, nameof(ciphertext));
        ArgumentNullException.ThrowIfNull(destination);
        RequireLevelAboveZero("ModSwitchToNext", ciphertext.Level);
        destination.CopyFrom(_context, ciphertext);
        destination.DropLastLimb();
    }

    /// <summary>Drops the plaintext's last prime in place, so it can meet a ciphertext one level down.</summary>
    public void ModSwitchToNext(Plaintext plaintext)
    {
        Check(plaintext);
        RequireLevelAboveZero("ModSwitchToNext", plaintext.Level);
        plaintext.DropLastLimb();
    }

    /// <summary>Rotates slots left by <paramref name="steps"/> (right when negative), with the matching Galois key.</summary>
    public void RotateVector(Ciphertext ciphertext, int steps, GaloisKeys keys, Ciphertext destination) =>
        ApplyGalois(ciphertext, _context.GaloisElementForStep(steps), keys, destination);

    /// <summary>Conjugates every slot.</summary>
    public void ComplexConjugate(Ciphertext ciphertext, GaloisKeys keys, Ciphertext destination) =>
        ApplyGalois(ciphertext, _context.ConjugationElement, keys, destination);

    public void ApplyGalois(Ciphertext ciphertext, int galoisElement, GaloisKeys keys, Ciphertext destination)
    {
        Check(ciphertext, nameof(ciphertext));
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(destination);
        OperandGuard.SameParameters(_context, keys.ParametersId, "Galois keys");
        RequireSizeTwo("ApplyGalois", ciphertext);
        if (galoisElement == 1)
        {
            destination.CopyFrom(_context, ciphertext);
            return;
        }

        var key = keys[galoisElement];
        var permutation = _context.GaloisPermutationFor(galoisElement);
        var n = _context.PolyModulusDegree;
        var limbs = ciphertext.LimbCount;
        var length = limbs * n;
        var rented = ArrayPool<ulong>.Shared.Rent(2 * length);
        try
        {
            var rotated0 = rented.AsSpan(0, length);
            var rotated1 = rented.AsSpan(length, length);
            for (var i = 0; i < limbs; i++)
            {
                PolyArithmetic.Permute(ciphertext.Limb(0, i), permutation, rotated0.Slice(i * n, n));
                PolyArithmetic.Permute(ciphertext.Limb(1, i), permutation, rotated1.Slice(i * n, n));
            }

            destination.Reset(_context, 2, ciphertext.Level, ciphertext.Scale);
            rotated0.CopyTo(destination.Poly(0));
            destination.Poly(1).Clear();
            KeySwitch.Apply(_context, rotated1, destination.Level, key, destination.Poly(0), destination.Poly(1));
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(rented);
        }
    }

    private void AddOrSubtract(Ciphertext left, Ciphertext right, Ciphertext destination, bool subtract)
    {
        Check(left, nameof(left));
        Check(right, nameof(right));
        ArgumentNullException.ThrowIfNull(destination);
        var operation = subtract ? "Subtract" : "Add";
        OperandGuard.SameLevel(operation, left.Level, right.Level);
        OperandGuard.SameScale(operation, left.Scale, right.Scale);
        var size = Math.Max(left.Size, right.Size);
        var limbs = left.LimbCount;

        // Destination may be either operand: sizes only ever grow, and growing keeps the existing polynomials.
        var leftSize = left.Size;
        var rightSize = right.Size;
        destination.Reset(_context, size, left.Level, left.Scale);
        for (var p = 0; p < size; p++)
        {
            var target = destination.Poly(p);
            if (p < leftSize && p < rightSize)
            {
                if (subtract)
                {
                    RnsPolynomial.Subtract(_context, left.Poly(p), right.Poly(p), target, limbs);
                }
                else
                {
                    RnsPolynomial.Add(_context, left.Poly(p), right.Poly(p), target, limbs);
                }
            }
            else if (p < leftSize)
            {
                left.Poly(p).CopyTo(target);
            }
            else if (subtract)
            {
                RnsPolynomial.Negate(_context, right.Poly(p), target, limbs);
            }
            else
            {
                right.Poly(p).CopyTo(target);
            }
        }
    }

    private void AddOrSubtractPlain(Ciphertext ciphertext, Plaintext plaintext, Ciphertext destination, bool subtract)
    {
        Check(ciphertext, nameof(ciphertext));
        Check(plaintext);
        ArgumentNullException.ThrowIfNull(destination);
        var operation = subtract ? "SubtractPlain" : "AddPlain";
        OperandGuard.SameLevel(operation, ciphertext.Level, plaintext.Level);
        OperandGuard.SameScale(operation, ciphertext.Scale, plaintext.Scale);
        destination.CopyFrom(_context, ciphertext);
        if (subtract)
        {
            RnsPolynomial.Subtract(_context, destination.Poly(0), plaintext.Data, destination.Poly(0), destination.LimbCount);
        }
        else
        {
            RnsPolynomial.Add(_context, destination.Poly(0), plaintext.Data, destination.Poly(0), destination.LimbCount);
        }
    }

    private void Check(Ciphertext ciphertext, string name)
    {
        ArgumentNullException.ThrowIfNull(ciphertext, name);
        OperandGuard.SameParameters(_context, ciphertext.ParametersId, name);
    }

    private void Check(Plaintext plaintext)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        OperandGuard.SameParameters(_context, plaintext.ParametersId, "plaintext");
    }

    private static void RequireSizeTwo(string operation, Ciphertext ciphertext)
    {
        if (ciphertext.Size != 2)
        {
            throw new ArgumentException($"{operation}: the ciphertext has {ciphertext.Size} polynomials; relinearize it first.", nameof(ciphertext));
        }
    }

    private static void RequireLevelAboveZero(string operation, int level)
    {
        if (level == 0)
        {
            throw new InvalidOperationException($"{operation}: the operand is at level 0; there is no prime left to drop.");
        }
    }
}
