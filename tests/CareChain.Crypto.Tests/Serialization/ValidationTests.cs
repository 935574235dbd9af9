using System.Buffers.Binary;
using System.IO.Compression;
using CareChain.Crypto.Arithmetic;
using CareChain.Crypto.Keys;
using CareChain.Crypto.Parameters;
using CareChain.Crypto.Serialization;
using CareChain.Crypto.Tests.Fixtures;
using static CareChain.Crypto.Tests.Serialization.FormatBytes;

namespace CareChain.Crypto.Tests.Serialization;

/// <summary>Hand-made malformed inputs, one rule each: every one is refused with a message that names the problem.</summary>
public sealed class ValidationTests(CkksSetups setups)
{
    // Ciphertext body fields, from the start of the input.
    private const int SizeOffset = AfterPrefix;
    private const int LevelOffset = AfterPrefix + 4;
    private const int FlagsOffset = AfterPrefix + 8;
    private const int ScaleOffset = AfterPrefix + 12;
    private const int ResiduesOffset = AfterPrefix + 20;

    private SerializationSamples Samples => SerializationSamples.For(setups, 4096);

    private CkksContext Context => Samples.Setup.Context;

    private byte[] CiphertextBytes => CkksSerializer.Serialize(Samples.Ciphertext);

    [Fact]
    public void Truncated_ciphertext_is_rejected()
    {
        var bytes = CiphertextBytes;
        int[] lengths = [0, 1, 4, 15, 16, 17, 20, 52, 55, 56, 60, 71, 72, ResiduesOffset + 7, bytes.Length / 2, bytes.Length - 8, bytes.Length - 1];

        foreach (var length in lengths)
        {
            var error = Assert.Throws<CkksFormatException>(() => CkksSerializer.LoadCiphertext(bytes.AsSpan(0, length), Context));
            Assert.Contains(length < Header ? "shorter than the 16-byte header" : "truncated", error.Message);
        }
    }

    [Fact]
    public void Truncated_ciphertext_with_consistent_header_lengths_is_rejected()
    {
        var bytes = CiphertextBytes;

        var error = Assert.Throws<CkksFormatException>(() => CkksSerializer.LoadCiphertext(WithConsistentLengths(bytes[..^8]), Context));

        Assert.Contains("takes exactly", error.Message);
    }

    [Fact]
    public void Trailing_bytes_after_the_object_are_rejected()
    {
        var bytes = CiphertextBytes;

        var error = Assert.Throws<CkksFormatException>(() => CkksSerializer.LoadCiphertext(Concat(bytes, [0]), Context));
        Assert.Contains("1 trailing bytes", error.Message);

        var consistent = WithConsistentLengths(Concat(bytes, new byte[8]));
        Assert.Contains("takes exactly", Assert.Throws<CkksFormatException>(() => CkksSerializer.LoadCiphertext(consistent, Context)).Message);
    }

    [Fact]
    public void Input_above_the_size_cap_is_rejected_before_it_is_read()
    {
        var cap = CkksSerializer.MaxSerializedSize(Context, CkksObjectKind.Ciphertext);
        var huge = new byte[cap + 1];

        var error = Assert.Throws<CkksFormatException>(() => CkksSerializer.LoadCiphertext(huge, Context));

        Assert.Contains("more than the", error.Message);
    }

    [Fact]
    public void Expectations_tighten_the_size_cap()
    {
        // A size-3 ciphertext at the top level is larger than any acceptable size-2 one.
        var bytes = CkksSerializer.Serialize(Samples.Product);

        var error = Assert.Throws<CkksFormatException>(() => CkksSerializer.LoadCiphertext(bytes, Context, new CiphertextExpectation { RequireSize2 = true }));

        Assert.Contains("more than the", error.Message);
    }

    [Fact]
    public void Declared_body_above_the_cap_is_rejected()
    {
        var bytes = WithUInt32(WithUInt32(CiphertextBytes, BodyLengthOffset, uint.MaxValue), PayloadLengthOffset, uint.MaxValue);

        var error = Assert.Throws<CkksFormatException>(() => CkksSerializer.LoadCiphertext(bytes, Context));

        Assert.Contains("exceeds", error.Message);
    }

    [Fact]
    public void Wrong_magic_version_compression_and_reserved_byte_are_rejected()
    {
        var bytes = CiphertextBytes;

        Assert.Contains("magic", Assert.Throws<CkksFormatException>(() => CkksSerializer.LoadCiphertext(WithByte(bytes, 0, (byte)'X'), Context)).Message);
        Assert.Contains("version 2", Assert.Throws<CkksFormatException>(() => CkksSerializer.LoadCiphertext(WithByte(bytes, VersionOffset, 2), Context)).Message);
        Assert.Contains("compression 9", Assert.Throws<CkksFormatException>(() => CkksSerializer.LoadCiphertext(WithByte(bytes, CompressionOffset, 9), Context)).Message);
        Assert.Contains("reserved", Assert.Throws<CkksFormatException>(() => CkksSerializer.LoadCiphertext(WithByte(bytes, ReservedOffset, 1), Context)).Message);
    }

    [Fact]
    public void Object_of_another_kind_is_rejected()
    {
        var publicKey = CkksSerializer.Serialize(Samples.Setup.PublicKey);
        var seeded = CkksSerializer.Serialize(Samples.Seeded);

        Assert.Contains("holds public key, not ciphertext", Assert.Throws<CkksFormatException>(() => CkksSerializer.LoadCiphertext(publicKey, Context)).Message);
        Assert.Contains("holds seeded ciphertext, not ciphertext", Assert.Throws<CkksFormatException>(() => CkksSerializer.LoadCiphertext(seeded, Context)).Message);
        // At level 0 a ciphertext is small enough for the seeded-ciphertext cap, so the kind byte is what refuses it.
        var lower = Samples.Ciphertext.Clone();
        Samples.Setup.Evaluator.ModSwitchToNext(lower, lower);
        var error = Assert.Throws<CkksFormatException>(() => CkksSerializer.LoadSeededCiphertext(CkksSerializer.Serialize(lower), Context));
        Assert.Contains("holds ciphertext, not seeded ciphertext", error.Message);
        Assert.Contains("unknown object kind", Assert.Throws<CkksFormatException>(() => CkksSerializer.LoadCiphertext(WithByte(CiphertextBytes, KindOffset, 0), Context)).Message);
    }

    [Fact]
    public void Ciphertext_for_other_parameters_with_the_same_degree_is_rejected()
    {
        var other = new CkksContext(EncryptionParameters.Create(4096, 40, 30, 39));

        var error = Assert.Throws<CkksFormatException>(() => CkksSerializer.LoadCiphertext(CiphertextBytes, other));

        Assert.Contains("other encryption parameters", error.Message);
    }

    [Fact]
    public void Ciphertext_for_another_degree_is_rejected()
    {
        // At level 0 an N = 8192 ciphertext is within the size cap of an N = 4096 one.
        var setup = SerializationSamples.For(setups, 8192).Setup;
        var lower = SerializationSamples.For(setups, 8192).Ciphertext.Clone();
        while (lower.Level > 0)
        {
            setup.Evaluator.ModSwitchToNext(lower, lower);
        }

        var bytes = CkksSerializer.Serialize(lower, CkksCompression.Brotli);

        var error = Assert.Throws<CkksFormatException>(() => CkksSerializer.LoadCiphertext(bytes, Context));

        Assert.Contains("N = 8192", error.Message);
    }

    [Fact]
    public void Ciphertext_with_a_forged_degree_is_rejected()
    {
        var error = Assert.Throws<CkksFormatException>(() => CkksSerializer.LoadCiphertext(WithUInt32(CiphertextBytes, DegreeOffset, 8192), Context));

        Assert.Contains("N = 8192", error.Message);
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(1u)]
    [InlineData(4u)]
    [InlineData(uint.MaxValue)]
    public void Ciphertext_size_other_than_2_or_3_is_rejected(uint size)
    {
        var error = Assert.Throws<CkksFormatException>(() => CkksSerializer.LoadCiphertext(WithUInt32(CiphertextBytes, SizeOffset, size), Context));

        Assert.Contains($"size is {size}", error.Message);
    }

    [Fact]
    public void Size_3_ciphertext_is_rejected_when_size_2_is_required()
    {
        // Below the top level a size-3 ciphertext fits the cap, so the size field itself is what refuses it.
        var product = Samples.Product.Clone();
        Samples.Setup.Evaluator.RescaleToNext(product, product);
        var bytes = CkksSerializer.Serialize(product);

        var error = Assert.Throws<CkksFormatException>(() => CkksSerializer.LoadCiphertext(bytes, Context, new CiphertextExpectation { RequireSize2 = true }));

        Assert.Contains("size 2 is required", error.Message);
    }

    [Fact]
    public void Level_above_the_top_level_is_rejected()
    {
        foreach (var level in (uint[])[2, 255, int.MaxValue, uint.MaxValue])
        {
            var error = Assert.Throws<CkksFormatException>(() => CkksSerializer.LoadCiphertext(WithUInt32(CiphertextBytes, LevelOffset, level), Context));
            Assert.Contains("above the top level", error.Message);
        }
    }

    [Fact]
    public void Level_other_than_the_expected_one_is_rejected()
    {
        var error = Assert.Throws<CkksFormatException>(() => CkksSerializer.LoadCiphertext(CiphertextBytes, Context, new CiphertextExpectation { Level = 0 }));

        Assert.Contains("more than the", error.Message);

        var lower = Samples.Ciphertext.Clone();
        Samples.Setup.Evaluator.ModSwitchToNext(lower, lower);
        var expectTop = new CiphertextExpectation { Level = Context.MaxLevel };
        Assert.Contains("level 1 is expected", Assert.Throws<CkksFormatException>(() => CkksSerializer.LoadCiphertext(CkksSerializer.Serialize(lower), Context, expectTop)).Message);
    }

    [Fact]
    public void Lower_level_with_the_body_of_the_top_level_is_rejected()
    {
        var error = Assert.Throws<CkksFormatException>(() => CkksSerializer.LoadCiphertext(WithUInt32(CiphertextBytes, LevelOffset, 0), Context));

        Assert.Contains("takes exactly", error.Message);
    }

    [Theory]
    [InlineData(0u, "not in NTT form")]
    [InlineData(3u, "reserved bits")]
    [InlineData(0x80000001u, "reserved bits")]
    public void Flags_other_than_NTT_form_are_rejected(uint flags, string message)
    {
        var error = Assert.Throws<CkksFormatException>(() => CkksSerializer.LoadCiphertext(WithUInt32(CiphertextBytes, FlagsOffset, flags), Context));

        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Scale_that_is_not_a_finite_number_of_at_least_1_is_rejected()
    {
        double[] scales = [double.NaN, -double.NaN, double.PositiveInfinity, double.NegativeInfinity, 0.0, -0.0, double.Epsilon, 1e-310, 0.5, 1 - 1e-16, -1024.0];
        foreach (var scale in scales)
        {
            var error = Assert.Throws<CkksFormatException>(() => CkksSerializer.LoadCiphertext(WithDouble(CiphertextBytes, ScaleOffset, scale), Context));
            Assert.Contains("not a finite number of at least 1", error.Message);
        }

        Assert.Equal(1.0, CkksSerializer.LoadCiphertext(WithDouble(CiphertextBytes, ScaleOffset, 1.0), Context).Scale);
    }

    [Fact]
    public void Scale_that_leaves_no_room_at_its_level_is_rejected()
    {
        var bits = Context.LevelModulusBits(Context.MaxLevel);

        var error = Assert.Throws<CkksFormatException>(() => CkksSerializer.LoadCiphertext(WithDouble(CiphertextBytes, ScaleOffset, Math.Pow(2, bits - 1)), Context));

        Assert.Contains("leaves no room", error.Message);
        Assert.IsType<ArgumentOutOfRangeException>(error.InnerException);
    }

    [Fact]
    public void Scale_other_than_the_expected_one_is_rejected()
    {
        var expectation = new CiphertextExpectation { Scale = Samples.Setup.Scale * 2 };

        var error = Assert.Throws<CkksFormatException>(() => CkksSerializer.LoadCiphertext(CiphertextBytes, Context, expectation));

        Assert.Contains("is not the expected 2^30", error.Message);
    }

    [Fact]
    public void Scale_within_the_evaluator_tolerance_of_the_expected_one_is_accepted()
    {
        var expectation = new CiphertextExpectation { Scale = Samples.Setup.Scale * (1 + 1e-12) };

        Assert.Equal(Samples.Setup.Scale, CkksSerializer.LoadCiphertext(CiphertextBytes, Context, expectation).Scale);
    }

    [Fact]
    public void Residue_equal_to_its_prime_is_rejected_in_every_limb()
    {
        var n = Context.PolyModulusDegree;
        var limbs = Context.MaxLevel + 1;
        for (var limb = 0; limb < 2 * limbs; limb++)
        {
            var q = Context.Parameters.CoeffModulus[limb % limbs].Value;
            var offset = ResiduesOffset + (limb * n * 8) + (8 * (limb * 37 % n));

            var error = Assert.Throws<CkksFormatException>(() => CkksSerializer.LoadCiphertext(WithUInt64(CiphertextBytes, offset, q), Context));

            Assert.Contains($"residue {q}", error.Message);
            Assert.Contains($"limb {limb % limbs}", error.Message);
            var loaded = CkksSerializer.LoadCiphertext(WithUInt64(CiphertextBytes, offset, q - 1), Context);
            Assert.Equal(q - 1, loaded.Data[(offset - ResiduesOffset) / 8]);
        }
    }

    [Fact]
    public void Secret_key_that_is_not_ternary_is_rejected()
    {
        var context = Context;
        var key = Samples.SecretKey;
        var n = context.PolyModulusDegree;

        // 2 in every limb: a valid residue, but the coefficient 2 is not ternary.
        var coefficients = new ulong[key.Data.Length];
        coefficients[5] = 2;
        for (var i = 0; i < context.KeyModulusCount; i++)
        {
            coefficients[(i * n) + 5] = 2;
            Ntt.Forward(coefficients.AsSpan(i * n, n), context.NttTables[i]);
        }

        var forged = CkksSerializer.Serialize(new SecretKey(context, coefficients));
        Assert.Contains("not ternary: coefficient 5 is not", Assert.Throws<CkksFormatException>(() => CkksSerializer.LoadSecretKey(forged, context)).Message);

        // −1 modulo the first prime but 1 modulo the others: ternary residues that disagree.
        Array.Clear(coefficients);
        coefficients[7] = context.Parameters.CoeffModulus[0].Value - 1;
        for (var i = 1; i < context.KeyModulusCount; i++)
        {
            coefficients[(i * n) + 7] = 1;
        }

        for (var i = 0; i < context.KeyModulusCount; i++)
        {
            Ntt.Forward(coefficients.AsSpan(i * n, n), context.NttTables[i]);
        }

        forged = CkksSerializer.Serialize(new SecretKey(context, coefficients));
        Assert.Contains("coefficient 7 differs between prime 0 and prime 1", Assert.Throws<CkksFormatException>(() => CkksSerializer.LoadSecretKey(forged, context)).Message);
    }

    [Fact]
    public void Keys_with_the_wrong_shape_are_rejected()
    {
        var k = (uint)Context.KeyModulusCount;
        var secret = CkksSerializer.Serialize(Samples.SecretKey);
        var publicKey = CkksSerializer.Serialize(Samples.Setup.PublicKey);
        var relinearization = CkksSerializer.Serialize(Samples.Setup.RelinearizationKeys);

        Assert.Contains($"has {k - 1} limbs", Assert.Throws<CkksFormatException>(() => CkksSerializer.LoadSecretKey(WithUInt32(secret, AfterPrefix, k - 1), Context)).Message);
        Assert.Contains($"has {k + 1} limbs", Assert.Throws<CkksFormatException>(() => CkksSerializer.LoadPublicKey(WithUInt32(publicKey, AfterPrefix, k + 1), Context)).Message);
        Assert.Contains($"has {k} components", Assert.Throws<CkksFormatException>(() => CkksSerializer.LoadRelinearizationKeys(WithUInt32(relinearization, AfterPrefix, k), Context)).Message);
        Assert.Contains("has 0 limbs", Assert.Throws<CkksFormatException>(() => CkksSerializer.LoadRelinearizationKeys(WithUInt32(relinearization, AfterPrefix + 4, 0), Context)).Message);
        Assert.Contains("not in NTT form", Assert.Throws<CkksFormatException>(() => CkksSerializer.LoadRelinearizationKeys(WithUInt32(relinearization, AfterPrefix + 8, 0), Context)).Message);
    }

    [Fact]
    public void Galois_key_for_an_element_not_asked_for_is_rejected()
    {
        var bytes = CkksSerializer.Serialize(Samples.GaloisKeys);
        int[] allowed = [3, .. Samples.GaloisElements.Skip(1)];

        var error = Assert.Throws<CkksFormatException>(() => CkksSerializer.LoadGaloisKeys(bytes, Context, allowed));

        Assert.Contains("did not ask for", error.Message);
    }

    [Fact]
    public void Galois_keys_more_than_allowed_are_rejected()
    {
        var bytes = CkksSerializer.Serialize(Samples.GaloisKeys);

        // Two allowed elements cap the input below three keys' worth.
        Assert.Contains("more than the", Assert.Throws<CkksFormatException>(() => CkksSerializer.LoadGaloisKeys(bytes, Context, [.. Samples.GaloisElements.Take(2)])).Message);

        var inflated = WithUInt32(bytes, AfterPrefix, 4);
        Assert.Contains("only 3 Galois elements are allowed", Assert.Throws<CkksFormatException>(() => CkksSerializer.LoadGaloisKeys(inflated, Context, Samples.GaloisElements)).Message);
    }

    [Fact]
    public void Duplicate_unordered_even_and_out_of_range_Galois_elements_are_rejected()
    {
        var bytes = CkksSerializer.Serialize(Samples.GaloisKeys);
        var elements = Samples.GaloisKeys.GaloisElements;
        var entry = 4 + 12 + (int)(FormatBytes.ReadUInt32(bytes, BodyLengthOffset) - 40) / elements.Count - 16;
        var first = AfterPrefix + 4;
        var second = first + entry;
        var twoN = 2 * Context.PolyModulusDegree;
        int[] everything = [.. Enumerable.Range(0, twoN / 2).Select(i => (2 * i) + 1)];

        Assert.Contains($"{elements[0]} appears twice", Assert.Throws<CkksFormatException>(() => CkksSerializer.LoadGaloisKeys(WithUInt32(bytes, second, (uint)elements[0]), Context, everything)).Message);
        Assert.Contains("ascending", Assert.Throws<CkksFormatException>(() => CkksSerializer.LoadGaloisKeys(WithUInt32(bytes, second, 1), Context, everything)).Message);
        Assert.Contains("not an odd number", Assert.Throws<CkksFormatException>(() => CkksSerializer.LoadGaloisKeys(WithUInt32(bytes, first, 4), Context, everything)).Message);
        Assert.Contains("not an odd number", Assert.Throws<CkksFormatException>(() => CkksSerializer.LoadGaloisKeys(WithUInt32(bytes, first, (uint)twoN + 1), Context, everything)).Message);
        Assert.Contains("not an odd number", Assert.Throws<CkksFormatException>(() => CkksSerializer.LoadGaloisKeys(WithUInt32(bytes, first, uint.MaxValue), Context, everything)).Message);
    }

    [Fact]
    public void Invalid_allowed_Galois_elements_are_a_caller_error()
    {
        var bytes = CkksSerializer.Serialize(Samples.GaloisKeys);

        Assert.Throws<ArgumentException>(() => CkksSerializer.LoadGaloisKeys(bytes, Context, [2]));
        Assert.Throws<ArgumentException>(() => CkksSerializer.LoadGaloisKeys(bytes, Context, [2 * Context.PolyModulusDegree + 1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => CkksSerializer.LoadCiphertext(CiphertextBytes, Context, new CiphertextExpectation { Level = 5 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => CkksSerializer.LoadCiphertext(CiphertextBytes, Context, new CiphertextExpectation { Scale = double.NaN }));
    }

    [Fact]
    public void Plaintext_and_seeded_ciphertext_fields_are_checked()
    {
        var plaintext = CkksSerializer.Serialize(Samples.Plaintext);
        var seeded = CkksSerializer.Serialize(Samples.Seeded);

        Assert.Contains("above the top level", Assert.Throws<CkksFormatException>(() => CkksSerializer.LoadPlaintext(WithUInt32(plaintext, AfterPrefix, 2), Context)).Message);
        Assert.Contains("not in NTT form", Assert.Throws<CkksFormatException>(() => CkksSerializer.LoadPlaintext(WithUInt32(plaintext, AfterPrefix + 4, 0), Context)).Message);
        Assert.Contains("not a finite number", Assert.Throws<CkksFormatException>(() => CkksSerializer.LoadPlaintext(WithDouble(plaintext, AfterPrefix + 8, double.NaN), Context)).Message);
        Assert.Contains("is not the expected", Assert.Throws<CkksFormatException>(() => CkksSerializer.LoadPlaintext(plaintext, Context, expectedScale: 3)).Message);
        Assert.Contains("leaves no room", Assert.Throws<CkksFormatException>(() => CkksSerializer.LoadSeededCiphertext(WithDouble(seeded, AfterPrefix + 8, 1e300), Context)).Message);
        Assert.Contains("above the top level", Assert.Throws<CkksFormatException>(() => CkksSerializer.LoadSeededCiphertext(WithUInt32(seeded, AfterPrefix, 7), Context)).Message);
    }

    [Fact]
    public void Standalone_parameters_with_invalid_primes_are_rejected()
    {
        var bytes = CkksSerializer.Serialize(Context.Parameters);
        var q0 = FormatBytes.ReadUInt64(bytes, Header + 8);
        var q1 = FormatBytes.ReadUInt64(bytes, Header + 16);

        Assert.Contains("N = 4095", Assert.Throws<CkksFormatException>(() => CkksSerializer.LoadParameters(WithUInt32(bytes, Header, 4095))).Message);
        Assert.Contains("1 primes", Assert.Throws<CkksFormatException>(() => CkksSerializer.LoadParameters(WithUInt32(bytes, Header + 4, 1))).Message);
        Assert.Contains("65 primes", Assert.Throws<CkksFormatException>(() => CkksSerializer.LoadParameters(WithUInt32(bytes, Header + 4, 65))).Message);
        Assert.Contains("takes exactly", Assert.Throws<CkksFormatException>(() => CkksSerializer.LoadParameters(WithUInt32(bytes, Header + 4, 2))).Message);
        Assert.Contains("not a number of 2 to 60 bits", Assert.Throws<CkksFormatException>(() => CkksSerializer.LoadParameters(WithUInt64(bytes, Header + 8, 1UL << 60))).Message);
        Assert.Contains("not a number of 2 to 60 bits", Assert.Throws<CkksFormatException>(() => CkksSerializer.LoadParameters(WithUInt64(bytes, Header + 8, 0))).Message);

        // Composite, not 1 mod 2N, and repeated primes fail the EncryptionParameters constructor, which is wrapped.
        foreach (var forged in (ulong[])[q0 + (2 * 4096), q0 + 2, q1])
        {
            var error = Assert.Throws<CkksFormatException>(() => CkksSerializer.LoadParameters(WithUInt64(bytes, Header + 8, forged)));
            Assert.Contains("not a valid coefficient modulus", error.Message);
            Assert.IsType<ArgumentException>(error.InnerException);
        }
    }

    [Fact]
    public void Compressed_payload_with_trailing_data_is_rejected()
    {
        foreach (var compression in (CkksCompression[])[CkksCompression.ZLib, CkksCompression.Brotli])
        {
            var bytes = CkksSerializer.Serialize(Samples.Ciphertext, compression);
            var body = FormatBytes.ReadUInt32(bytes, BodyLengthOffset);
            foreach (var junk in (int[])[1, 3, 4, 100])
            {
                var payload = Concat(bytes[Header..], new byte[junk]);
                var error = Assert.Throws<CkksFormatException>(() => CkksSerializer.LoadCiphertext(WithPayload(bytes, payload, body), Context));
                Assert.Contains(compression == CkksCompression.Brotli ? $"{junk} bytes of trailing data" : "trailing data", error.Message);
            }
        }
    }

    [Fact]
    public void Truncated_compressed_stream_is_rejected()
    {
        foreach (var compression in (CkksCompression[])[CkksCompression.ZLib, CkksCompression.Brotli])
        {
            var bytes = CkksSerializer.Serialize(Samples.Ciphertext, compression);
            var body = FormatBytes.ReadUInt32(bytes, BodyLengthOffset);
            foreach (var cut in (int[])[1, 2, 3, 4, 5, 8, 1000])
            {
                var payload = bytes.AsSpan(Header, bytes.Length - Header - cut).ToArray();
                var error = Assert.Throws<CkksFormatException>(() => CkksSerializer.LoadCiphertext(WithPayload(bytes, payload, body), Context));
                Assert.Matches("truncated|corrupt|ends after", error.Message);
            }
        }
    }

    [Fact]
    public void Compressed_stream_longer_or_shorter_than_the_declared_body_is_rejected()
    {
        foreach (var compression in (CkksCompression[])[CkksCompression.ZLib, CkksCompression.Brotli])
        {
            var bytes = CkksSerializer.Serialize(Samples.Ciphertext, compression);
            var body = FormatBytes.ReadUInt32(bytes, BodyLengthOffset);

            var shorter = WithUInt32(bytes, BodyLengthOffset, body - 1);
            Assert.Contains("takes exactly", Assert.Throws<CkksFormatException>(() => CkksSerializer.LoadCiphertext(shorter, Context)).Message);

            // The stream must end exactly with the object's own fields, which say how long the body is.
            var plain = Body(bytes);
            var extended = Concat(plain, new byte[8]);
            var payload = compression == CkksCompression.ZLib ? FormatBytes.ZLib(extended) : FormatBytes.Brotli(extended);
            Assert.Contains("holds more than the declared", Assert.Throws<CkksFormatException>(() => CkksSerializer.LoadCiphertext(WithPayload(bytes, payload, body), Context)).Message);
        }
    }

    [Fact]
    public void Decompression_bomb_stops_at_the_declared_body()
    {
        // A valid ciphertext whose residues are all 0, followed by 64 MiB of zeros: about 64 KiB compressed, within
        // the cap for the declared ciphertext-sized body. Loading inflates the body and one byte more, no further.
        var bytes = CiphertextBytes;
        var body = FormatBytes.ReadUInt32(bytes, BodyLengthOffset);
        var bomb = new byte[64 << 20];
        bytes.AsSpan(Header, ResiduesOffset - Header).CopyTo(bomb);
        var payload = FormatBytes.ZLib(bomb, CompressionLevel.SmallestSize);
        Assert.True(payload.Length < body, $"{payload.Length}-byte bomb");
        var input = WithByte(WithPayload(bytes, payload, body), CompressionOffset, (byte)CkksCompression.ZLib);
        var allocated = GC.GetAllocatedBytesForCurrentThread();

        var error = Assert.Throws<CkksFormatException>(() => CkksSerializer.LoadCiphertext(input, Context));

        Assert.Contains("holds more than the declared", error.Message);
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - allocated, 0, 4L * body);
    }

    [Fact]
    public void Zlib_stream_with_a_preset_dictionary_or_bad_header_is_rejected()
    {
        var bytes = CkksSerializer.Serialize(Samples.Ciphertext, CkksCompression.ZLib);

        // CMF 0x78 with FDICT set and valid check bits: 0x78BB % 31 == 0.
        Assert.Contains("preset dictionary", Assert.Throws<CkksFormatException>(() => CkksSerializer.LoadCiphertext(WithByte(bytes, Header + 1, 0xBB), Context)).Message);
        Assert.Contains("check bits", Assert.Throws<CkksFormatException>(() => CkksSerializer.LoadCiphertext(WithByte(bytes, Header + 1, 0x9D), Context)).Message);
        Assert.Contains("deflate", Assert.Throws<CkksFormatException>(() => CkksSerializer.LoadCiphertext(WithByte(bytes, Header, 0x77), Context)).Message);
    }

    [Fact]
    public void Uncompressed_payload_must_match_the_declared_body_length()
    {
        var bytes = CiphertextBytes;

        var error = Assert.Throws<CkksFormatException>(() => CkksSerializer.LoadCiphertext(WithUInt32(bytes, BodyLengthOffset, FormatBytes.ReadUInt32(bytes, BodyLengthOffset) - 8), Context));

        Assert.Contains("uncompressed payload", error.Message);
    }

    [Fact]
    public void Format_layout_is_as_documented()
    {
        var bytes = CiphertextBytes;
        var ciphertext = Samples.Ciphertext;
        var n = Context.PolyModulusDegree;

        Assert.Equal("CKKS"u8.ToArray(), bytes[..4]);
        Assert.Equal([1, (byte)CkksObjectKind.Ciphertext, 0, 0], bytes[4..8]);
        Assert.Equal((uint)(bytes.Length - Header), FormatBytes.ReadUInt32(bytes, BodyLengthOffset));
        Assert.Equal((uint)(bytes.Length - Header), FormatBytes.ReadUInt32(bytes, PayloadLengthOffset));
        Assert.Equal((uint)n, FormatBytes.ReadUInt32(bytes, DegreeOffset));
        Assert.Equal(Context.ParametersId.ToArray(), bytes[IdOffset..AfterPrefix]);
        Assert.Equal((uint)ciphertext.Size, FormatBytes.ReadUInt32(bytes, SizeOffset));
        Assert.Equal((uint)ciphertext.Level, FormatBytes.ReadUInt32(bytes, LevelOffset));
        Assert.Equal(1u, FormatBytes.ReadUInt32(bytes, FlagsOffset));
        Assert.Equal(ciphertext.Scale, BinaryPrimitives.ReadDoubleLittleEndian(bytes.AsSpan(ScaleOffset)));
        Assert.Equal(ciphertext.Limb(1, 1)[3], FormatBytes.ReadUInt64(bytes, ResiduesOffset + (8 * ((3 * n) + 3))));
        Assert.Equal(ResiduesOffset + (8 * ciphertext.Data.Length), bytes.Length);
    }
}
