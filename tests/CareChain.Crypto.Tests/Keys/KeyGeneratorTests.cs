using CareChain.Crypto.Arithmetic;
using CareChain.Crypto.Encryption;
using CareChain.Crypto.Evaluation;
using CareChain.Crypto.Keys;
using CareChain.Crypto.Parameters;
using CareChain.Crypto.Tests.Fixtures;

namespace CareChain.Crypto.Tests.Keys;

public sealed class KeyGeneratorTests(CkksSetups setups)
{
    /// <summary>The centred binomial error with k = 21 never leaves [−21, 21].</summary>
    private const int ErrorBound = 21;

    public static TheoryData<int> Degrees => CkksSetups.AllDegrees();

    [Theory]
    [MemberData(nameof(Degrees))]
    public void Secret_key_is_ternary_and_the_same_polynomial_modulo_every_prime(int n)
    {
        var context = setups.For(n).Context;
        var secret = new KeyGenerator(context).SecretKey;
        Assert.Equal(context.KeyModulusCount * n, secret.Data.Length);

        var s = RingInspection.SmallCoefficients(context, secret.Data, context.KeyModulusCount);
        Assert.All(s, c => Assert.InRange(c, -1, 1));

        // Uniform on {−1, 0, 1}: each value N/3 times, give or take 6 standard deviations √(N·2/9).
        var tolerance = 6 * Math.Sqrt(n * 2.0 / 9);
        foreach (var value in new long[] { -1, 0, 1 })
        {
            Assert.InRange(s.Count(c => c == value), (n / 3.0) - tolerance, (n / 3.0) + tolerance);
        }
    }

    [Theory]
    [MemberData(nameof(Degrees))]
    public void Public_key_is_an_encryption_of_zero_with_small_error(int n)
    {
        var setup = setups.For(n);
        var context = setup.Context;
        var limbs = context.KeyModulusCount;
        var publicKey = setup.PublicKey;

        // b + a·s = e, modulo every prime of the key level, special prime included.
        var e = setup.PublicKey.Poly(0).ToArray();
        RnsPolynomial.MultiplyAdd(context, publicKey.Poly(1), setup.KeyGenerator.SecretKey.Data, e, limbs);
        var error = RingInspection.SmallCoefficients(context, e, limbs);

        Assert.All(error, c => Assert.InRange(c, -ErrorBound, ErrorBound));
        Assert.InRange(RingInspection.StandardDeviation(error), 0.9 * NoiseModel.ErrorStd, 1.1 * NoiseModel.ErrorStd);
    }

    [Fact]
    public void Relinearization_key_encrypts_P_times_s_squared_under_s_with_small_error()
    {
        var setup = setups.For(8192);
        var context = setup.Context;
        var s = setup.KeyGenerator.SecretKey.Data;
        var squared = new ulong[s.Length];
        RnsPolynomial.Multiply(context, s, s, squared, context.KeyModulusCount);
        AssertKeySwitchingKey(context, s, setup.RelinearizationKeys.Key, squared);
    }

    [Fact]
    public void Galois_key_encrypts_P_times_the_permuted_secret_under_s_with_small_error()
    {
        var setup = setups.For(4096);
        var context = setup.Context;
        var n = context.PolyModulusDegree;
        var element = context.GaloisElementForStep(3);
        var s = setup.KeyGenerator.SecretKey.Data;
        var permuted = new ulong[s.Length];
        var permutation = GaloisPermutation.Create(n, element);
        for (var i = 0; i < context.KeyModulusCount; i++)
        {
            PolyArithmetic.Permute(s.AsSpan(i * n, n), permutation, permuted.AsSpan(i * n, n));
        }

        AssertKeySwitchingKey(context, s, setup.GaloisKeys[element], permuted);
    }

    [Fact]
    public void Galois_keys_exist_only_for_the_requested_steps()
    {
        var context = setups.For(4096).Context;
        var keys = new KeyGenerator(context);
        var slots = context.SlotCount;

        var rotations = keys.CreateGaloisKeys([1, 3, -1, slots - 1, 0, slots]);
        var expected = new[] { 1, 3, -1 }.Select(context.GaloisElementForStep).Order().ToArray();
        Assert.Equal(expected, rotations.GaloisElements);
        Assert.All(expected, g => Assert.True(rotations.Contains(g)));
        Assert.False(rotations.Contains(context.GaloisElementForStep(2)));
        Assert.False(rotations.Contains(context.ConjugationElement));
        Assert.False(rotations.Contains(1));

        var withConjugation = keys.CreateGaloisKeys([2], includeConjugation: true);
        Assert.Equal(new[] { context.GaloisElementForStep(2), context.ConjugationElement }.Order(), withConjugation.GaloisElements);

        Assert.Empty(keys.CreateGaloisKeys([0, slots, -slots]).GaloisElements);
    }

    [Fact]
    public void Rotation_and_conjugation_without_their_keys_throw()
    {
        var setup = setups.For(4096);
        var context = setup.Context;
        var keys = setup.KeyGenerator.CreateGaloisKeys([1]);
        var ciphertext = setup.Encrypt(setup.RandomReals(new Random(1)));
        var destination = new Ciphertext();

        var missing = context.GaloisElementForStep(CkksSetup.StepWithoutKey);
        var exception = Assert.Throws<ArgumentException>(
            () => setup.Evaluator.RotateVector(ciphertext, CkksSetup.StepWithoutKey, keys, destination));
        Assert.Contains($"No Galois key for element {missing}", exception.Message, StringComparison.Ordinal);

        // The fixture's full key set has no key for that step either.
        Assert.False(setup.GaloisKeys.Contains(missing));
        Assert.Throws<ArgumentException>(
            () => setup.Evaluator.RotateVector(ciphertext, CkksSetup.StepWithoutKey, setup.GaloisKeys, destination));

        Assert.Throws<ArgumentException>(() => setup.Evaluator.RotateVector(ciphertext, 2, keys, destination));
        Assert.Throws<ArgumentException>(() => setup.Evaluator.ComplexConjugate(ciphertext, keys, destination));
        Assert.Throws<ArgumentException>(
            () => setup.Evaluator.ApplyGalois(ciphertext, context.GaloisElementForStep(7), keys, destination));

        // A rotation by zero steps needs no key.
        setup.Evaluator.RotateVector(ciphertext, 0, keys, destination);
        Assert.Equal(ciphertext.Data.ToArray(), destination.Data.ToArray());
    }

    [Fact]
    public void Two_key_generators_give_different_keys()
    {
        var context = setups.For(4096).Context;
        var first = new KeyGenerator(context);
        var second = new KeyGenerator(context);

        Assert.NotEqual(first.SecretKey.Data, second.SecretKey.Data);
        Assert.NotEqual(first.CreatePublicKey().Data, second.CreatePublicKey().Data);

        // Two public keys from one generator differ too: each has a fresh a and e.
        Assert.NotEqual(first.CreatePublicKey().Data, first.CreatePublicKey().Data);
        Assert.NotEqual(first.CreateRelinearizationKeys().Key.Data, first.CreateRelinearizationKeys().Key.Data);
    }

    [Fact]
    public void A_generator_adopting_a_secret_key_derives_keys_the_original_secret_decrypts()
    {
        var setup = setups.For(4096);
        var adopted = new KeyGenerator(setup.Context, setup.KeyGenerator.SecretKey);
        Assert.Same(setup.KeyGenerator.SecretKey, adopted.SecretKey);

        var values = setup.RandomReals(new Random(2));
        var ciphertext = new Encryptor(setup.Context, adopted.CreatePublicKey()).Encrypt(setup.Encode(values));
        Precision.Within("adopted public key, N=4096", values, setup.Decrypt(ciphertext), NoiseModel.PublicEncrypt(4096, setup.Scale));
    }

    [Fact]
    public void Keys_are_refused_by_a_context_with_other_parameters()
    {
        var small = setups.For(4096);
        var other = setups.For(8192);

        var exception = Assert.Throws<ArgumentException>(() => new Decryptor(other.Context, small.KeyGenerator.SecretKey));
        Assert.Contains("different encryption parameters", exception.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new KeyGenerator(other.Context, small.KeyGenerator.SecretKey));
        Assert.Throws<ArgumentException>(() => new Encryptor(other.Context, small.PublicKey));
        Assert.Throws<ArgumentException>(() => new Encryptor(other.Context, small.KeyGenerator.SecretKey));

        var ciphertext = other.Encrypt(other.RandomReals(new Random(3)));
        var evaluator = new Evaluator(other.Context);
        Assert.Throws<ArgumentException>(() => evaluator.Relinearize(ciphertext, small.RelinearizationKeys, new Ciphertext()));
        Assert.Throws<ArgumentException>(() => evaluator.RotateVector(ciphertext, 1, small.GaloisKeys, new Ciphertext()));
        Assert.Throws<ArgumentException>(() => small.Decryptor.Decrypt(ciphertext));
    }

    [Fact]
    public void Disposing_the_secret_key_wipes_it()
    {
        var context = setups.For(4096).Context;
        var secret = new KeyGenerator(context).SecretKey;
        var residues = secret.Data;
        Assert.Contains(residues, v => v != 0);
        secret.Dispose();
        Assert.All(residues, v => Assert.Equal(0UL, v));
        Assert.Throws<ObjectDisposedException>(() => new Decryptor(context, secret).Decrypt(new Ciphertext(context, 2, 0, 1)));
    }

    /// <summary>
    /// Component j is (b_j, a_j) with b_j + a_j·s = e_j + P·g_j·s', g_j being 1 modulo q_j and 0 modulo every other
    /// prime: so b_j + a_j·s − [limb j] P·s' must be the same small error modulo every prime.
    /// </summary>
    private static void AssertKeySwitchingKey(CkksContext context, ulong[] secret, KeySwitchingKey key, ulong[] newSecret)
    {
        var n = context.PolyModulusDegree;
        var limbs = context.KeyModulusCount;
        var special = context.Moduli[limbs - 1].Value;
        Assert.Equal(limbs - 1, key.DecompositionCount);
        var errors = new List<long>();
        for (var j = 0; j < key.DecompositionCount; j++)
        {
            var e = key.Poly(j, 0).ToArray();
            RnsPolynomial.MultiplyAdd(context, key.Poly(j, 1), secret, e, limbs);
            var q = context.Moduli[j];
            var factor = q.Reduce(special);
            for (var t = 0; t < n; t++)
            {
                e[(j * n) + t] = q.Subtract(e[(j * n) + t], q.Multiply(newSecret[(j * n) + t], factor));
            }

            var coefficients = RingInspection.SmallCoefficients(context, e, limbs);
            Assert.All(coefficients, c => Assert.InRange(c, -ErrorBound, ErrorBound));
            errors.AddRange(coefficients);
        }

        Assert.InRange(RingInspection.StandardDeviation(errors), 0.9 * NoiseModel.ErrorStd, 1.1 * NoiseModel.ErrorStd);
    }
}
