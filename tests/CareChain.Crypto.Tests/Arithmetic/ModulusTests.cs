using CareChain.Crypto.Arithmetic;

namespace CareChain.Crypto.Tests.Arithmetic;

public sealed class ModulusTests
{
    public static TheoryData<ulong> Moduli => [3UL, 65537UL, 1_152_921_504_606_748_673UL, (1UL << 61) - 1, 1_099_511_922_689UL];

    [Theory]
    [MemberData(nameof(Moduli))]
    public void Barrett_reduction_matches_division_for_128_bit_values(ulong value)
    {
        var q = new Modulus(value);
        var random = new Random(17);
        for (var i = 0; i < 20_000; i++)
        {
            var x = ((UInt128)(ulong)random.NextInt64() << 64) | (ulong)random.NextInt64();
            x = i % 3 == 0 ? x : x >> random.Next(0, 127);
            Assert.Equal((ulong)(x % value), q.Reduce(x));
            Assert.Equal((ulong)x % value, q.Reduce((ulong)x));
        }

        Assert.Equal((ulong)(UInt128.MaxValue % value), q.Reduce(UInt128.MaxValue));
        Assert.Equal(ulong.MaxValue % value, q.Reduce(ulong.MaxValue));
    }

    [Theory]
    [MemberData(nameof(Moduli))]
    public void Shoup_and_Barrett_products_agree_with_exact_arithmetic(ulong value)
    {
        var q = new Modulus(value);
        var random = new Random(5);
        for (var i = 0; i < 20_000; i++)
        {
            var a = (ulong)random.NextInt64() % value;
            var b = (ulong)random.NextInt64() % value;
            var expected = (ulong)((UInt128)a * b % value);
            Assert.Equal(expected, q.Multiply(a, b));
            Assert.Equal(expected, q.MultiplyShoup(a, b, q.ShoupFactor(b)));
        }
    }

    [Fact]
    public void Signed_reduction_and_inverse_are_exact()
    {
        var q = new Modulus(1_099_511_922_689UL);
        Assert.Equal(q.Value - 5, q.ReduceSigned(-5));
        Assert.Equal((ulong)(((Int128)long.MinValue % q.Value) + q.Value), q.ReduceSigned(long.MinValue));
        Assert.Equal(1UL, q.Multiply(12345, q.Inverse(12345)));
        Assert.Throws<ArgumentException>(() => new Modulus(15).Inverse(5));
    }

    [Theory]
    [InlineData(0UL)]
    [InlineData(1UL)]
    [InlineData(1UL << 61)]
    public void Modulus_outside_2_to_61_bits_is_refused(ulong value) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new Modulus(value));

    [Fact]
    public void Ntt_primes_are_the_largest_of_their_size_congruent_to_one_mod_2N()
    {
        var primes = Primality.NttPrimes(8192, 40, 3);
        Assert.Equal(3, primes.Count);
        Assert.All(primes, p => Assert.True(Primality.IsPrime(p) && p % 16384 == 1 && p < 1UL << 40 && p >= 1UL << 39));
        Assert.True(primes[0] > primes[1] && primes[1] > primes[2]);
        for (var c = primes[0] + 16384; c < 1UL << 40; c += 16384)
        {
            Assert.False(Primality.IsPrime(c));
        }
    }

    [Theory]
    [InlineData(2UL, true)]
    [InlineData(561UL, false)]
    [InlineData(3_215_031_751UL, false)]
    [InlineData(18_446_744_073_709_551_557UL, true)]
    [InlineData(3_825_123_056_546_413_051UL, false)]
    public void Miller_Rabin_is_deterministic_for_64_bit_values(ulong n, bool prime) =>
        Assert.Equal(prime, Primality.IsPrime(n));
}
