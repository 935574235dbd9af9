using System.Globalization;
using CareChain.Crypto.Parameters;

namespace CareChain.Crypto;

/// <summary>
/// Checks that operands of an operation can be combined, and says which side is which when they cannot: a
/// silently mismatched scale or level would decrypt to a wrong answer rather than fail.
/// </summary>
internal static class OperandGuard
{
    // Scales reached by different but equivalent paths differ only in the last bits of the double.
    private const double RelativeScaleTolerance = 1e-10;

    public static void SameParameters(CkksContext context, ReadOnlyMemory<byte> parametersId, string what)
    {
        if (!parametersId.Span.SequenceEqual(context.ParametersId.Span))
        {
            throw new ArgumentException(
                parametersId.IsEmpty
                    ? $"The {what} is empty; initialize it before use."
                    : $"The {what} belongs to different encryption parameters than this context ({context.Parameters}).");
        }
    }

    public static void SameLevel(string operation, int left, int right)
    {
        if (left != right)
        {
            throw new ArgumentException(
                $"{operation}: level mismatch, left operand at level {left} and right operand at level {right}; mod-switch the higher one down first.");
        }
    }

    public static void SameScale(string operation, double left, double right)
    {
        if (Math.Abs(left - right) > RelativeScaleTolerance * Math.Max(Math.Abs(left), Math.Abs(right)))
        {
            throw new ArgumentException(
                $"{operation}: scale mismatch, left operand at {Describe(left)} and right operand at {Describe(right)}; rescale or encode at the same scale first.");
        }
    }

    /// <summary>A scale must stay a positive normal double that leaves room for the message below q_0·…·q_l.</summary>
    public static void ScaleFits(CkksContext context, string operation, int level, double scale)
    {
        if (!double.IsNormal(scale) || scale < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, $"{operation}: the scale must be a finite number of at least 1.");
        }

        if (Math.Log2(scale) >= context.LevelModulusBits(level) - 1)
        {
            throw new ArgumentOutOfRangeException(
                nameof(scale),
                scale,
                $"{operation}: scale {Describe(scale)} leaves no room for the message at level {level} ({context.LevelModulusBits(level)}-bit modulus); rescale first.");
        }
    }

    public static string Describe(double scale) =>
        string.Create(CultureInfo.InvariantCulture, $"2^{Math.Log2(scale):0.####}");
}
