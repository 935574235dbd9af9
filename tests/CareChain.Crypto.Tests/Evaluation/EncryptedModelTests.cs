using CareChain.Crypto.Encryption;
using CareChain.Crypto.Tests.Fixtures;

namespace CareChain.Crypto.Tests.Evaluation;

/// <summary>End-to-end computations on encrypted records: a linear score and a logistic activation.</summary>
public sealed class EncryptedModelTests(CkksSetups setups)
{
    private const int Features = 16;

    [Fact]
    public void Encrypted_16_feature_dot_product_sums_into_the_first_slot_of_every_record()
    {
        var setup = setups.For(8192);
        var context = setup.Context;
        var random = new Random(16);
        var weights = Enumerable.Range(0, Features).Select(_ => (2 * random.NextDouble()) - 1).ToArray();

        // 256 records of 16 features side by side; the weights repeat once per record.
        var features = setup.RandomReals(random);
        var repeatedWeights = Enumerable.Range(0, setup.SlotCount).Select(i => weights[i % Features]).ToArray();

        var score = setup.Encrypt(features);
        setup.Evaluator.MultiplyPlain(score, setup.Encode(repeatedWeights), score);
        setup.Evaluator.RescaleToNext(score, score);
        var rotated = new Ciphertext();
        foreach (var step in new[] { 8, 4, 2, 1 })
        {
            setup.Evaluator.RotateVector(score, step, setup.GaloisKeys, rotated);
            setup.Evaluator.Add(score, rotated, score);
        }

        var decrypted = setup.Decrypt(score);
        var records = setup.SlotCount / Features;
        var expected = Enumerable.Range(0, records)
            .Select(r => Enumerable.Range(0, Features).Sum(i => features[(r * Features) + i] * weights[i]))
            .ToArray();
        var actual = Enumerable.Range(0, records).Select(r => decrypted[r * Features]).ToArray();

        // Each product: |w|·fresh + |x|·encode + rescale; each rotate-and-add doubles the error and adds a key switch.
        // That is the triangle inequality over 16 slot errors; being independent they add in quadrature instead, so
        // the measured error sits well below this bound.
        var bound = NoiseModel.PublicEncrypt(setup.N, setup.Scale) + NoiseModel.Encode(setup.N, setup.Scale) + NoiseModel.Rescale(setup.N, score.Scale);
        for (var s = 0; s < 4; s++)
        {
            bound = (2 * bound) + NoiseModel.KeySwitch(context, score.Level, score.Scale);
        }

        Precision.Within("16-feature dot product, N=8192", expected, actual, bound);
    }

    /// <summary>
    /// Two degree-3 logistic approximations: 0.5 + 0.197x − 0.004x³, within 0.052 of σ on [−5, 5] (it is no
    /// approximation on [−8, 8]: at x = 8 it gives 0.028 against 0.9997), and the least-squares fit on [−8, 8] from
    /// Kim et al. (2018), 0.5 + 0.15012x − 0.001593x³, within 0.115 of σ there.
    /// </summary>
    [Theory]
    [InlineData(0.197, -0.004, 5.0, 0.052)]
    [InlineData(0.15012, -0.001593, 8.0, 0.115)]
    public void Degree_three_sigmoid_approximation_evaluates_homomorphically(double linear, double cubic, double range, double fit)
    {
        var setup = setups.For(8192);
        var context = setup.Context;
        var evaluator = setup.Evaluator;
        var x = setup.RandomReals(new Random(3), range);
        var top = setup.MaxLevel;

        var cx = setup.Encrypt(x);

        // x² at level top − 1, scale Δ²/q_top.
        var x2 = new Ciphertext();
        evaluator.Square(cx, x2);
        evaluator.Relinearize(x2, setup.RelinearizationKeys, x2);
        evaluator.RescaleToNext(x2, x2);

        // c3·x at the same level and, with c3 encoded at Δ, the very same scale Δ²/q_top.
        var cubicX = new Ciphertext();
        evaluator.MultiplyPlain(cx, setup.EncodeConstant(cubic, top, setup.Scale), cubicX);
        evaluator.RescaleToNext(cubicX, cubicX);
        Assert.Equal(x2.Scale, cubicX.Scale);

        // c3·x³ at level top − 2.
        var cubed = new Ciphertext();
        evaluator.Multiply(x2, cubicX, cubed);
        evaluator.Relinearize(cubed, setup.RelinearizationKeys, cubed);
        evaluator.RescaleToNext(cubed, cubed);

        // c1·x must land on the same level and scale: mod-switch x down one level, then multiply by c1 encoded at
        // the scale that the next rescale turns into cubed.Scale.
        var linearX = new Ciphertext();
        evaluator.ModSwitchToNext(cx, linearX);
        var linearScale = cubed.Scale * context.LastModulusAt(linearX.Level) / linearX.Scale;
        evaluator.MultiplyPlain(linearX, setup.EncodeConstant(linear, linearX.Level, linearScale), linearX);
        evaluator.RescaleToNext(linearX, linearX);
        Assert.Equal(cubed.Level, linearX.Level);

        var result = new Ciphertext();
        evaluator.Add(cubed, linearX, result);
        evaluator.AddPlain(result, setup.EncodeConstant(0.5, result.Level, result.Scale), result);
        Assert.Equal(top - 2, result.Level);

        var polynomial = x.Select(v => 0.5 + (linear * v) + (cubic * v * v * v)).ToArray();
        var fresh = NoiseModel.PublicEncrypt(setup.N, setup.Scale);
        var n = setup.N;
        var squareBound = NoiseModel.Product(context, top, range, fresh, range, fresh, setup.Scale * setup.Scale);
        var cubicXBound = (Math.Abs(cubic) * fresh) + (range * 0.5 / setup.Scale) + NoiseModel.Rescale(n, x2.Scale);
        var cubedBound = NoiseModel.Product(context, top - 1, range * range, squareBound, Math.Abs(cubic) * range, cubicXBound, x2.Scale * cubicX.Scale);
        var linearBound = (Math.Abs(linear) * fresh) + (range * 0.5 / linearScale) + NoiseModel.Rescale(n, linearX.Scale);
        var bound = cubedBound + linearBound + (0.5 / result.Scale);
        Precision.Within($"sigmoid {linear}x {cubic}x^3 on [-{range}, {range}], N=8192", polynomial, setup.Decrypt(result), bound);

        // The polynomial itself is what it claims to be: close to the logistic function on its range.
        var logistic = x.Select(v => 1 / (1 + Math.Exp(-v))).ToArray();
        Assert.True(Precision.MaxError(logistic, polynomial) < fit, $"approximation error {Precision.MaxError(logistic, polynomial)}");
    }
}
