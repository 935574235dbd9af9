using CareChain.Crypto.Arithmetic;

namespace CareChain.Crypto.Tests.Arithmetic;

public sealed class NttTests
{
    [Theory]
    [InlineData(8, 30)]
    [InlineData(64, 50)]
    [InlineData(256, 60)]
    public void Forward_transform_evaluates_at_odd_powers_of_psi_in_bit_reversed_order(int n, int bits)
    {
        var q = new Modulus(Primality.NttPrimes(n, bits, 1)[0]);
        var tables = new NttTables(n, q);
        var a = RandomPolynomial(n, q, 1);
        var transformed = a.ToArray();
        Ntt.Forward(transformed, tables);
        for (var i = 0; i < n; i++)
        {
            var point = q.Power(tables.Root, (ulong)((2 * NttTables.BitReverse(i, tables.LogDegree)) + 1));
            ulong value = 0;
            for (var j = n - 1; j >= 0; j--)
            {
                value = q.Add(q.Multiply(value, point), a[j]);
            }

            Assert.Equal(value, transformed[i]);
        }
    }

    [Theory]
    [InlineData(4096, 60)]
    [InlineData(8192, 40)]
    [InlineData(32768, 60)]
    public void Inverse_undoes_forward(int n, int bits)
    {
        var q = new Modulus(Primality.NttPrimes(n, bits, 1)[0]);
        var tables = new NttTables(n, q);
        var a = RandomPolynomial(n, q, 2);
        var b = a.ToArray();
        Ntt.Forward(b, tables);
        Ntt.Inverse(b, tables);
        Assert.Equal(a, b);
    }

    [Fact]
    public void Pointwise_product_is_the_negacyclic_convolution()
    {
        const int n = 128;
        var q = new Modulus(Primality.NttPrimes(n, 59, 1)[0]);
        var tables = new NttTables(n, q);
        var a = RandomPolynomial(n, q, 3);
        var b = RandomPolynomial(n, q, 4);
        var expected = new ulong[n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var product = q.Multiply(a[i], b[j]);
                var k = i + j;
                expected[k % n] = k < n ? q.Add(expected[k], product) : q.Subtract(expected[k - n], product);
            }
        }

        var fa = a.ToArray();
        var fb = b.ToArray();
        Ntt.Forward(fa, tables);
        Ntt.Forward(fb, tables);
        PolyArithmetic.Multiply(fa, fb, fa, q);
        Ntt.Inverse(fa, tables);
        Assert.Equal(expected, fa);
    }

    [Fact]
    public void Galois_permutation_matches_the_automorphism_in_coefficient_form()
    {
        const int n = 64;
        var q = new Modulus(Primality.NttPrimes(n, 50, 1)[0]);
        var tables = new NttTables(n, q);
        var a = RandomPolynomial(n, q, 5);
        foreach (var g in new[] { 3, 5, 25, 2 * n - 1 })
        {
            var expected = new ulong[n];
            for (var i = 0; i < n; i++)
            {
                var k = i * g % (2 * n);
                expected[k % n] = k < n ? a[i] : q.Negate(a[i]);
            }

            Ntt.Forward(expected, tables);
            var transformed = a.ToArray();
            Ntt.Forward(transformed, tables);
            var permuted = new ulong[n];
            PolyArithmetic.Permute(transformed, GaloisPermutation.Create(n, g), permuted);
            Assert.Equal(expected, permuted);
        }
    }

    [Fact]
    public void Vector_add_and_subtract_match_scalar_modular_arithmetic()
    {
        const int n = 1027;
        var q = new Modulus(Primality.NttPrimes(1024, 60, 1)[0]);
        var a = RandomPolynomial(n, q, 6);
        var b = RandomPolynomial(n, q, 7);
        var sum = new ulong[n];
        var difference = new ulong[n];
        PolyArithmetic.Add(a, b, sum, q.Value);
        PolyArithmetic.Subtract(a, b, difference, q.Value);
        for (var i = 0; i < n; i++)
        {
            Assert.Equal(q.Add(a[i], b[i]), sum[i]);
            Assert.Equal(q.Subtract(a[i], b[i]), difference[i]);
        }
    }

    private static ulong[] RandomPolynomial(int n, Modulus q, int seed)
    {
        var random = new Random(seed);
        var values = new ulong[n];
        for (var i = 0; i < n; i++)
        {
            values[i] = (ulong)random.NextInt64() % q.Value;
        }

        return values;
    }
}
