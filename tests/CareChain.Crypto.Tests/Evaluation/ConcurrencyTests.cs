using CareChain.Crypto.Encryption;
using CareChain.Crypto.Tests.Fixtures;

namespace CareChain.Crypto.Tests.Evaluation;

public sealed class ConcurrencyTests(CkksSetups setups)
{
    [Fact]
    public void One_context_keys_encoder_encryptor_evaluator_and_decryptor_serve_parallel_computations()
    {
        var setup = setups.For(8192);
        var fresh = NoiseModel.PublicEncrypt(8192, setup.Scale);
        var bound = NoiseModel.Product(setup.Context, setup.MaxLevel, 1, fresh, 1, fresh, setup.Scale * setup.Scale)
            + NoiseModel.KeySwitch(setup.Context, setup.MaxLevel - 1, setup.Scale);
        int[] steps = [1, 2, 3, 4, 7, 8, 16, 100];
        var errors = new double[steps.Length];

        Parallel.For(0, errors.Length, i =>
        {
            var random = new Random(i);
            var x = setup.RandomReals(random);
            var y = setup.RandomReals(random);
            var result = new Ciphertext();
            setup.Evaluator.Multiply(setup.Encrypt(x), setup.Encrypt(y), result);
            setup.Evaluator.Relinearize(result, setup.RelinearizationKeys, result);
            setup.Evaluator.RescaleToNext(result, result);
            setup.Evaluator.RotateVector(result, steps[i], setup.GaloisKeys, result);
            var expected = Enumerable.Range(0, x.Length).Select(j => x[(j + steps[i]) % x.Length] * y[(j + steps[i]) % y.Length]).ToArray();
            errors[i] = Precision.MaxError(expected, setup.Decrypt(result));
        });

        foreach (var error in errors)
        {
            Precision.Check("parallel multiply + rotate, N=8192", error, bound);
        }
    }
}
