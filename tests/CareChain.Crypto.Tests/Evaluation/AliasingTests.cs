using CareChain.Crypto.Encryption;
using CareChain.Crypto.Tests.Fixtures;

namespace CareChain.Crypto.Tests.Evaluation;

/// <summary>Every operation may write into one of its own operands, as in SEAL's in-place overloads.</summary>
public sealed class AliasingTests(CkksSetups setups)
{
    private const int N = 8192;

    private CkksSetup Setup => setups.For(N);

    private double Fresh => NoiseModel.PublicEncrypt(N, Setup.Scale);

    [Fact]
    public void Add_and_subtract_into_either_operand()
    {
        var (x, y) = Vectors(1);
        var a = Setup.Encrypt(x);
        var b = Setup.Encrypt(y);

        Setup.Evaluator.Add(a, b, a);
        Precision.Within("add into left", Zip(x, y, (p, q) => p + q), Setup.Decrypt(a), 2 * Fresh);

        Setup.Evaluator.Subtract(a, b, b);
        Precision.Within("subtract into right", x, Setup.Decrypt(b), 3 * Fresh);

        Setup.Evaluator.Add(b, b, b);
        Precision.Within("add to itself", [.. x.Select(v => 2 * v)], Setup.Decrypt(b), 6 * Fresh);

        Setup.Evaluator.Subtract(b, b, b);
        Precision.Within("subtract from itself", new double[x.Length], Setup.Decrypt(b), 0);
    }

    [Fact]
    public void Add_of_a_size_three_and_a_size_two_ciphertext_into_the_smaller_one()
    {
        var (x, y) = Vectors(2);
        var product = Setup.Encrypt(x);
        Setup.Evaluator.Square(product, product);
        var scaled = Setup.Encryptor.Encrypt(Setup.Encode(y, Setup.MaxLevel, Setup.Scale * Setup.Scale));

        // The size-2 destination grows to 3 and must keep its own polynomials while it does.
        Setup.Evaluator.Add(product, scaled, scaled);
        Assert.Equal(3, scaled.Size);
        var bound = (2 * Fresh) + NoiseModel.PublicEncrypt(N, Setup.Scale * Setup.Scale);
        Precision.Within("add size 3 + size 2 into right", Zip(x, y, (p, q) => (p * p) + q), Setup.Decrypt(scaled), bound);

        var other = Setup.Encryptor.Encrypt(Setup.Encode(y, Setup.MaxLevel, Setup.Scale * Setup.Scale));
        Setup.Evaluator.Subtract(other, product, other);
        Assert.Equal(3, other.Size);
        Precision.Within("subtract size 2 - size 3 into left", Zip(x, y, (p, q) => q - (p * p)), Setup.Decrypt(other), bound);
    }

    [Fact]
    public void Negate_and_plain_operations_in_place()
    {
        var (x, y) = Vectors(3);
        var a = Setup.Encrypt(x);
        var py = Setup.Encode(y);

        Setup.Evaluator.Negate(a, a);
        Setup.Evaluator.AddPlain(a, py, a);
        Setup.Evaluator.SubtractPlain(a, py, a);
        Setup.Evaluator.AddPlain(a, py, a);
        Precision.Within("negate, add_plain, sub_plain, add_plain in place", Zip(x, y, (p, q) => q - p), Setup.Decrypt(a), Fresh + (3 * NoiseModel.Encode(N, Setup.Scale)));

        Setup.Evaluator.MultiplyPlain(a, py, a);
        Setup.Evaluator.RescaleToNext(a, a);
        Precision.Within(
            "multiply_plain, rescale in place",
            Zip(x, y, (p, q) => (q - p) * q),
            Setup.Decrypt(a),
            Fresh + (5 * NoiseModel.Encode(N, Setup.Scale)) + NoiseModel.Rescale(N, a.Scale));
    }

    [Fact]
    public void Multiply_a_ciphertext_by_itself_into_itself()
    {
        var (x, _) = Vectors(4);
        var a = Setup.Encrypt(x);

        Setup.Evaluator.Multiply(a, a, a);
        Setup.Evaluator.Relinearize(a, Setup.RelinearizationKeys, a);
        Setup.Evaluator.RescaleToNext(a, a);

        Precision.Within("multiply(a, a, a)", [.. x.Select(v => v * v)], Setup.Decrypt(a), Product());
    }

    [Fact]
    public void Multiply_into_either_operand()
    {
        var (x, y) = Vectors(5);
        var a = Setup.Encrypt(x);
        var b = Setup.Encrypt(y);
        var expected = Zip(x, y, (p, q) => p * q);

        var left = a.Clone();
        Setup.Evaluator.Multiply(left, b, left);
        Setup.Evaluator.Relinearize(left, Setup.RelinearizationKeys, left);
        Setup.Evaluator.RescaleToNext(left, left);
        Precision.Within("multiply into left", expected, Setup.Decrypt(left), Product());

        var right = b.Clone();
        Setup.Evaluator.Multiply(a, right, right);
        Setup.Evaluator.Relinearize(right, Setup.RelinearizationKeys, right);
        Setup.Evaluator.RescaleToNext(right, right);
        Precision.Within("multiply into right", expected, Setup.Decrypt(right), Product());

        Setup.Evaluator.Square(b, b);
        Setup.Evaluator.Relinearize(b, Setup.RelinearizationKeys, b);
        Setup.Evaluator.RescaleToNext(b, b);
        Precision.Within("square in place", [.. y.Select(v => v * v)], Setup.Decrypt(b), Product());
    }

    [Fact]
    public void Rotate_conjugate_and_mod_switch_in_place()
    {
        var (x, _) = Vectors(6);
        var a = Setup.Encrypt(x);

        Setup.Evaluator.RotateVector(a, 1, Setup.GaloisKeys, a);
        Setup.Evaluator.RotateVector(a, 3, Setup.GaloisKeys, a);
        Setup.Evaluator.ComplexConjugate(a, Setup.GaloisKeys, a);
        Setup.Evaluator.ModSwitchToNext(a, a);
        Setup.Evaluator.ApplyGalois(a, Setup.Context.GaloisElementForStep(-1), Setup.GaloisKeys, a);

        Assert.Equal(Setup.MaxLevel - 1, a.Level);
        var expected = Enumerable.Range(0, x.Length).Select(i => x[(i + 3) % x.Length]).ToArray();
        var keySwitches = (3 * NoiseModel.KeySwitch(Setup.Context, Setup.MaxLevel, Setup.Scale)) + NoiseModel.KeySwitch(Setup.Context, Setup.MaxLevel - 1, Setup.Scale);
        Precision.Within("rotate 1, rotate 3, conjugate, mod switch, rotate -1 in place", expected, Setup.Decrypt(a), Fresh + keySwitches);
    }

    [Fact]
    public void Results_written_to_a_destination_leave_the_operands_untouched()
    {
        var (x, y) = Vectors(7);
        var a = Setup.Encrypt(x);
        var b = Setup.Encrypt(y);
        var aData = a.Data.ToArray();
        var bData = b.Data.ToArray();
        var destination = new Ciphertext();

        Setup.Evaluator.Add(a, b, destination);
        Setup.Evaluator.Multiply(a, b, destination);
        Setup.Evaluator.Relinearize(destination, Setup.RelinearizationKeys, destination);
        Setup.Evaluator.RotateVector(a, 1, Setup.GaloisKeys, destination);
        Setup.Evaluator.RescaleToNext(b, destination);
        Setup.Evaluator.ModSwitchToNext(a, destination);
        Setup.Evaluator.Negate(b, destination);

        Assert.Equal(aData, a.Data.ToArray());
        Assert.Equal(bData, b.Data.ToArray());
        Assert.Equal((2, Setup.MaxLevel, Setup.Scale), (a.Size, a.Level, a.Scale));
    }

    private double Product() =>
        NoiseModel.Product(Setup.Context, Setup.MaxLevel, 1, Fresh, 1, Fresh, Setup.Scale * Setup.Scale);

    private (double[] X, double[] Y) Vectors(int seed)
    {
        var random = new Random(seed);
        return (Setup.RandomReals(random), Setup.RandomReals(random));
    }

    private static double[] Zip(double[] x, double[] y, Func<double, double, double> op) => [.. x.Zip(y, op)];
}
