using CareChain.Crypto.Encryption;
using CareChain.Crypto.Tests.Fixtures;

namespace CareChain.Crypto.Tests.Evaluation;

/// <summary>Levels and scales are tracked, and operands that do not line up are refused with both sides named.</summary>
public sealed class LevelAndScaleTests(CkksSetups setups)
{
    [Fact]
    public void Mismatched_levels_are_refused_naming_both_levels()
    {
        var setup = setups.For(8192);
        var (high, low) = HighAndLow(setup);
        var destination = new Ciphertext();
        var top = setup.MaxLevel;
        var below = top - 1;

        AssertLevelMismatch("Add", top, below, () => setup.Evaluator.Add(high, low, destination));
        AssertLevelMismatch("Add", below, top, () => setup.Evaluator.Add(low, high, destination));
        AssertLevelMismatch("Subtract", top, below, () => setup.Evaluator.Subtract(high, low, destination));
        AssertLevelMismatch("Multiply", below, top, () => setup.Evaluator.Multiply(low, high, destination));
        AssertLevelMismatch("AddPlain", below, top, () => setup.Evaluator.AddPlain(low, setup.Encode(new double[1]), destination));
        AssertLevelMismatch("SubtractPlain", below, top, () => setup.Evaluator.SubtractPlain(low, setup.Encode(new double[1]), destination));
        AssertLevelMismatch("MultiplyPlain", top, below, () => setup.Evaluator.MultiplyPlain(high, setup.Encode(new double[1], below, setup.Scale), destination));
    }

    [Fact]
    public void Mismatched_scales_are_refused_naming_both_scales()
    {
        var setup = setups.For(8192);
        var x = setup.RandomReals(new Random(1));
        var at40 = setup.Encrypt(x);
        var at30 = setup.Encryptor.Encrypt(setup.Encode(x, setup.MaxLevel, Math.Pow(2, 30)));
        var destination = new Ciphertext();

        AssertScaleMismatch("Add", "2^40", "2^30", () => setup.Evaluator.Add(at40, at30, destination));
        AssertScaleMismatch("Subtract", "2^30", "2^40", () => setup.Evaluator.Subtract(at30, at40, destination));
        AssertScaleMismatch("AddPlain", "2^40", "2^30", () => setup.Evaluator.AddPlain(at40, setup.Encode(x, setup.MaxLevel, Math.Pow(2, 30)), destination));
        AssertScaleMismatch("SubtractPlain", "2^30", "2^40", () => setup.Evaluator.SubtractPlain(at30, setup.Encode(x), destination));

        // A rescaled product sits at Δ²/q, close to but not exactly Δ: adding a fresh Δ ciphertext is refused.
        var product = new Ciphertext();
        setup.Evaluator.MultiplyPlain(at40, setup.Encode(x), product);
        setup.Evaluator.RescaleToNext(product, product);
        var fresh = setup.Encryptor.Encrypt(setup.Encode(x, product.Level, setup.Scale));
        Assert.NotEqual(setup.Scale, product.Scale);
        var exception = Assert.Throws<ArgumentException>(() => setup.Evaluator.Add(product, fresh, destination));
        Assert.Contains("scale mismatch", exception.Message, StringComparison.Ordinal);

        // Multiplication takes any two scales: the product's scale is their product.
        setup.Evaluator.Multiply(at40, at30, destination);
        Assert.Equal(Math.Pow(2, 70), destination.Scale);
    }

    [Fact]
    public void Rescaling_a_scale_below_the_prime_is_refused_and_leaves_the_destination_alone()
    {
        var setup = setups.For(8192);
        var x = setup.RandomReals(new Random(3));
        var small = setup.Encryptor.Encrypt(setup.Encode(x, setup.MaxLevel, Math.Pow(2, 30)));
        var destination = setup.Encrypt(x);
        var before = destination.Clone();

        var exception = Assert.Throws<InvalidOperationException>(() => setup.Evaluator.RescaleToNext(small, destination));

        Assert.Contains("2^30", exception.Message, StringComparison.Ordinal);
        Assert.Contains("below 1", exception.Message, StringComparison.Ordinal);
        Assert.Equal(before.Level, destination.Level);
        Assert.Equal(before.Scale, destination.Scale);
    }

    [Fact]
    public void Scales_equal_up_to_rounding_of_the_double_are_accepted()
    {
        var setup = setups.For(8192);
        var x = setup.RandomReals(new Random(2));
        var a = setup.Encrypt(x);
        var b = setup.Encryptor.Encrypt(setup.Encode(x, setup.MaxLevel, setup.Scale * (1 + 1e-13)));
        var sum = new Ciphertext();

        setup.Evaluator.Add(a, b, sum);

        Precision.Within("add at scales 1e-13 apart, N=8192", [.. x.Select(v => 2 * v)], setup.Decrypt(sum), 2 * NoiseModel.PublicEncrypt(8192, setup.Scale) + 1e-12);
    }

    [Theory]
    [InlineData(4096)]
    [InlineData(8192)]
    [InlineData(32768)]
    public void Multiplying_size_three_ciphertexts_is_refused(int n)
    {
        var setup = setups.For(n);
        var cx = setup.Encrypt(setup.RandomReals(new Random(3)));
        var product = new Ciphertext();
        setup.Evaluator.Multiply(cx, cx, product);
        Assert.Equal(3, product.Size);

        var exception = Assert.Throws<ArgumentException>(() => setup.Evaluator.Multiply(product, cx, new Ciphertext()));
        Assert.Contains("3 polynomials", exception.Message, StringComparison.Ordinal);
        Assert.Contains("relinearize", exception.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => setup.Evaluator.Multiply(cx, product, new Ciphertext()));
        Assert.Throws<ArgumentException>(() => setup.Evaluator.Square(product, new Ciphertext()));
    }

    [Theory]
    [InlineData(4096)]
    [InlineData(8192)]
    public void Rescaling_at_level_zero_is_refused(int n)
    {
        var setup = setups.For(n);
        var ciphertext = setup.Encryptor.Encrypt(setup.Encode(new double[1], 0, setup.Scale));

        var exception = Assert.Throws<InvalidOperationException>(() => setup.Evaluator.RescaleToNext(ciphertext, new Ciphertext()));
        Assert.Contains("RescaleToNext", exception.Message, StringComparison.Ordinal);
        Assert.Contains("level 0", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_product_whose_scale_outgrows_the_modulus_is_refused()
    {
        // Level 0 is one 60-bit prime: 2^40 · 2^40 = 2^80 does not fit.
        var setup = setups.For(8192);
        var x = setup.RandomReals(new Random(4));
        var low = setup.Encryptor.Encrypt(setup.Encode(x, 0, setup.Scale));

        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => setup.Evaluator.Multiply(low, low, new Ciphertext()));
        Assert.Contains("Multiply", exception.Message, StringComparison.Ordinal);
        Assert.Contains("2^80", exception.Message, StringComparison.Ordinal);
        Assert.Contains("rescale first", exception.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => setup.Evaluator.MultiplyPlain(low, setup.Encode(x, 0, setup.Scale), new Ciphertext()));
        Assert.Throws<ArgumentOutOfRangeException>(() => setup.Evaluator.Square(low, new Ciphertext()));

        // At the top level (140 bits) three factors of 2^40 fit; a fourth does not.
        var top = setup.Encrypt(x);
        var cube = new Ciphertext();
        setup.Evaluator.Multiply(top, top, cube);
        setup.Evaluator.Relinearize(cube, setup.RelinearizationKeys, cube);
        setup.Evaluator.MultiplyPlain(cube, setup.Encode(x), cube);
        Assert.Equal(Math.Pow(2, 120), cube.Scale);
        Assert.Throws<ArgumentOutOfRangeException>(() => setup.Evaluator.MultiplyPlain(cube, setup.Encode(x), new Ciphertext()));
        Assert.Throws<ArgumentOutOfRangeException>(() => setup.Evaluator.Multiply(cube, top, new Ciphertext()));
    }

    [Fact]
    public void Operations_track_level_and_scale_through_a_computation()
    {
        var setup = setups.For(16384);
        var x = setup.RandomReals(new Random(5));
        var cx = setup.Encrypt(x);
        var q2 = setup.Context.LastModulusAt(2);
        var q1 = setup.Context.LastModulusAt(1);
        var work = new Ciphertext();

        setup.Evaluator.Square(cx, work);
        Assert.Equal((3, 2, Math.Pow(2, 80)), (work.Size, work.Level, work.Scale));
        setup.Evaluator.Relinearize(work, setup.RelinearizationKeys, work);
        Assert.Equal((2, 2, Math.Pow(2, 80)), (work.Size, work.Level, work.Scale));
        setup.Evaluator.RescaleToNext(work, work);
        Assert.Equal((2, 1, Math.Pow(2, 80) / q2), (work.Size, work.Level, work.Scale));
        setup.Evaluator.RotateVector(work, 1, setup.GaloisKeys, work);
        setup.Evaluator.Negate(work, work);
        Assert.Equal((2, 1, Math.Pow(2, 80) / q2), (work.Size, work.Level, work.Scale));
        setup.Evaluator.MultiplyPlain(work, setup.EncodeConstant(2, 1, setup.Scale), work);
        setup.Evaluator.RescaleToNext(work, work);
        Assert.Equal((2, 0, Math.Pow(2, 120) / q2 / q1), (work.Size, work.Level, work.Scale));

        var expected = Enumerable.Range(0, x.Length).Select(i => -2 * x[(i + 1) % x.Length] * x[(i + 1) % x.Length]).ToArray();
        var fresh = NoiseModel.PublicEncrypt(16384, setup.Scale);
        var squared = NoiseModel.Product(setup.Context, 2, 1, fresh, 1, fresh, Math.Pow(2, 80));
        var rotated = squared + NoiseModel.KeySwitch(setup.Context, 1, work.Scale);
        Precision.Within(
            "square, rotate, negate, times 2, N=16384",
            expected,
            setup.Decrypt(work),
            (2 * rotated) + NoiseModel.Encode(16384, setup.Scale) + NoiseModel.Rescale(16384, work.Scale));
    }

    [Fact]
    public void Operands_from_other_parameters_are_refused()
    {
        var small = setups.For(4096);
        var other = setups.For(8192);
        var foreign = small.Encrypt(new double[1]);
        var own = other.Encrypt(new double[1]);
        var destination = new Ciphertext();

        var exception = Assert.Throws<ArgumentException>(() => other.Evaluator.Add(own, foreign, destination));
        Assert.Contains("different encryption parameters", exception.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => other.Evaluator.Multiply(foreign, own, destination));
        Assert.Throws<ArgumentException>(() => other.Evaluator.Negate(foreign, destination));
        Assert.Throws<ArgumentException>(() => other.Evaluator.RescaleToNext(foreign, destination));
        Assert.Throws<ArgumentException>(() => other.Evaluator.AddPlain(own, small.Encode(new double[1]), destination));
        Assert.Throws<ArgumentException>(() => other.Evaluator.Add(own, new Ciphertext(), destination));
    }

    private static (Ciphertext High, Ciphertext Low) HighAndLow(CkksSetup setup)
    {
        var x = setup.RandomReals(new Random(0));
        var high = setup.Encrypt(x);
        var low = new Ciphertext();
        setup.Evaluator.ModSwitchToNext(high, low);
        return (high, low);
    }

    private static void AssertLevelMismatch(string operation, int left, int right, Action action)
    {
        var exception = Assert.Throws<ArgumentException>(action);
        Assert.Contains(operation, exception.Message, StringComparison.Ordinal);
        Assert.Contains($"left operand at level {left}", exception.Message, StringComparison.Ordinal);
        Assert.Contains($"right operand at level {right}", exception.Message, StringComparison.Ordinal);
    }

    private static void AssertScaleMismatch(string operation, string left, string right, Action action)
    {
        var exception = Assert.Throws<ArgumentException>(action);
        Assert.Contains(operation, exception.Message, StringComparison.Ordinal);
        Assert.Contains($"left operand at {left}", exception.Message, StringComparison.Ordinal);
        Assert.Contains($"right operand at {right}", exception.Message, StringComparison.Ordinal);
    }
}
