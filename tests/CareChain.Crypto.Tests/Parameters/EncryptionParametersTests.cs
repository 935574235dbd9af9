using CareChain.Crypto.Arithmetic;
using CareChain.Crypto.Parameters;

namespace CareChain.Crypto.Tests.Parameters;

public sealed class EncryptionParametersTests
{
    [Fact]
    public void Total_bits_are_the_sum_of_the_primes_bit_counts()
    {
        var parameters = EncryptionParameters.Create(16384, 60, 40, 40, 40, 40, 40, 40, 60);
        Assert.Equal(360, parameters.TotalCoeffModulusBits);
        Assert.Equal(parameters.CoeffModulus.Sum(q => q.BitCount), parameters.TotalCoeffModulusBits);
        Assert.Equal(16384, parameters.PolyModulusDegree);
        Assert.Equal("N=16384, q=(60,40,40,40,40,40,40,60 bits)", parameters.ToString());
    }

    [Fact]
    public void Repeated_primes_are_refused()
    {
        var moduli = CoeffModulus.Create(8192, [60, 40, 60]);
        var repeated = new[] { moduli[0], moduli[1], moduli[1], moduli[2] };

        var exception = Assert.Throws<ArgumentException>(() => new EncryptionParameters(8192, repeated));
        Assert.Contains(moduli[1].Value.ToString(System.Globalization.CultureInfo.InvariantCulture), exception.Message, StringComparison.Ordinal);
        Assert.Contains("distinct", exception.Message, StringComparison.Ordinal);

        // The same value in two Modulus instances is still a repeat.
        Assert.Throws<ArgumentException>(() => new EncryptionParameters(8192, [moduli[0], new Modulus(moduli[0].Value)]));
    }

    [Fact]
    public void Primes_not_congruent_to_one_mod_2N_are_refused()
    {
        // NTT-friendly for N = 4096 (≡ 1 mod 8192) but not for N = 8192 (≢ 1 mod 16384).
        var prime = Primality.NttPrimes(4096, 40, 20).First(p => p % 16384 != 1);
        var valid = CoeffModulus.Create(8192, [60, 60]);
        Assert.Equal(1UL, prime % 8192);

        var exception = Assert.Throws<ArgumentException>(() => new EncryptionParameters(8192, [valid[0], new Modulus(prime), valid[1]]));
        Assert.Contains("congruent to 1 mod 16384", exception.Message, StringComparison.Ordinal);

        // …and it is accepted where it is NTT-friendly.
        _ = new EncryptionParameters(4096, [new Modulus(prime), new Modulus(Primality.NttPrimes(4096, 60, 1)[0])]);
    }

    [Fact]
    public void Composites_congruent_to_one_mod_2N_are_refused()
    {
        var twoN = 2UL * 8192;
        var composite = (1UL << 40) - twoN + 1;
        while (Primality.IsPrime(composite))
        {
            composite -= twoN;
        }

        var valid = CoeffModulus.Create(8192, [60, 60]);
        Assert.Throws<ArgumentException>(() => new EncryptionParameters(8192, [valid[0], new Modulus(composite), valid[1]]));
    }

    [Fact]
    public void Primes_above_60_bits_are_refused()
    {
        // The Modulus type itself allows 61 bits (for lazy NTT headroom); the parameter set does not.
        var prime61 = Primality.NttPrimes(8192, 61, 1)[0];
        var valid = CoeffModulus.Create(8192, [60, 60]);
        var exception = Assert.Throws<ArgumentException>(() => new EncryptionParameters(8192, [valid[0], new Modulus(prime61), valid[1]]));
        Assert.Contains("20 to 60 bits", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Primes_below_20_bits_are_refused()
    {
        var small = Primality.NttPrimes(4096, 19, 1)[0];
        var valid = CoeffModulus.Create(4096, [40, 40]);
        var exception = Assert.Throws<ArgumentException>(() => new EncryptionParameters(4096, [new Modulus(small), valid[0], valid[1]]));
        Assert.Contains("20 to 60 bits", exception.Message, StringComparison.Ordinal);
    }
}
