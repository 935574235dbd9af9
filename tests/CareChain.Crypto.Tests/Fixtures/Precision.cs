using System.Globalization;
using System.Numerics;

namespace CareChain.Crypto.Tests.Fixtures;

/// <summary>
/// Compares decrypted slots with the expected values, asserts the largest absolute error is within a bound, and
/// writes the measured error next to the bound to the test output (these figures are the ones docs/he.md quotes).
/// </summary>
public static class Precision
{
    public static double MaxError(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        var max = 0.0;
        for (var i = 0; i < expected.Length; i++)
        {
            max = Math.Max(max, Math.Abs(expected[i] - actual[i]));
        }

        return max;
    }

    /// <summary>The largest error in either the real or the imaginary part.</summary>
    public static double MaxError(ReadOnlySpan<Complex> expected, ReadOnlySpan<Complex> actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        var max = 0.0;
        for (var i = 0; i < expected.Length; i++)
        {
            max = Math.Max(max, Math.Max(Math.Abs(expected[i].Real - actual[i].Real), Math.Abs(expected[i].Imaginary - actual[i].Imaginary)));
        }

        return max;
    }

    public static void Within(string what, ReadOnlySpan<double> expected, ReadOnlySpan<double> actual, double bound) =>
        Check(what, MaxError(expected, actual), bound);

    public static void Within(string what, ReadOnlySpan<Complex> expected, ReadOnlySpan<Complex> actual, double bound) =>
        Check(what, MaxError(expected, actual), bound);

    public static void Check(string what, double error, double bound)
    {
        var line = string.Create(CultureInfo.InvariantCulture, $"precision | {what} | max error {error:0.000e+00} | bound {bound:0.000e+00}");
        TestContext.Current.TestOutputHelper?.WriteLine(line);
        Assert.True(double.IsFinite(error) && error <= bound, line);
    }
}
