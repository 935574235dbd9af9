using CareChain.Crypto.Arithmetic;
using CareChain.Crypto.Parameters;

namespace CareChain.Crypto.Tests.Parameters;

public sealed class CoeffModulusTests
{
    public static TheoryData<int, int[]> Requests => new()
    {
        { 4096, [40, 29, 40] },
        { 4096, [36, 36, 37] },
        { 8192, [60, 40, 40, 60] },
        { 8192, [20, 30, 50, 60] },
        { 16384, [60, 40, 40, 40, 40, 40, 40, 60] },
        { 32768, [60, 40, 40, 60] },
        { 32768, [50, 50, 50, 50, 50, 50, 50, 50, 50, 50] },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public void Create_gives_distinct_ntt_friendly_primes_of_exactly_the_requested_sizes(int n, int[] bitSizes)
    {
        var moduli = CoeffModulus.Create(n, bitSizes);

        Assert.Equal(bitSizes, moduli.Select(q => q.BitCount));
        Assert.All(moduli, q =>
        {
            Assert.True(Primality.IsPrime(q.Value), $"{q.Value} is not prime");
            Assert.Equal(1UL, q.Value % (2UL * (ulong)n));
            Assert.Equal(64 - ulong.LeadingZeroCount(q.Value), (ulong)q.BitCount);
        });
        Assert.Equal(moduli.Count, moduli.Select(q => q.Value).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Requests))]
    public void Equal_requests_give_equal_primes_and_equal_parameter_sets(int n, int[] bitSizes)
    {
        var first = CoeffModulus.Create(n, bitSizes);
        var second = CoeffModulus.Create(n, [.. bitSizes]);
        Assert.Equal(first.Select(q => q.Value), second.Select(q => q.Value));

        var a = EncryptionParameters.Create(n, bitSizes);
        var b = EncryptionParameters.Create(n, bitSizes);
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.Equal(a.Id.ToArray(), b.Id.ToArray());
    }

    [Fact]
    public void Different_requests_give_different_parameter_sets()
    {
        var reference = EncryptionParameters.Create(8192, 60, 40, 40, 60);
        Assert.NotEqual(reference, EncryptionParameters.Create(8192, 60, 40, 60));
        Assert.NotEqual(reference, EncryptionParameters.Create(16384, 60, 40, 40, 60));
        Assert.NotEqual(reference, EncryptionParameters.Create(8192, 60, 40, 41, 60));
        Assert.NotEqual(reference.Id.ToArray(), EncryptionParameters.Create(8192, 60, 40, 41, 60).Id.ToArray());
    }

    [Fact]
    public void Primes_of_one_size_are_handed_out_smallest_first_and_the_last_of_a_size_is_the_largest()
    {
        // The special prime P comes last; taking the largest prime of its size for it keeps key-switching noise low.
        var moduli = CoeffModulus.Create(8192, [60, 40, 40, 40, 60]).Select(q => q.Value).ToArray();
        Assert.True(moduli[1] < moduli[2] && moduli[2] < moduli[3]);
        Assert.True(moduli[0] < moduli[4]);
        Assert.Equal(Primality.NttPrimes(8192, 60, 1)[0], moduli[4]);
    }

    [Theory]
    [InlineData(19)]
    [InlineData(61)]
    [InlineData(0)]
    [InlineData(-40)]
    public void Prime_sizes_outside_20_to_60_bits_are_refused(int bits)
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => CoeffModulus.Create(8192, [60, bits, 60]));
        Assert.Contains("20 to 60 bits", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1024)]
    [InlineData(2048)]
    [InlineData(8191)]
    [InlineData(65536)]
    public void Unsupported_degrees_are_refused(int n)
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => CoeffModulus.Create(n, [60, 40, 60]));
        Assert.Contains("4096, 8192, 16384, 32768", exception.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => EncryptionParameters.Create(n, 60, 40, 60));
        Assert.Throws<ArgumentOutOfRangeException>(() => new EncryptionParameters(n, CoeffModulus.Create(8192, [60, 40, 60])));
        Assert.Throws<ArgumentOutOfRangeException>(() => SecurityStandard.MaxCoeffModulusBits(n));
    }

    [Theory]
    [InlineData(new int[0])]
    [InlineData(new[] { 60 })]
    public void Fewer_than_two_primes_are_refused(int[] bitSizes)
    {
        var exception = Assert.Throws<ArgumentException>(() => CoeffModulus.Create(8192, bitSizes));
        Assert.Contains("At least two primes", exception.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => EncryptionParameters.Create(8192, bitSizes));
        Assert.Throws<ArgumentException>(
            () => new EncryptionParameters(8192, CoeffModulus.Create(8192, [60, 60]).Take(bitSizes.Length)));
    }

    [Fact]
    public void Asking_for_more_primes_of_a_size_than_exist_is_refused()
    {
        // Only a handful of 20-bit numbers are ≡ 1 mod 65536 (k·65536 + 1 for k = 8 … 15), fewer of them prime.
        Assert.Throws<ArgumentException>(() => CoeffModulus.Create(32768, [.. Enumerable.Repeat(20, 8)]));
    }
}
