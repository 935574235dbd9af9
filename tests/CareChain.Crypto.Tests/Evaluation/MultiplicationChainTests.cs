using CareChain.Crypto.Encryption;
using CareChain.Crypto.Tests.Fixtures;

namespace CareChain.Crypto.Tests.Evaluation;

public sealed class MultiplicationChainTests(CkksSetups setups)
{
    [Fact]
    public void Six_multiplications_reach_the_last_level_and_match_the_plaintext_product()
    {
        // N = 16384 with 60, 40 × 6, 60 bits: six rescalings by 40-bit primes, ending on the 60-bit q_0.
        var setup = setups.Chain;
        var context = setup.Context;
        Assert.Equal(6, setup.MaxLevel);
        var random = new Random(16384);
        var factors = Enumerable.Range(0, 7).Select(_ => setup.RandomReals(random)).ToArray();
        var fresh = NoiseModel.PublicEncrypt(setup.N, setup.Scale);

        var accumulator = setup.Encrypt(factors[0]);
        var expected = factors[0].ToArray();
        var bound = fresh;
        for (var k = 1; k < factors.Length; k++)
        {
            var factor = setup.Encrypt(factors[k]);
            while (factor.Level > accumulator.Level)
            {
                setup.Evaluator.ModSwitchToNext(factor, factor);
            }

            var level = accumulator.Level;
            var productScale = accumulator.Scale * factor.Scale;
            setup.Evaluator.Multiply(accumulator, factor, accumulator);
            setup.Evaluator.Relinearize(accumulator, setup.RelinearizationKeys, accumulator);
            setup.Evaluator.RescaleToNext(accumulator, accumulator);

            for (var i = 0; i < expected.Length; i++)
            {
                expected[i] *= factors[k][i];
            }

            // |running product| ≤ 1 and |factor| ≤ 1, so the bound grows by the fresh factor's noise plus what
            // relinearization and rescaling add: about linearly in the number of multiplications.
            bound = NoiseModel.Product(context, level, 1, bound, 1, fresh, productScale);
            Assert.Equal(level - 1, accumulator.Level);
            Assert.Equal(productScale / context.LastModulusAt(level), accumulator.Scale);
            Precision.Within($"chain after {k} multiplications (level {accumulator.Level}), N=16384", expected, setup.Decrypt(accumulator), bound);
        }

        Assert.Equal(0, accumulator.Level);
        Assert.Throws<InvalidOperationException>(() => setup.Evaluator.RescaleToNext(accumulator, new Ciphertext()));
    }
}
