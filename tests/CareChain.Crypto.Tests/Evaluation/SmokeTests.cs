using CareChain.Crypto.Encoding;
using CareChain.Crypto.Encryption;
using CareChain.Crypto.Evaluation;
using CareChain.Crypto.Keys;
using CareChain.Crypto.Parameters;

namespace CareChain.Crypto.Tests.Evaluation;

public sealed class SmokeTests
{
    [Fact]
    public void Encrypt_multiply_rescale_rotate_decrypt()
    {
        var context = new CkksContext(EncryptionParameters.Create(8192, 60, 40, 40, 60));
        var keys = new KeyGenerator(context);
        var encoder = new CkksEncoder(context);
        var encryptor = new Encryptor(context, keys.CreatePublicKey());
        var decryptor = new Decryptor(context, keys.SecretKey);
        var evaluator = new Evaluator(context);
        var relin = keys.CreateRelinearizationKeys();
        var galois = keys.CreateGaloisKeys([1, 3]);
        var scale = Math.Pow(2, 40);
        var random = new Random(1);
        var x = Enumerable.Range(0, encoder.SlotCount).Select(_ => random.NextDouble() - 0.5).ToArray();
        var y = Enumerable.Range(0, encoder.SlotCount).Select(_ => random.NextDouble() - 0.5).ToArray();
        var px = new Plaintext();
        var py = new Plaintext();
        encoder.Encode(x, scale, px);
        encoder.Encode(y, scale, py);
        var decoded = new double[encoder.SlotCount];

        encoder.Decode(px, decoded);
        Assert.True(MaxError(x, decoded) < 1e-9, $"encode {MaxError(x, decoded)}");

        var cx = encryptor.Encrypt(px);
        var cy = encryptor.Encrypt(py);
        encoder.Decode(decryptor.Decrypt(cx), decoded);
        Assert.True(MaxError(x, decoded) < 1e-6, $"encrypt {MaxError(x, decoded)}");

        var product = new Ciphertext();
        evaluator.Multiply(cx, cy, product);
        evaluator.Relinearize(product, relin, product);
        evaluator.RescaleToNext(product, product);
        encoder.Decode(decryptor.Decrypt(product), decoded);
        var expected = x.Zip(y, (a, b) => a * b).ToArray();
        Assert.True(MaxError(expected, decoded) < 1e-5, $"multiply {MaxError(expected, decoded)}");

        var rotated = new Ciphertext();
        evaluator.RotateVector(cx, 3, galois, rotated);
        encoder.Decode(decryptor.Decrypt(rotated), decoded);
        var shifted = Enumerable.Range(0, x.Length).Select(i => x[(i + 3) % x.Length]).ToArray();
        Assert.True(MaxError(shifted, decoded) < 1e-5, $"rotate {MaxError(shifted, decoded)}");
    }

    private static double MaxError(double[] expected, double[] actual) =>
        expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
}
