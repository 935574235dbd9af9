using CareChain.Crypto.Encryption;
using CareChain.Crypto.Tests.Fixtures;

namespace CareChain.Crypto.Tests.Encryption;

public sealed class EncryptorTests(CkksSetups setups)
{
    public static TheoryData<int> Degrees => CkksSetups.AllDegrees();

    [Theory]
    [MemberData(nameof(Degrees))]
    public void Public_key_encryption_decrypts_within_the_fresh_noise_bound(int n)
    {
        var setup = setups.For(n);
        var values = setup.RandomReals(new Random(n));

        var ciphertext = setup.Encrypt(values);

        Assert.Equal(2, ciphertext.Size);
        Assert.Equal(setup.MaxLevel, ciphertext.Level);
        Assert.Equal(setup.Scale, ciphertext.Scale);
        Assert.Equal(n, ciphertext.PolyModulusDegree);
        Assert.Equal(setup.Context.ParametersId.ToArray(), ciphertext.ParametersId.ToArray());
        Precision.Within($"encrypt (public key), N={n}", values, setup.Decrypt(ciphertext), NoiseModel.PublicEncrypt(n, setup.Scale));
    }

    [Theory]
    [MemberData(nameof(Degrees))]
    public void Symmetric_encryption_decrypts_within_the_fresh_noise_bound(int n)
    {
        var setup = setups.For(n);
        var values = setup.RandomReals(new Random(n + 1));

        var ciphertext = setup.SymmetricEncryptor.Encrypt(setup.Encode(values));

        Assert.Equal(2, ciphertext.Size);
        Assert.Equal(setup.MaxLevel, ciphertext.Level);
        Precision.Within($"encrypt (symmetric), N={n}", values, setup.Decrypt(ciphertext), NoiseModel.SymmetricEncrypt(n, setup.Scale));
    }

    [Theory]
    [MemberData(nameof(Degrees))]
    public void Seeded_symmetric_encryption_expands_to_a_ciphertext_that_decrypts(int n)
    {
        var setup = setups.For(n);
        var values = setup.RandomComplex(new Random(n + 2));

        var seeded = setup.SymmetricEncryptor.EncryptSymmetric(setup.Encode(values));
        Assert.Equal(setup.MaxLevel, seeded.Level);
        Assert.Equal(setup.Scale, seeded.Scale);
        Assert.Equal(n, seeded.PolyModulusDegree);
        Assert.Equal(32, seeded.Seed.Length);

        var expanded = seeded.Expand(setup.Context);
        Assert.Equal(seeded.C0, expanded.Poly(0).ToArray());
        Assert.Equal(expanded.Data.ToArray(), seeded.Expand(setup.Context).Data.ToArray());
        Precision.Within($"encrypt (seeded, expanded), N={n}", values, setup.DecryptComplex(expanded), NoiseModel.SymmetricEncrypt(n, setup.Scale));
    }

    [Theory]
    [MemberData(nameof(Degrees))]
    public void Complex_values_survive_public_key_encryption(int n)
    {
        var setup = setups.For(n);
        var values = setup.RandomComplex(new Random(n + 3));

        Precision.Within($"encrypt complex (public key), N={n}", values, setup.DecryptComplex(setup.Encrypt(values)), NoiseModel.PublicEncrypt(n, setup.Scale));
    }

    [Theory]
    [InlineData(4096, 0)]
    [InlineData(8192, 0)]
    [InlineData(8192, 1)]
    [InlineData(32768, 1)]
    public void Plaintexts_below_the_top_level_encrypt_at_their_level(int n, int level)
    {
        var setup = setups.For(n);
        var values = setup.RandomReals(new Random(level));
        var plaintext = setup.Encode(values, level, setup.Scale);

        var asymmetric = setup.Encryptor.Encrypt(plaintext);
        var symmetric = setup.SymmetricEncryptor.Encrypt(plaintext);
        var seeded = setup.SymmetricEncryptor.EncryptSymmetric(plaintext).Expand(setup.Context);

        Assert.All(new[] { asymmetric, symmetric, seeded }, c => Assert.Equal(level, c.Level));
        Precision.Within($"encrypt (public key) at level {level}, N={n}", values, setup.Decrypt(asymmetric), NoiseModel.PublicEncrypt(n, setup.Scale));
        Precision.Within($"encrypt (symmetric) at level {level}, N={n}", values, setup.Decrypt(symmetric), NoiseModel.SymmetricEncrypt(n, setup.Scale));
        Precision.Within($"encrypt (seeded) at level {level}, N={n}", values, setup.Decrypt(seeded), NoiseModel.SymmetricEncrypt(n, setup.Scale));
    }

    [Theory]
    [MemberData(nameof(Degrees))]
    public void Decrypting_an_encryption_of_zero_leaves_only_small_noise_coefficients(int n)
    {
        var setup = setups.For(n);
        var context = setup.Context;
        var zero = setup.EncodeConstant(0, setup.MaxLevel, setup.Scale);
        var limbs = setup.MaxLevel + 1;

        // Symmetric: the noise is the fresh error e itself, a centred binomial in [−21, 21] with σ ≈ 3.24.
        var symmetric = RingInspection.SmallCoefficients(context, setup.Decryptor.Decrypt(setup.SymmetricEncryptor.Encrypt(zero)).Data, limbs);
        Assert.All(symmetric, c => Assert.InRange(c, -21, 21));
        Assert.InRange(RingInspection.StandardDeviation(symmetric), 0.9 * NoiseModel.ErrorStd, 1.1 * NoiseModel.ErrorStd);

        // Public key: (u·e + e0 + e1·s)/P is below 1 and what remains is the rounding r0 + r1·s of that division,
        // σ = √((1 + 2N/3)/12) (see NoiseModel.DivisionStd): 26 for N = 8192, 52 for N = 32768.
        var asymmetric = RingInspection.SmallCoefficients(context, setup.Decryptor.Decrypt(setup.Encryptor.Encrypt(zero)).Data, limbs);
        var std = NoiseModel.DivisionStd(n);
        Assert.All(asymmetric, c => Assert.InRange(c, -((NoiseModel.GaussianTail * std) + 1), (NoiseModel.GaussianTail * std) + 1));
        Assert.InRange(RingInspection.StandardDeviation(asymmetric), 0.8 * std, 1.2 * std);
    }

    [Fact]
    public void Two_encryptions_of_the_same_vector_differ_but_decrypt_alike()
    {
        var setup = setups.For(8192);
        var values = setup.RandomReals(new Random(6));
        var plaintext = setup.Encode(values);

        var first = setup.Encryptor.Encrypt(plaintext);
        var second = setup.Encryptor.Encrypt(plaintext);
        Assert.NotEqual(first.Poly(0).ToArray(), second.Poly(0).ToArray());
        Assert.NotEqual(first.Poly(1).ToArray(), second.Poly(1).ToArray());
        var bound = NoiseModel.PublicEncrypt(8192, setup.Scale);
        Precision.Within("first of two encryptions, N=8192", values, setup.Decrypt(first), bound);
        Precision.Within("second of two encryptions, N=8192", values, setup.Decrypt(second), bound);
        Precision.Within("two encryptions against each other, N=8192", setup.Decrypt(first), setup.Decrypt(second), 2 * bound);

        var symmetricFirst = setup.SymmetricEncryptor.Encrypt(plaintext);
        var symmetricSecond = setup.SymmetricEncryptor.Encrypt(plaintext);
        Assert.NotEqual(symmetricFirst.Poly(0).ToArray(), symmetricSecond.Poly(0).ToArray());
        Assert.NotEqual(symmetricFirst.Poly(1).ToArray(), symmetricSecond.Poly(1).ToArray());

        var seededFirst = setup.SymmetricEncryptor.EncryptSymmetric(plaintext);
        var seededSecond = setup.SymmetricEncryptor.EncryptSymmetric(plaintext);
        Assert.NotEqual(seededFirst.Seed, seededSecond.Seed);
        Assert.NotEqual(seededFirst.C0, seededSecond.C0);
        Assert.NotEqual(seededFirst.Expand(setup.Context).Poly(1).ToArray(), seededSecond.Expand(setup.Context).Poly(1).ToArray());
        var symmetricBound = NoiseModel.SymmetricEncrypt(8192, setup.Scale);
        Precision.Within("first of two seeded encryptions, N=8192", values, setup.Decrypt(seededFirst.Expand(setup.Context)), symmetricBound);
        Precision.Within("second of two seeded encryptions, N=8192", values, setup.Decrypt(seededSecond.Expand(setup.Context)), symmetricBound);
    }

    [Fact]
    public void Encrypting_into_a_reused_destination_overwrites_it()
    {
        var setup = setups.For(8192);
        var values = setup.RandomReals(new Random(7));
        var destination = setup.Encrypt(setup.RandomReals(new Random(8)));
        setup.Evaluator.Multiply(destination, destination, destination);

        setup.Encryptor.Encrypt(setup.Encode(values, 1, setup.Scale), destination);

        Assert.Equal(2, destination.Size);
        Assert.Equal(1, destination.Level);
        Precision.Within("encrypt into reused destination, N=8192", values, setup.Decrypt(destination), NoiseModel.PublicEncrypt(8192, setup.Scale));
    }

    [Fact]
    public void Seeded_encryption_needs_the_secret_key()
    {
        var setup = setups.For(4096);
        var exception = Assert.Throws<InvalidOperationException>(() => setup.Encryptor.EncryptSymmetric(setup.Encode(new double[1])));
        Assert.Contains("secret key", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Objects_of_other_parameters_are_refused()
    {
        var small = setups.For(4096);
        var other = setups.For(8192);
        var plaintext = small.Encode(new double[1]);

        var exception = Assert.Throws<ArgumentException>(() => other.Encryptor.Encrypt(plaintext));
        Assert.Contains("plaintext", exception.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => other.SymmetricEncryptor.Encrypt(plaintext));
        Assert.Throws<ArgumentException>(() => other.SymmetricEncryptor.EncryptSymmetric(plaintext));
        Assert.Throws<ArgumentException>(() => other.Encryptor.Encrypt(new Plaintext()));

        var seeded = small.SymmetricEncryptor.EncryptSymmetric(plaintext);
        Assert.Throws<ArgumentException>(() => seeded.Expand(other.Context));
        Assert.Throws<ArgumentException>(() => other.Decryptor.Decrypt(small.Encrypt(new double[1])));
        Assert.Throws<ArgumentException>(() => other.Decryptor.Decrypt(new Ciphertext()));
    }
}
