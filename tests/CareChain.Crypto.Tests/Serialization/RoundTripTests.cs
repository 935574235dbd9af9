using CareChain.Crypto.Encryption;
using CareChain.Crypto.Keys;
using CareChain.Crypto.Parameters;
using CareChain.Crypto.Serialization;
using CareChain.Crypto.Tests.Fixtures;

namespace CareChain.Crypto.Tests.Serialization;

public sealed class RoundTripTests(CkksSetups setups)
{
    public static TheoryData<CkksCompression> Compressions => [CkksCompression.None, CkksCompression.ZLib, CkksCompression.Brotli];

    public static TheoryData<int, CkksCompression> DegreesAndCompressions => new()
    {
        { 4096, CkksCompression.None },
        { 4096, CkksCompression.ZLib },
        { 4096, CkksCompression.Brotli },
        { 8192, CkksCompression.None },
        { 8192, CkksCompression.Brotli },
    };

    [Theory]
    [MemberData(nameof(Compressions))]
    public void Parameters_round_trip_bit_exact(CkksCompression compression)
    {
        var parameters = setups.For(4096).Context.Parameters;

        var bytes = CkksSerializer.Serialize(parameters, compression);
        var loaded = CkksSerializer.LoadParameters(bytes);

        Assert.Equal(parameters, loaded);
        Assert.Equal(parameters.CoeffModulus, loaded.CoeffModulus);
        Assert.Equal(bytes, CkksSerializer.Serialize(loaded, compression));
    }

    [Theory]
    [MemberData(nameof(DegreesAndCompressions))]
    public void Ciphertext_round_trips_bit_exact_and_decrypts_to_the_same_values(int n, CkksCompression compression)
    {
        var samples = SerializationSamples.For(setups, n);
        var setup = samples.Setup;

        var bytes = CkksSerializer.Serialize(samples.Ciphertext, compression);
        var loaded = CkksSerializer.LoadCiphertext(bytes, setup.Context, new CiphertextExpectation { RequireSize2 = true, Level = setup.MaxLevel, Scale = setup.Scale });

        Assert.Equal(bytes, CkksSerializer.Serialize(loaded, compression));
        Assert.Equal(samples.Ciphertext.Data.ToArray(), loaded.Data.ToArray());
        Assert.Equal((samples.Ciphertext.Size, samples.Ciphertext.Level, samples.Ciphertext.Scale), (loaded.Size, loaded.Level, loaded.Scale));
        Assert.Equal(setup.Context.ParametersId.ToArray(), loaded.ParametersId.ToArray());
        Assert.Equal(setup.Decrypt(samples.Ciphertext), setup.Decrypt(loaded));
        Precision.Within($"loaded ciphertext, N={n}", samples.Values, setup.Decrypt(loaded), NoiseModel.PublicEncrypt(n, setup.Scale));
    }

    [Theory]
    [MemberData(nameof(Compressions))]
    public void Size_3_ciphertext_round_trips_and_decrypts_to_the_same_values(CkksCompression compression)
    {
        var samples = SerializationSamples.For(setups, 4096);
        var product = samples.Product;

        var bytes = CkksSerializer.Serialize(product, compression);
        var loaded = CkksSerializer.LoadCiphertext(bytes, samples.Setup.Context);

        Assert.Equal(3, loaded.Size);
        Assert.Equal(product.Scale, loaded.Scale);
        Assert.Equal(bytes, CkksSerializer.Serialize(loaded, compression));
        Assert.Equal(samples.Setup.Decrypt(product), samples.Setup.Decrypt(loaded));
    }

    [Theory]
    [MemberData(nameof(Compressions))]
    public void Plaintext_round_trips_bit_exact(CkksCompression compression)
    {
        var samples = SerializationSamples.For(setups, 4096);

        var bytes = CkksSerializer.Serialize(samples.Plaintext, compression);
        var loaded = CkksSerializer.LoadPlaintext(bytes, samples.Setup.Context, samples.Setup.MaxLevel, samples.Setup.Scale);

        Assert.Equal(bytes, CkksSerializer.Serialize(loaded, compression));
        Assert.Equal(samples.Plaintext.Data.ToArray(), loaded.Data.ToArray());
        Assert.Equal(samples.Setup.Decode(samples.Plaintext), samples.Setup.Decode(loaded));
    }

    [Theory]
    [MemberData(nameof(Compressions))]
    public void Secret_key_round_trips_bit_exact_and_decrypts(CkksCompression compression)
    {
        var samples = SerializationSamples.For(setups, 4096);
        var setup = samples.Setup;

        var bytes = CkksSerializer.Serialize(samples.SecretKey, compression);
        using var loaded = CkksSerializer.LoadSecretKey(bytes, setup.Context);

        Assert.Equal(bytes, CkksSerializer.Serialize(loaded, compression));
        Assert.Equal(samples.SecretKey.Data, loaded.Data);
        var decryptor = new Decryptor(setup.Context, loaded);
        Assert.Equal(setup.Decrypt(samples.Ciphertext), setup.Decode(decryptor.Decrypt(samples.Ciphertext)));
    }

    [Theory]
    [MemberData(nameof(Compressions))]
    public void Public_key_round_trips_bit_exact_and_encrypts(CkksCompression compression)
    {
        var samples = SerializationSamples.For(setups, 4096);
        var setup = samples.Setup;

        var bytes = CkksSerializer.Serialize(setup.PublicKey, compression);
        var loaded = CkksSerializer.LoadPublicKey(bytes, setup.Context);

        Assert.Equal(bytes, CkksSerializer.Serialize(loaded, compression));
        Assert.Equal(setup.PublicKey.Data, loaded.Data);
        var ciphertext = new Encryptor(setup.Context, loaded).Encrypt(samples.Plaintext);
        Precision.Within("encrypted with a loaded public key", samples.Values, setup.Decrypt(ciphertext), NoiseModel.PublicEncrypt(4096, setup.Scale));
    }

    [Theory]
    [MemberData(nameof(DegreesAndCompressions))]
    public void Relinearization_keys_round_trip_bit_exact_and_relinearize(int n, CkksCompression compression)
    {
        var samples = SerializationSamples.For(setups, n);
        var setup = samples.Setup;

        var bytes = CkksSerializer.Serialize(setup.RelinearizationKeys, compression);
        var loaded = CkksSerializer.LoadRelinearizationKeys(bytes, setup.Context);

        Assert.Equal(bytes, CkksSerializer.Serialize(loaded, compression));
        Assert.Equal(setup.RelinearizationKeys.Key.Data, loaded.Key.Data);
        var expected = new Ciphertext();
        var actual = new Ciphertext();
        setup.Evaluator.Relinearize(samples.Product, setup.RelinearizationKeys, expected);
        setup.Evaluator.Relinearize(samples.Product, loaded, actual);
        Assert.Equal(expected.Data.ToArray(), actual.Data.ToArray());
    }

    [Theory]
    [MemberData(nameof(DegreesAndCompressions))]
    public void Galois_keys_round_trip_bit_exact_and_rotate(int n, CkksCompression compression)
    {
        var samples = SerializationSamples.For(setups, n);
        var setup = samples.Setup;

        var bytes = CkksSerializer.Serialize(samples.GaloisKeys, compression);
        var loaded = CkksSerializer.LoadGaloisKeys(bytes, setup.Context, samples.GaloisElements);

        Assert.Equal(bytes, CkksSerializer.Serialize(loaded, compression));
        Assert.Equal(samples.GaloisKeys.GaloisElements, loaded.GaloisElements);
        var expected = new Ciphertext();
        var actual = new Ciphertext();
        setup.Evaluator.RotateVector(samples.Ciphertext, 1, samples.GaloisKeys, expected);
        setup.Evaluator.RotateVector(samples.Ciphertext, 1, loaded, actual);
        Assert.Equal(expected.Data.ToArray(), actual.Data.ToArray());
    }

    [Fact]
    public void Galois_keys_load_when_the_receiver_allows_more_elements_than_were_sent()
    {
        var samples = SerializationSamples.For(setups, 4096);
        var context = samples.Setup.Context;
        int[] allowed = [3, 9, 11, .. samples.GaloisElements];

        var loaded = CkksSerializer.LoadGaloisKeys(CkksSerializer.Serialize(samples.GaloisKeys), context, allowed);

        Assert.Equal(samples.GaloisKeys.GaloisElements, loaded.GaloisElements);
    }

    [Fact]
    public void Empty_Galois_key_set_round_trips()
    {
        var samples = SerializationSamples.For(setups, 4096);
        var context = samples.Setup.Context;
        var empty = samples.Setup.KeyGenerator.CreateGaloisKeysForElements([]);

        var bytes = CkksSerializer.Serialize(empty);
        var loaded = CkksSerializer.LoadGaloisKeys(bytes, context, samples.GaloisElements);

        Assert.Empty(loaded.GaloisElements);
        Assert.Equal(bytes, CkksSerializer.Serialize(loaded));
    }

    [Theory]
    [MemberData(nameof(DegreesAndCompressions))]
    public void Seeded_ciphertext_round_trips_and_expands_to_a_ciphertext_that_decrypts(int n, CkksCompression compression)
    {
        var samples = SerializationSamples.For(setups, n);
        var setup = samples.Setup;

        var bytes = CkksSerializer.Serialize(samples.Seeded, compression);
        var loaded = CkksSerializer.LoadSeededCiphertext(bytes, setup.Context, new CiphertextExpectation { Level = setup.MaxLevel, Scale = setup.Scale });

        Assert.Equal(bytes, CkksSerializer.Serialize(loaded, compression));
        var expanded = loaded.Expand(setup.Context);
        Assert.Equal(samples.Seeded.Expand(setup.Context).Data.ToArray(), expanded.Data.ToArray());
        Precision.Within($"loaded seeded ciphertext, N={n}", samples.Values, setup.Decrypt(expanded), NoiseModel.SymmetricEncrypt(n, setup.Scale));
    }

    [Theory]
    [InlineData(4096)]
    [InlineData(8192)]
    public void Seeded_ciphertext_is_about_half_the_size_of_a_full_one(int n)
    {
        var samples = SerializationSamples.For(setups, n);

        var seeded = CkksSerializer.Serialize(samples.Seeded).Length;
        var full = CkksSerializer.Serialize(samples.Seeded.Expand(samples.Setup.Context)).Length;

        // c0 alone plus 32 seed bytes against c0 and c1: half, give or take the headers.
        Assert.InRange(seeded, (full / 2) + 32 - 64, (full / 2) + 32 + 64);
    }

    [Fact]
    public void Compression_shrinks_ciphertexts_over_primes_narrower_than_64_bits()
    {
        var samples = SerializationSamples.For(setups, 4096);

        var none = CkksSerializer.Serialize(samples.Ciphertext).Length;
        var zlib = CkksSerializer.Serialize(samples.Ciphertext, CkksCompression.ZLib).Length;
        var brotli = CkksSerializer.Serialize(samples.Ciphertext, CkksCompression.Brotli).Length;

        // Primes of 40 and 29 bits leave 24 and 35 zero bits in every 64-bit residue.
        Assert.True(zlib < 0.8 * none, $"zlib {zlib} of {none} bytes");
        Assert.True(brotli < 0.8 * none, $"Brotli {brotli} of {none} bytes");
    }

    [Theory]
    [InlineData(4096)]
    [InlineData(8192)]
    public void Largest_objects_fit_the_advertised_maximum_size(int n)
    {
        var samples = SerializationSamples.For(setups, n);
        var context = samples.Setup.Context;

        // Size 3 at the top level is the largest ciphertext; keys have one shape each.
        Assert.Equal(samples.Product.Level, context.MaxLevel);
        Assert.True(CkksSerializer.Serialize(samples.Product).Length <= CkksSerializer.MaxSerializedSize(context, CkksObjectKind.Ciphertext));
        Assert.True(CkksSerializer.Serialize(samples.Product, CkksCompression.ZLib).Length <= CkksSerializer.MaxSerializedSize(context, CkksObjectKind.Ciphertext));
        Assert.True(CkksSerializer.Serialize(samples.SecretKey).Length <= CkksSerializer.MaxSerializedSize(context, CkksObjectKind.SecretKey));
        Assert.True(CkksSerializer.Serialize(samples.Setup.PublicKey).Length <= CkksSerializer.MaxSerializedSize(context, CkksObjectKind.PublicKey));
        Assert.True(CkksSerializer.Serialize(samples.GaloisKeys).Length <= CkksSerializer.MaxSerializedSize(context, CkksObjectKind.GaloisKeys, samples.GaloisElements.Count));
        Assert.True(CkksSerializer.Serialize(samples.Seeded).Length <= CkksSerializer.MaxSerializedSize(context, CkksObjectKind.SeededCiphertext));
        Assert.True(CkksSerializer.Serialize(samples.Plaintext).Length <= CkksSerializer.MaxSerializedSize(context, CkksObjectKind.Plaintext));
        Assert.True(CkksSerializer.Serialize(context.Parameters).Length <= CkksSerializer.MaxSerializedSize(context, CkksObjectKind.Parameters));
    }

    [Fact]
    public void Incompressible_bodies_stay_within_the_compressed_size_cap()
    {
        // Residues of full 60-bit primes leave almost nothing to compress: the payload must still be accepted.
        var parameters = EncryptionParameters.Create(4096, 54, 54);
        var context = new CkksContext(parameters);
        var key = new KeyGenerator(context).CreatePublicKey();

        foreach (var compression in (CkksCompression[])[CkksCompression.ZLib, CkksCompression.Brotli])
        {
            var bytes = CkksSerializer.Serialize(key, compression);
            Assert.Equal(bytes, CkksSerializer.Serialize(CkksSerializer.LoadPublicKey(bytes, context), compression));
        }
    }

    [Fact]
    public void Serializing_an_uninitialized_ciphertext_is_refused()
    {
        Assert.Throws<ArgumentException>(() => CkksSerializer.Serialize(new Ciphertext()));
        Assert.Throws<ArgumentException>(() => CkksSerializer.Serialize(new Plaintext()));
    }

    [Fact]
    public void Serializing_with_an_unknown_compression_is_refused()
    {
        var samples = SerializationSamples.For(setups, 4096);

        Assert.Throws<ArgumentOutOfRangeException>(() => CkksSerializer.Serialize(samples.Ciphertext, (CkksCompression)3));
    }
}
