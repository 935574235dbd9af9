using CareChain.Crypto.Encryption;
using CareChain.Crypto.Tests.Fixtures;

namespace CareChain.Crypto.Tests.Evaluation;

/// <summary>decrypt(op(enc(x), enc(y))) ≈ op(x, y) for every operation and every supported degree.</summary>
public sealed class ArithmeticTests(CkksSetups setups)
{
    public static TheoryData<int> Degrees => CkksSetups.AllDegrees();

    [Theory]
    [MemberData(nameof(Degrees))]
    public void Add_adds_slotwise(int n)
    {
        var (setup, x, y, cx, cy) = Operands(n, 1);
        var result = new Ciphertext();

        setup.Evaluator.Add(cx, cy, result);

        Assert.Equal(setup.Scale, result.Scale);
        Assert.Equal(setup.MaxLevel, result.Level);
        Precision.Within($"add, N={n}", Zip(x, y, (a, b) => a + b), setup.Decrypt(result), 2 * Fresh(setup));
    }

    [Theory]
    [MemberData(nameof(Degrees))]
    public void Subtract_subtracts_slotwise(int n)
    {
        var (setup, x, y, cx, cy) = Operands(n, 2);
        var result = new Ciphertext();

        setup.Evaluator.Subtract(cx, cy, result);

        Precision.Within($"sub, N={n}", Zip(x, y, (a, b) => a - b), setup.Decrypt(result), 2 * Fresh(setup));
    }

    [Theory]
    [MemberData(nameof(Degrees))]
    public void Negate_negates_every_slot(int n)
    {
        var (setup, x, _, cx, _) = Operands(n, 3);
        var result = new Ciphertext();

        setup.Evaluator.Negate(cx, result);

        Precision.Within($"negate, N={n}", [.. x.Select(a => -a)], setup.Decrypt(result), Fresh(setup));
    }

    [Theory]
    [MemberData(nameof(Degrees))]
    public void Add_plain_and_subtract_plain_add_and_subtract_the_encoded_vector(int n)
    {
        var (setup, x, y, cx, _) = Operands(n, 4);
        var py = setup.Encode(y);
        var sum = new Ciphertext();
        var difference = new Ciphertext();

        setup.Evaluator.AddPlain(cx, py, sum);
        setup.Evaluator.SubtractPlain(cx, py, difference);

        var bound = Fresh(setup) + NoiseModel.Encode(n, setup.Scale);
        Precision.Within($"add_plain, N={n}", Zip(x, y, (a, b) => a + b), setup.Decrypt(sum), bound);
        Precision.Within($"sub_plain, N={n}", Zip(x, y, (a, b) => a - b), setup.Decrypt(difference), bound);
    }

    [Theory]
    [MemberData(nameof(Degrees))]
    public void Multiply_plain_then_rescale_multiplies_slotwise(int n)
    {
        var (setup, x, y, cx, _) = Operands(n, 5);
        var product = new Ciphertext();

        setup.Evaluator.MultiplyPlain(cx, setup.Encode(y), product);
        Assert.Equal(setup.Scale * setup.Scale, product.Scale);
        Assert.Equal(2, product.Size);
        var expected = Zip(x, y, (a, b) => a * b);
        var productBound = Fresh(setup) + NoiseModel.Encode(n, setup.Scale);
        Precision.Within($"multiply_plain, N={n}", expected, setup.Decrypt(product), productBound);

        setup.Evaluator.RescaleToNext(product, product);
        var last = setup.Context.LastModulusAt(setup.MaxLevel);
        Assert.Equal(setup.MaxLevel - 1, product.Level);
        Assert.Equal(setup.Scale * setup.Scale / last, product.Scale);
        Precision.Within($"multiply_plain + rescale, N={n}", expected, setup.Decrypt(product), productBound + NoiseModel.Rescale(n, product.Scale));
    }

    [Theory]
    [MemberData(nameof(Degrees))]
    public void Multiply_relinearize_rescale_multiplies_slotwise(int n)
    {
        var (setup, x, y, cx, cy) = Operands(n, 6);
        var expected = Zip(x, y, (a, b) => a * b);
        var product = new Ciphertext();

        setup.Evaluator.Multiply(cx, cy, product);
        Assert.Equal(3, product.Size);
        Assert.Equal(setup.Scale * setup.Scale, product.Scale);
        var tensorBound = 2 * Fresh(setup);
        Precision.Within($"multiply (size 3, decrypted with s²), N={n}", expected, setup.Decrypt(product), tensorBound);

        setup.Evaluator.Relinearize(product, setup.RelinearizationKeys, product);
        Assert.Equal(2, product.Size);
        var relinearizedBound = tensorBound + NoiseModel.KeySwitch(setup.Context, setup.MaxLevel, product.Scale);
        Precision.Within($"multiply + relinearize, N={n}", expected, setup.Decrypt(product), relinearizedBound);

        setup.Evaluator.RescaleToNext(product, product);
        Assert.Equal(setup.MaxLevel - 1, product.Level);
        Precision.Within(
            $"multiply + relinearize + rescale, N={n}",
            expected,
            setup.Decrypt(product),
            NoiseModel.Product(setup.Context, setup.MaxLevel, 1, Fresh(setup), 1, Fresh(setup), setup.Scale * setup.Scale));
    }

    [Theory]
    [MemberData(nameof(Degrees))]
    public void Rescaling_before_relinearizing_gives_the_same_product(int n)
    {
        var (setup, x, y, cx, cy) = Operands(n, 13);
        var product = new Ciphertext();

        setup.Evaluator.Multiply(cx, cy, product);
        setup.Evaluator.RescaleToNext(product, product);
        Assert.Equal((3, setup.MaxLevel - 1), (product.Size, product.Level));
        setup.Evaluator.Relinearize(product, setup.RelinearizationKeys, product);
        Assert.Equal(2, product.Size);

        // Legal, but noisier than the usual order: the rescale rounds c2 too, and that rounding is multiplied by s²
        // (NoiseModel.RescaleOfSizeThree: measured 100–200 times the error of relinearizing first); the key switch then
        // happens at scale Δ²/q instead of Δ².
        var bound = (2 * Fresh(setup))
            + NoiseModel.RescaleOfSizeThree(n, product.Scale)
            + NoiseModel.KeySwitch(setup.Context, product.Level, product.Scale);
        Precision.Within($"multiply + rescale + relinearize, N={n}", Zip(x, y, (a, b) => a * b), setup.Decrypt(product), bound);
    }

    [Theory]
    [MemberData(nameof(Degrees))]
    public void Square_squares_every_slot(int n)
    {
        var (setup, x, _, cx, _) = Operands(n, 7);
        var squared = new Ciphertext();

        setup.Evaluator.Square(cx, squared);
        Assert.Equal(3, squared.Size);
        setup.Evaluator.Relinearize(squared, setup.RelinearizationKeys, squared);
        setup.Evaluator.RescaleToNext(squared, squared);

        Precision.Within(
            $"square + relinearize + rescale, N={n}",
            [.. x.Select(a => a * a)],
            setup.Decrypt(squared),
            NoiseModel.Product(setup.Context, setup.MaxLevel, 1, Fresh(setup), 1, Fresh(setup), setup.Scale * setup.Scale));
    }

    [Theory]
    [MemberData(nameof(Degrees))]
    public void Relinearize_shrinks_a_product_to_two_polynomials_and_leaves_others_alone(int n)
    {
        var (setup, x, _, cx, _) = Operands(n, 8);
        var fresh = new Ciphertext();

        setup.Evaluator.Relinearize(cx, setup.RelinearizationKeys, fresh);

        // A ciphertext that is already of size 2 is copied unchanged.
        Assert.Equal(2, fresh.Size);
        Assert.Equal(cx.Data.ToArray(), fresh.Data.ToArray());
        Precision.Within($"relinearize (size 2, a copy), N={n}", x, setup.Decrypt(fresh), Fresh(setup));
    }

    [Theory]
    [MemberData(nameof(Degrees))]
    public void Rescale_divides_the_scale_by_the_last_prime_and_keeps_the_values(int n)
    {
        var (setup, x, _, _, _) = Operands(n, 9);
        var level = setup.MaxLevel;
        var last = setup.Context.LastModulusAt(level);
        // Encrypt at scale Δ·q_l so that rescaling lands exactly on Δ.
        var ciphertext = setup.Encryptor.Encrypt(setup.Encode(x, level, setup.Scale * last));
        var rescaled = new Ciphertext();

        setup.Evaluator.RescaleToNext(ciphertext, rescaled);

        Assert.Equal(level - 1, rescaled.Level);
        Assert.Equal(setup.Scale, rescaled.Scale, 1e-12 * setup.Scale);
        Assert.Equal(level, ciphertext.Level);
        Precision.Within(
            $"rescale_to_next, N={n}",
            x,
            setup.Decrypt(rescaled),
            NoiseModel.PublicEncrypt(n, setup.Scale * last) + NoiseModel.Rescale(n, rescaled.Scale));
    }

    [Theory]
    [MemberData(nameof(Degrees))]
    public void Mod_switch_drops_a_level_and_keeps_scale_and_values(int n)
    {
        var (setup, x, y, cx, _) = Operands(n, 10);
        var switched = new Ciphertext();

        setup.Evaluator.ModSwitchToNext(cx, switched);

        Assert.Equal(setup.MaxLevel - 1, switched.Level);
        Assert.Equal(setup.Scale, switched.Scale);
        Assert.Equal(setup.MaxLevel, cx.Level);
        Precision.Within($"mod_switch_to_next (ciphertext), N={n}", x, setup.Decrypt(switched), Fresh(setup));

        // Plaintexts switch in place and then meet ciphertexts at the lower level.
        var py = setup.Encode(y);
        setup.Evaluator.ModSwitchToNext(py);
        Assert.Equal(setup.MaxLevel - 1, py.Level);
        Assert.Equal(setup.Scale, py.Scale);
        Precision.Within($"mod_switch_to_next (plaintext), N={n}", y, setup.Decode(py), NoiseModel.Encode(n, setup.Scale));

        var sum = new Ciphertext();
        setup.Evaluator.AddPlain(switched, py, sum);
        Precision.Within($"add_plain after mod_switch, N={n}", Zip(x, y, (a, b) => a + b), setup.Decrypt(sum), Fresh(setup) + NoiseModel.Encode(n, setup.Scale));

        // At N = 4096 the level below the top is one 40-bit prime: too small for a product at scale 2^58.
        if (setup.Context.LevelModulusBits(switched.Level) > (2 * Math.Log2(setup.Scale)) + 1)
        {
            var product = new Ciphertext();
            setup.Evaluator.MultiplyPlain(switched, py, product);
            Precision.Within($"multiply_plain after mod_switch, N={n}", Zip(x, y, (a, b) => a * b), setup.Decrypt(product), Fresh(setup) + NoiseModel.Encode(n, setup.Scale));
        }
    }

    [Theory]
    [MemberData(nameof(Degrees))]
    public void Mod_switch_and_rescale_reach_level_zero_and_stop_there(int n)
    {
        var (setup, x, _, cx, _) = Operands(n, 11);
        var plaintext = setup.Encode(x);
        while (cx.Level > 0)
        {
            setup.Evaluator.ModSwitchToNext(cx, cx);
            setup.Evaluator.ModSwitchToNext(plaintext);
        }

        Assert.Equal(0, plaintext.Level);
        Precision.Within($"mod_switch to level 0, N={n}", x, setup.Decrypt(cx), Fresh(setup));
        Assert.Throws<InvalidOperationException>(() => setup.Evaluator.ModSwitchToNext(cx, new Ciphertext()));
        Assert.Throws<InvalidOperationException>(() => setup.Evaluator.ModSwitchToNext(plaintext));
        var exception = Assert.Throws<InvalidOperationException>(() => setup.Evaluator.RescaleToNext(cx, new Ciphertext()));
        Assert.Contains("level 0", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Degrees))]
    public void Operations_on_complex_data_act_on_real_and_imaginary_parts(int n)
    {
        var setup = setups.For(n);
        var random = new Random(n + 12);
        var x = setup.RandomComplex(random);
        var y = setup.RandomComplex(random);
        var cx = setup.Encrypt(x);
        var cy = setup.Encrypt(y);
        var sum = new Ciphertext();
        var product = new Ciphertext();

        setup.Evaluator.Add(cx, cy, sum);
        setup.Evaluator.Multiply(cx, cy, product);
        setup.Evaluator.Relinearize(product, setup.RelinearizationKeys, product);
        setup.Evaluator.RescaleToNext(product, product);

        Precision.Within($"add complex, N={n}", [.. x.Zip(y, (a, b) => a + b)], setup.DecryptComplex(sum), 2 * Fresh(setup));
        // |x|, |y| ≤ √2, and a complex product mixes real and imaginary errors: twice the real-valued bound.
        Precision.Within(
            $"multiply complex, N={n}",
            [.. x.Zip(y, (a, b) => a * b)],
            setup.DecryptComplex(product),
            2 * NoiseModel.Product(setup.Context, setup.MaxLevel, Math.Sqrt(2), Fresh(setup), Math.Sqrt(2), Fresh(setup), setup.Scale * setup.Scale));
    }

    private static double Fresh(CkksSetup setup) => NoiseModel.PublicEncrypt(setup.N, setup.Scale);

    private static double[] Zip(double[] x, double[] y, Func<double, double, double> op) => [.. x.Zip(y, op)];

    private (CkksSetup Setup, double[] X, double[] Y, Ciphertext Cx, Ciphertext Cy) Operands(int n, int seed)
    {
        var setup = setups.For(n);
        var random = new Random((n * 100) + seed);
        var x = setup.RandomReals(random);
        var y = setup.RandomReals(random);
        return (setup, x, y, setup.Encrypt(x), setup.Encrypt(y));
    }
}
