using System.Numerics;
using CareChain.Crypto.Encryption;
using CareChain.Crypto.Tests.Fixtures;

namespace CareChain.Crypto.Tests.Encoding;

public sealed class CkksEncoderTests(CkksSetups setups)
{
    public static TheoryData<int> Degrees => CkksSetups.AllDegrees();

    [Theory]
    [MemberData(nameof(Degrees))]
    public void Real_values_round_trip_within_the_rounding_bound(int n)
    {
        var setup = setups.For(n);
        var values = setup.RandomReals(new Random(n));

        var plaintext = setup.Encode(values);
        Assert.Equal(setup.MaxLevel, plaintext.Level);
        Assert.Equal(setup.Scale, plaintext.Scale);
        Assert.Equal(n, plaintext.PolyModulusDegree);
        Assert.Equal(setup.Context.ParametersId.ToArray(), plaintext.ParametersId.ToArray());

        Precision.Within($"encode/decode real, N={n}", values, setup.Decode(plaintext), NoiseModel.Encode(n, setup.Scale));
    }

    [Theory]
    [MemberData(nameof(Degrees))]
    public void Complex_values_round_trip_within_the_rounding_bound(int n)
    {
        var setup = setups.For(n);
        var values = setup.RandomComplex(new Random(n + 1));

        var decoded = setup.DecodeComplex(setup.Encode(values));

        Precision.Within($"encode/decode complex, N={n}", values, decoded, NoiseModel.Encode(n, setup.Scale));
    }

    [Theory]
    [MemberData(nameof(Degrees))]
    public void Real_values_decode_with_zero_imaginary_parts(int n)
    {
        var setup = setups.For(n);
        var values = setup.RandomReals(new Random(n + 2));

        var decoded = setup.DecodeComplex(setup.Encode(values));

        var expected = values.Select(v => new Complex(v, 0)).ToArray();
        Precision.Within($"encode real/decode complex, N={n}", expected, decoded, NoiseModel.Encode(n, setup.Scale));
    }

    [Fact]
    public void Fewer_values_than_slots_leave_the_remaining_slots_zero()
    {
        var setup = setups.For(8192);
        var values = new[] { 1.5, -2.25, 3.0 };
        var plaintext = new Plaintext();
        setup.Encoder.Encode(values, setup.Scale, plaintext);

        var expected = new double[setup.SlotCount];
        values.CopyTo(expected, 0);
        Precision.Within("encode short vector, N=8192", expected, setup.Decode(plaintext), NoiseModel.Encode(8192, setup.Scale));

        // Decoding into a shorter span gives the first slots.
        var firstThree = new double[3];
        setup.Encoder.Decode(plaintext, firstThree);
        Precision.Within("decode first slots, N=8192", values, firstThree, NoiseModel.Encode(8192, setup.Scale));
    }

    [Theory]
    [InlineData(4096, 0)]
    [InlineData(8192, 2)]
    [InlineData(8192, 0)]
    [InlineData(32768, 1)]
    public void A_constant_fills_every_slot_at_the_requested_level_and_scale(int n, int level)
    {
        var setup = setups.For(n);
        var scale = Math.Pow(2, 25);

        var plaintext = setup.EncodeConstant(-0.3125, level, scale);

        Assert.Equal(level, plaintext.Level);
        Assert.Equal(scale, plaintext.Scale);
        // A constant polynomial has one coefficient: its rounding error is at most 1/2 in every slot.
        Precision.Within($"encode constant, N={n}", [.. Enumerable.Repeat(-0.3125, setup.SlotCount)], setup.Decode(plaintext), 0.5 / scale);
    }

    [Theory]
    [InlineData(8192, 0)]
    [InlineData(8192, 1)]
    [InlineData(16384, 1)]
    public void Values_encoded_at_a_lower_level_keep_that_level_and_round_trip(int n, int level)
    {
        var setup = setups.For(n);
        var values = setup.RandomReals(new Random(level));

        var plaintext = setup.Encode(values, level, setup.Scale);

        Assert.Equal(level, plaintext.Level);
        Precision.Within($"encode at level {level}, N={n}", values, setup.Decode(plaintext), NoiseModel.Encode(n, setup.Scale));
    }

    [Fact]
    public void Coefficients_beyond_64_bits_encode_exactly()
    {
        // At scale 2^80 coefficients exceed 2^63 and take the BigInteger path; the 140-bit top level still fits them.
        // The error is then the double-precision round-off of the FFT, about N·2^-52 relative, not the rounding.
        var setup = setups.For(8192);
        var values = setup.RandomReals(new Random(80));
        var plaintext = setup.Encode(values, setup.MaxLevel, Math.Pow(2, 80));

        Precision.Within("encode at scale 2^80, N=8192", values, setup.Decode(plaintext), 1e-12);
    }

    [Fact]
    public void More_values_than_slots_are_refused()
    {
        var setup = setups.For(4096);
        var exception = Assert.Throws<ArgumentException>(
            () => setup.Encoder.Encode(new double[setup.SlotCount + 1], setup.Scale, new Plaintext()));
        Assert.Contains($"At most {setup.SlotCount} values", exception.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => setup.Encoder.Encode(new Complex[setup.SlotCount + 1], setup.Scale, new Plaintext()));
        Assert.Throws<ArgumentException>(() => setup.Encoder.Decode(setup.Encode(new double[1]), new double[setup.SlotCount + 1]));
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Non_finite_values_are_refused(double bad)
    {
        var setup = setups.For(4096);
        var values = new[] { 1.0, bad };
        var exception = Assert.Throws<ArgumentException>(() => setup.Encoder.Encode(values, setup.Scale, new Plaintext()));
        Assert.Contains("Value 1 is not a finite number", exception.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => setup.Encoder.Encode(bad, 0, setup.Scale, new Plaintext()));
    }

    [Fact]
    public void Values_too_large_for_the_modulus_at_that_level_are_refused()
    {
        // Level 0 of 60, 40, 40, 60 is a 60-bit prime: 2^25 in every slot is the constant coefficient 2^25 · 2^40.
        var setup = setups.For(8192);
        var large = Enumerable.Repeat(Math.Pow(2, 25), setup.SlotCount).ToArray();
        var exception = Assert.Throws<ArgumentException>(() => setup.Encoder.Encode(large, 0, setup.Scale, new Plaintext()));
        Assert.Contains("do not fit", exception.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => setup.Encoder.Encode(Math.Pow(2, 25), 0, setup.Scale, new Plaintext()));

        // The same value fits two levels up.
        Precision.Within("encode 2^25 at level 2, N=8192", large, setup.Decode(setup.Encode(large, 2, setup.Scale)), NoiseModel.Encode(8192, setup.Scale));
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Scales_below_one_or_not_finite_are_refused(double scale)
    {
        var setup = setups.For(4096);
        Assert.Throws<ArgumentOutOfRangeException>(() => setup.Encoder.Encode(new[] { 1.0 }, scale, new Plaintext()));
        Assert.Throws<ArgumentOutOfRangeException>(() => setup.Encoder.Encode(1.0, 0, scale, new Plaintext()));
    }

    [Fact]
    public void A_scale_that_leaves_no_room_below_the_modulus_is_refused()
    {
        var setup = setups.For(8192);
        var exception = Assert.Throws<ArgumentOutOfRangeException>(
            () => setup.Encoder.Encode(new[] { 0.0 }, 0, Math.Pow(2, 59), new Plaintext()));
        Assert.Contains("2^59", exception.Message, StringComparison.Ordinal);
        Assert.Contains("level 0", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Levels_outside_the_chain_are_refused()
    {
        var setup = setups.For(8192);
        Assert.Throws<ArgumentOutOfRangeException>(() => setup.Encoder.Encode(new[] { 1.0 }, setup.MaxLevel + 1, setup.Scale, new Plaintext()));
        Assert.Throws<ArgumentOutOfRangeException>(() => setup.Encoder.Encode(new[] { 1.0 }, -1, setup.Scale, new Plaintext()));
        Assert.Throws<ArgumentOutOfRangeException>(() => setup.Encoder.Encode(1.0, setup.MaxLevel + 1, setup.Scale, new Plaintext()));
    }

    [Fact]
    public void A_plaintext_of_other_parameters_is_refused_by_decode()
    {
        var plaintext = setups.For(4096).Encode(new double[1]);
        var exception = Assert.Throws<ArgumentException>(() => setups.For(8192).Decode(plaintext));
        Assert.Contains("different encryption parameters", exception.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => setups.For(8192).Decode(new Plaintext()));
    }
}
