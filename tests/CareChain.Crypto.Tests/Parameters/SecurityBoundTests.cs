using CareChain.Crypto.Parameters;

namespace CareChain.Crypto.Tests.Parameters;

public sealed class SecurityBoundTests
{
    /// <summary>Per degree: the bound, a request summing to exactly that many bits, and one bit over.</summary>
    public static TheoryData<int, int, int[], int[]> Bounds => new()
    {
        { 4096, 109, [36, 36, 37], [36, 37, 37] },
        { 8192, 218, [43, 43, 44, 44, 44], [43, 44, 44, 44, 44] },
        { 16384, 438, [55, 55, 55, 55, 55, 55, 54, 54], [55, 55, 55, 55, 55, 55, 55, 54] },
        { 32768, 881, [.. Enumerable.Repeat(59, 14), 55], [.. Enumerable.Repeat(59, 14), 56] },
    };

    [Theory]
    [MemberData(nameof(Bounds))]
    public void The_bound_is_the_homomorphic_encryption_standard_table(int n, int bound, int[] atBound, int[] overBound)
    {
        Assert.Equal(bound, SecurityStandard.MaxCoeffModulusBits(n));
        Assert.Equal(bound, atBound.Sum());
        Assert.Equal(bound + 1, overBound.Sum());
    }

    [Theory]
    [MemberData(nameof(Bounds))]
    public void A_modulus_exactly_at_the_bound_is_accepted(int n, int bound, int[] atBound, int[] overBound)
    {
        _ = overBound;
        var parameters = EncryptionParameters.Create(n, atBound);
        Assert.Equal(bound, parameters.TotalCoeffModulusBits);

        var context = new CkksContext(parameters);
        Assert.Equal(n, context.PolyModulusDegree);
        Assert.Equal(atBound.Length - 2, context.MaxLevel);
        Assert.Equal(n / 2, context.SlotCount);
    }

    [Theory]
    [MemberData(nameof(Bounds))]
    public void A_modulus_one_bit_over_the_bound_is_refused_with_a_message_naming_both(int n, int bound, int[] atBound, int[] overBound)
    {
        _ = atBound;
        var parameters = EncryptionParameters.Create(n, overBound);
        Assert.Equal(bound + 1, parameters.TotalCoeffModulusBits);

        var exception = Assert.Throws<ArgumentException>(() => new CkksContext(parameters));
        Assert.Equal("parameters", exception.ParamName);
        Assert.Contains($"{bound + 1} bits", exception.Message, StringComparison.Ordinal);
        Assert.Contains($"N={n}", exception.Message, StringComparison.Ordinal);
        Assert.Contains($"at most {bound}", exception.Message, StringComparison.Ordinal);
        Assert.Contains("128-bit security", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Far_over_the_bound_is_refused_too()
    {
        Assert.Throws<ArgumentException>(() => new CkksContext(EncryptionParameters.Create(4096, 60, 60)));
        Assert.Throws<ArgumentException>(() => new CkksContext(EncryptionParameters.Create(8192, 60, 60, 60, 60)));
    }

    [Fact]
    public void Only_the_internal_test_constructor_opts_out_of_the_bound()
    {
        var insecure = EncryptionParameters.Create(4096, 60, 40, 60);
        Assert.Throws<ArgumentException>(() => new CkksContext(insecure));

        var context = new CkksContext(insecure, enforceSecurity: false);
        Assert.Equal(160, context.Parameters.TotalCoeffModulusBits);
        Assert.Equal(1, context.MaxLevel);
    }
}
