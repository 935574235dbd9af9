using System.Numerics;
using CareChain.Crypto.Encoding;

namespace CareChain.Crypto.Tests.Encoding;

public sealed class SlotEmbeddingTests
{
    public static TheoryData<int> AllDegrees => [8, 16, 64, 4096, 32768];

    public static TheoryData<int> SmallDegrees => [8, 16, 64, 1024];

    public static TheoryData<int, int> Rotations => new()
    {
        { 8, 1 },
        { 8, 2 },
        { 8, 3 },
        { 16, 5 },
        { 16, 7 },
        { 64, 1 },
        { 64, 13 },
        { 64, 31 },
        { 4096, 1 },
        { 4096, 2 },
        { 4096, 1000 },
        { 4096, 2047 },
        { 32768, 1 },
        { 32768, 16383 },
    };

    [Theory]
    [MemberData(nameof(AllDegrees))]
    public void Slot_count_is_half_the_degree_and_the_rotation_group_is_powers_of_five(int degree)
    {
        var embedding = new SlotEmbedding(degree);
        Assert.Equal(degree, embedding.PolyModulusDegree);
        Assert.Equal(degree / 2, embedding.SlotCount);
        Assert.Equal(degree / 2, embedding.RotationGroup.Length);
        for (var j = 0; j < embedding.SlotCount; j++)
        {
            Assert.Equal(GaloisElement(degree, j), embedding.RotationGroup[j]);
        }

        // The orbit of 5 covers exactly the residues ≡ 1 (mod 4) below 2N.
        Assert.Equal(Enumerable.Range(0, degree / 2).Select(k => (4 * k) + 1), embedding.RotationGroup.ToArray().Order());
    }

    [Theory]
    [MemberData(nameof(SmallDegrees))]
    public void Forward_embedding_matches_naive_evaluation_at_rotation_group_roots(int degree)
    {
        var embedding = new SlotEmbedding(degree);
        var coefficients = RandomCoefficients(degree, seed: degree);
        var slots = new Complex[degree / 2];
        embedding.CoefficientsToSlots(coefficients, slots);

        var expected = NaiveForward(coefficients);
        AssertClose(expected, slots, 1e-9);
    }

    [Theory]
    [MemberData(nameof(SmallDegrees))]
    public void Inverse_embedding_matches_naive_inverse(int degree)
    {
        var embedding = new SlotEmbedding(degree);
        var slots = RandomSlots(degree / 2, seed: degree + 1);
        var coefficients = new double[degree];
        embedding.SlotsToCoefficients(slots, coefficients);

        var expected = NaiveInverse(slots);
        AssertClose(expected, coefficients, 1e-9);

        // The polynomial really does interpolate the slots when evaluated the slow way.
        AssertClose(slots, NaiveForward(coefficients), 1e-9);
    }

    [Theory]
    [MemberData(nameof(AllDegrees))]
    public void Round_trip_recovers_slots(int degree)
    {
        var embedding = new SlotEmbedding(degree);
        var slots = RandomSlots(degree / 2, seed: 3 * degree);
        var coefficients = new double[degree];
        var recovered = new Complex[degree / 2];
        embedding.SlotsToCoefficients(slots, coefficients);
        embedding.CoefficientsToSlots(coefficients, recovered);

        var error = MaxError(slots, recovered) / MaxMagnitude(slots);
        TestContext.Current.TestOutputHelper?.WriteLine($"N = {degree}: max relative round-trip error {error:E3}");
        Assert.True(error < 1e-13, $"Relative round-trip error {error:E3} at N = {degree}.");
    }

    [Theory]
    [MemberData(nameof(AllDegrees))]
    public void Round_trip_recovers_coefficients(int degree)
    {
        var embedding = new SlotEmbedding(degree);
        var coefficients = RandomCoefficients(degree, seed: (5 * degree) + 1);
        var slots = new Complex[degree / 2];
        var recovered = new double[degree];
        embedding.CoefficientsToSlots(coefficients, slots);
        embedding.SlotsToCoefficients(slots, recovered);

        AssertClose(coefficients, recovered, 1e-13);
    }

    [Theory]
    [MemberData(nameof(AllDegrees))]
    public void Constant_slots_encode_to_a_constant_polynomial(int degree)
    {
        var embedding = new SlotEmbedding(degree);
        var slots = Enumerable.Repeat(new Complex(2.5, 0), degree / 2).ToArray();
        var coefficients = new double[degree];
        embedding.SlotsToCoefficients(slots, coefficients);

        var expected = new double[degree];
        expected[0] = 2.5;
        AssertClose(expected, coefficients, 1e-14);
    }

    [Theory]
    [MemberData(nameof(AllDegrees))]
    public void Monomial_x_to_the_n_is_i_in_every_slot(int degree)
    {
        var embedding = new SlotEmbedding(degree);
        var coefficients = new double[degree];
        coefficients[degree / 2] = 1;
        var slots = new Complex[degree / 2];
        embedding.CoefficientsToSlots(coefficients, slots);

        AssertClose(Enumerable.Repeat(Complex.ImaginaryOne, degree / 2).ToArray(), slots, 1e-14);
    }

    [Theory]
    [MemberData(nameof(Rotations))]
    public void Automorphism_by_power_of_five_rotates_slots_left(int degree, int steps)
    {
        var n = degree / 2;
        var embedding = new SlotEmbedding(degree);
        var slots = RandomSlots(n, seed: degree + steps);
        var coefficients = new double[degree];
        embedding.SlotsToCoefficients(slots, coefficients);

        var rotated = new Complex[n];
        embedding.CoefficientsToSlots(ApplyAutomorphism(coefficients, GaloisElement(degree, steps)), rotated);

        var expected = new Complex[n];
        for (var j = 0; j < n; j++)
        {
            expected[j] = slots[(j + steps) % n];
        }

        AssertClose(expected, rotated, 1e-12);
    }

    [Theory]
    [MemberData(nameof(AllDegrees))]
    public void Automorphism_by_minus_one_conjugates_slots(int degree)
    {
        var n = degree / 2;
        var embedding = new SlotEmbedding(degree);
        var slots = RandomSlots(n, seed: 7 * degree);
        var coefficients = new double[degree];
        embedding.SlotsToCoefficients(slots, coefficients);

        var conjugated = new Complex[n];
        embedding.CoefficientsToSlots(ApplyAutomorphism(coefficients, (2 * degree) - 1), conjugated);

        AssertClose(slots.Select(Complex.Conjugate).ToArray(), conjugated, 1e-12);
    }

    [Theory]
    [InlineData(8)]
    [InlineData(16)]
    [InlineData(64)]
    [InlineData(512)]
    public void Negacyclic_product_is_the_slot_wise_product(int degree)
    {
        var n = degree / 2;
        var embedding = new SlotEmbedding(degree);
        var x = RandomSlots(n, seed: 11 * degree);
        var y = RandomSlots(n, seed: (11 * degree) + 1);
        var a = new double[degree];
        var b = new double[degree];
        embedding.SlotsToCoefficients(x, a);
        embedding.SlotsToCoefficients(y, b);

        var product = new Complex[n];
        embedding.CoefficientsToSlots(NegacyclicProduct(a, b), product);

        AssertClose(x.Zip(y, (p, q) => p * q).ToArray(), product, 1e-12);
    }

    [Fact]
    public void One_instance_is_safe_to_share_between_threads()
    {
        const int degree = 4096;
        var embedding = new SlotEmbedding(degree);
        var inputs = Enumerable.Range(0, 16).Select(seed => RandomSlots(degree / 2, seed)).ToArray();
        var expected = inputs.Select(slots =>
        {
            var coefficients = new double[degree];
            embedding.SlotsToCoefficients(slots, coefficients);
            return coefficients;
        }).ToArray();

        Parallel.For(0, 64, i =>
        {
            var coefficients = new double[degree];
            var slots = new Complex[degree / 2];
            for (var round = 0; round < 8; round++)
            {
                embedding.SlotsToCoefficients(inputs[i % inputs.Length], coefficients);
                Assert.Equal(expected[i % inputs.Length], coefficients);
                embedding.CoefficientsToSlots(coefficients, slots);
                AssertClose(inputs[i % inputs.Length], slots, 1e-12);
            }
        });
    }

    [Fact]
    public void Transforms_do_not_allocate_once_warm()
    {
        const int degree = 8192;
        var embedding = new SlotEmbedding(degree);
        var slots = RandomSlots(degree / 2, seed: 99);
        var coefficients = new double[degree];
        for (var i = 0; i < 4; i++)
        {
            embedding.SlotsToCoefficients(slots, coefficients);
            embedding.CoefficientsToSlots(coefficients, slots);
        }

        // The scratch pool is shared by every embedding in the process, so a test running alongside can hold its
        // arrays and make one round rent fresh ones; a round with the pool to itself must allocate nothing.
        var fewest = long.MaxValue;
        for (var round = 0; round < 8 && fewest > 0; round++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 16; i++)
            {
                embedding.SlotsToCoefficients(slots, coefficients);
                embedding.CoefficientsToSlots(coefficients, slots);
            }

            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        Assert.Equal(0, fewest);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-8)]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(12)]
    [InlineData(100)]
    [InlineData(4095)]
    [InlineData(131072)]
    [InlineData(int.MinValue)]
    public void Degree_outside_powers_of_two_from_8_to_65536_is_refused(int degree) =>
        Assert.Throws<ArgumentOutOfRangeException>("polyModulusDegree", () => new SlotEmbedding(degree));

    [Theory]
    [InlineData(8)]
    [InlineData(65536)]
    public void Extreme_supported_degrees_are_accepted(int degree) =>
        Assert.Equal(degree / 2, new SlotEmbedding(degree).SlotCount);

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(33)]
    [InlineData(64)]
    public void Slots_to_coefficients_requires_exactly_n_slots(int slotCount)
    {
        var embedding = new SlotEmbedding(64);
        Assert.Throws<ArgumentException>("slots", () => embedding.SlotsToCoefficients(new Complex[slotCount], new double[64]));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(32)]
    [InlineData(63)]
    [InlineData(128)]
    public void Slots_to_coefficients_requires_exactly_n_coefficients(int coefficientCount)
    {
        var embedding = new SlotEmbedding(64);
        Assert.Throws<ArgumentException>("coefficients", () => embedding.SlotsToCoefficients(new Complex[32], new double[coefficientCount]));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(32)]
    [InlineData(65)]
    public void Coefficients_to_slots_requires_exactly_n_coefficients(int coefficientCount)
    {
        var embedding = new SlotEmbedding(64);
        Assert.Throws<ArgumentException>("coefficients", () => embedding.CoefficientsToSlots(new double[coefficientCount], new Complex[32]));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(16)]
    [InlineData(33)]
    [InlineData(64)]
    public void Coefficients_to_slots_requires_exactly_n_slots(int slotCount)
    {
        var embedding = new SlotEmbedding(64);
        Assert.Throws<ArgumentException>("slots", () => embedding.CoefficientsToSlots(new double[64], new Complex[slotCount]));
    }

    private static int GaloisElement(int degree, int steps)
    {
        var m = 2L * degree;
        long element = 1;
        for (var i = 0; i < steps; i++)
        {
            element = element * 5 % m;
        }

        return (int)element;
    }

    /// <summary>ζ^k = exp(iπk/N) evaluated directly, with k reduced modulo 2N first.</summary>
    private static Complex Zeta(int degree, long k)
    {
        var m = 2L * degree;
        var reduced = ((k % m) + m) % m;
        return Complex.FromPolarCoordinates(1, Math.PI * reduced / degree);
    }

    private static Complex[] NaiveForward(double[] coefficients)
    {
        var degree = coefficients.Length;
        var slots = new Complex[degree / 2];
        for (var j = 0; j < slots.Length; j++)
        {
            long g = GaloisElement(degree, j);
            var sum = Complex.Zero;
            for (var i = 0; i < degree; i++)
            {
                sum += coefficients[i] * Zeta(degree, i * g);
            }

            slots[j] = sum;
        }

        return slots;
    }

    /// <summary>m_i = (2/N)·Re Σ_j z_j ζ^(−i·5^j): the slots and their conjugates fill all N primitive 2N-th roots.</summary>
    private static double[] NaiveInverse(Complex[] slots)
    {
        var degree = 2 * slots.Length;
        var group = Enumerable.Range(0, slots.Length).Select(j => (long)GaloisElement(degree, j)).ToArray();
        var coefficients = new double[degree];
        for (var i = 0; i < degree; i++)
        {
            var sum = Complex.Zero;
            for (var j = 0; j < slots.Length; j++)
            {
                sum += slots[j] * Zeta(degree, -i * group[j]);
            }

            coefficients[i] = 2.0 * sum.Real / degree;
        }

        return coefficients;
    }

    /// <summary>X^i → X^(i·g mod 2N), with X^N = −1 folding exponents at or above N back with a sign flip.</summary>
    private static double[] ApplyAutomorphism(double[] coefficients, int galoisElement)
    {
        var degree = coefficients.Length;
        var m = 2L * degree;
        var result = new double[degree];
        for (var i = 0; i < degree; i++)
        {
            var exponent = i * (long)galoisElement % m;
            if (exponent < degree)
            {
                result[exponent] += coefficients[i];
            }
            else
            {
                result[exponent - degree] -= coefficients[i];
            }
        }

        return result;
    }

    private static double[] NegacyclicProduct(double[] a, double[] b)
    {
        var degree = a.Length;
        var result = new double[degree];
        for (var i = 0; i < degree; i++)
        {
            for (var j = 0; j < degree; j++)
            {
                var k = i + j;
                if (k < degree)
                {
                    result[k] += a[i] * b[j];
                }
                else
                {
                    result[k - degree] -= a[i] * b[j];
                }
            }
        }

        return result;
    }

    private static Complex[] RandomSlots(int count, int seed)
    {
        var random = new Random(seed);
        var slots = new Complex[count];
        for (var j = 0; j < count; j++)
        {
            slots[j] = new Complex((2 * random.NextDouble()) - 1, (2 * random.NextDouble()) - 1);
        }

        return slots;
    }

    private static double[] RandomCoefficients(int count, int seed)
    {
        var random = new Random(seed);
        var coefficients = new double[count];
        for (var i = 0; i < count; i++)
        {
            coefficients[i] = (2 * random.NextDouble()) - 1;
        }

        return coefficients;
    }

    private static double MaxMagnitude(Complex[] values) => values.Max(Complex.Abs);

    private static double MaxError(Complex[] expected, Complex[] actual) =>
        expected.Zip(actual, (e, a) => Complex.Abs(e - a)).Max();

    /// <summary>Max-norm relative comparison: every entry within tolerance·max|expected| of its counterpart.</summary>
    private static void AssertClose(Complex[] expected, Complex[] actual, double tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        var scale = Math.Max(MaxMagnitude(expected), double.Epsilon);
        var error = MaxError(expected, actual) / scale;
        Assert.True(error <= tolerance, $"Relative error {error:E3} exceeds {tolerance:E1}.");
    }

    private static void AssertClose(double[] expected, double[] actual, double tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        var scale = Math.Max(expected.Max(Math.Abs), double.Epsilon);
        var error = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max() / scale;
        Assert.True(error <= tolerance, $"Relative error {error:E3} exceeds {tolerance:E1}.");
    }
}
