using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using CareChain.Crypto.Arithmetic;
using CareChain.Crypto.Encryption;
using CareChain.Crypto.Keys;
using CareChain.Crypto.Parameters;

namespace CareChain.Crypto.Serialization;

/// <summary>
/// Saves and loads parameters, keys, plaintexts and ciphertexts in a versioned binary format, optionally compressed.
/// Loading treats its input as hostile: anything but a valid object of the requested kind for the receiver's own
/// parameters throws <see cref="CkksFormatException"/>, after reading and allocating no more than the largest valid
/// object of that kind could need.
/// </summary>
/// <remarks>
/// <para>
/// Format version 1. Integers are unsigned little-endian; doubles are their IEEE 754 binary64 bits; residues are
/// u64, polynomial by polynomial, limb (prime) by limb, N coefficients each, in NTT form. Header (16 bytes):
/// magic "CKKS" · u8 version = 1 · u8 kind (1 parameters, 2 secret key, 3 public key, 4 relinearization keys,
/// 5 Galois keys, 6 plaintext, 7 ciphertext, 8 seeded ciphertext) · u8 compression (0 none, 1 zlib, 2 Brotli) ·
/// u8 reserved = 0 · u32 body length (uncompressed) · u32 payload length (the bytes after the header; equal to the
/// body length when uncompressed).
/// </para>
/// <para>
/// Bodies. Parameters: u32 N · u32 prime count k · k × u64 primes (the special prime last). Every other body
/// starts with u32 N · 32-byte parameters id (<see cref="EncryptionParameters.Id"/>), and "flags" is a u32 whose
/// only defined bit, bit 0, says NTT form and must be set. Secret key: u32 limbs (= key modulus count K) · flags ·
/// K×N residues. Public key: u32 limbs (= K) · flags · b then a, 2×K×N residues. Key-switching key block:
/// u32 components (= K − 1) · u32 limbs (= K) · flags · (K − 1)×2×K×N residues. Relinearization keys: one block.
/// Galois keys: u32 count · per key, in strictly ascending element order, u32 Galois element · block. Plaintext:
/// u32 level · flags · f64 scale · (level + 1)×N residues. Ciphertext: u32 size (2 or 3) · u32 level · flags ·
/// f64 scale · size×(level + 1)×N residues. Seeded ciphertext: u32 level · flags · f64 scale · 32-byte seed ·
/// c0, (level + 1)×N residues (c1 is regenerated from the seed).
/// </para>
/// <para>
/// Loading checks, before reading further: the input against the largest valid object of the kind for the pinned
/// context (and expectation); magic, version, kind, compression and reserved byte; the declared body against that
/// maximum and the payload against the bytes present (no trailing bytes). Then, in the body: N and the parameters
/// id equal the receiver's; shape fields (size 2 or 3, level 0 to MaxLevel, limb and component counts, Galois
/// elements odd, below 2N, allowed, strictly ascending), flags, and scale (normal, at least 1, fitting its level)
/// hold; the declared body length equals what those fields imply, before anything is allocated; every residue is
/// below its prime; a secret key is ternary; a compressed stream decodes to exactly the body and ends exactly with
/// the payload. Decompression runs in 64 KiB chunks straight into the objects and never past the declared body.
/// </para>
/// <para>
/// The encoding is canonical: every field has one accepted value or is re-serialized exactly as read, so an
/// uncompressed input that loads re-serializes to the same bytes. Compressed streams are not canonical (many
/// deflate or Brotli streams decode to the same body); what they decode to is held to the same rules.
/// </para>
/// </remarks>
public static class CkksSerializer
{
    /// <summary>The evaluator's tolerance between scales that count as equal (see OperandGuard.SameScale).</summary>
    private const double RelativeScaleTolerance = 1e-10;

    private static readonly CiphertextExpectation NoExpectation = new();

    public static byte[] Serialize(EncryptionParameters parameters, CkksCompression compression = CkksCompression.None)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var moduli = parameters.CoeffModulus;
        if (moduli.Count > FormatLayout.MaxPrimeCount)
        {
            throw new ArgumentException($"The format holds at most {FormatLayout.MaxPrimeCount} primes; these parameters have {moduli.Count}.", nameof(parameters));
        }

        return FormatWriter.Write(CkksObjectKind.Parameters, FormatLayout.ParametersBody(moduli.Count), compression, (ref SpanWriter writer) =>
        {
            writer.WriteUInt32((uint)parameters.PolyModulusDegree);
            writer.WriteUInt32((uint)moduli.Count);
            foreach (var q in moduli)
            {
                writer.WriteUInt64(q.Value);
            }
        });
    }

    public static byte[] Serialize(SecretKey secretKey, CkksCompression compression = CkksCompression.None)
    {
        ArgumentNullException.ThrowIfNull(secretKey);
        RequireParameters(secretKey.ParametersId, "secret key");
        var n = secretKey.PolyModulusDegree;
        var limbs = secretKey.Data.Length / n;
        var body = FormatLayout.SecretKeyFixedSize + FormatLayout.ResidueBytes(1, limbs, n);
        return FormatWriter.Write(CkksObjectKind.SecretKey, body, compression, (ref SpanWriter writer) =>
        {
            writer.WriteContextPrefix(n, secretKey.ParametersId);
            writer.WriteUInt32((uint)limbs);
            writer.WriteUInt32(FormatLayout.NttFormFlag);
            writer.WriteResidues(secretKey.Data);
        });
    }

    public static byte[] Serialize(PublicKey publicKey, CkksCompression compression = CkksCompression.None)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        RequireParameters(publicKey.ParametersId, "public key");
        var n = publicKey.PolyModulusDegree;
        var limbs = publicKey.KeyModulusCount;
        var body = FormatLayout.PublicKeyFixedSize + FormatLayout.ResidueBytes(2, limbs, n);
        return FormatWriter.Write(CkksObjectKind.PublicKey, body, compression, (ref SpanWriter writer) =>
        {
            writer.WriteContextPrefix(n, publicKey.ParametersId);
            writer.WriteUInt32((uint)limbs);
            writer.WriteUInt32(FormatLayout.NttFormFlag);
            writer.WriteResidues(publicKey.Data);
        });
    }

    public static byte[] Serialize(RelinearizationKeys relinearizationKeys, CkksCompression compression = CkksCompression.None)
    {
        ArgumentNullException.ThrowIfNull(relinearizationKeys);
        RequireParameters(relinearizationKeys.ParametersId, "relinearization keys");
        var key = relinearizationKeys.Key;
        var body = checked(FormatLayout.ContextPrefixSize + KeySwitchingKeyBlock(key));
        return FormatWriter.Write(CkksObjectKind.RelinearizationKeys, body, compression, (ref SpanWriter writer) =>
        {
            writer.WriteContextPrefix(key.PolyModulusDegree, relinearizationKeys.ParametersId);
            WriteKeySwitchingKey(ref writer, key);
        });
    }

    public static byte[] Serialize(GaloisKeys galoisKeys, CkksCompression compression = CkksCompression.None)
    {
        ArgumentNullException.ThrowIfNull(galoisKeys);
        RequireParameters(galoisKeys.ParametersId, "Galois keys");
        var elements = galoisKeys.GaloisElements;
        var body = (long)FormatLayout.GaloisKeysFixedSize;
        foreach (var element in elements)
        {
            body = checked(body + sizeof(uint) + KeySwitchingKeyBlock(galoisKeys[element]));
        }

        return FormatWriter.Write(CkksObjectKind.GaloisKeys, body, compression, (ref SpanWriter writer) =>
        {
            writer.WriteContextPrefix(galoisKeys.PolyModulusDegree, galoisKeys.ParametersId);
            writer.WriteUInt32((uint)elements.Count);
            foreach (var element in elements)
            {
                writer.WriteUInt32((uint)element);
                WriteKeySwitchingKey(ref writer, galoisKeys[element]);
            }
        });
    }

    public static byte[] Serialize(Plaintext plaintext, CkksCompression compression = CkksCompression.None)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        RequireParameters(plaintext.ParametersId, "plaintext");
        var n = plaintext.PolyModulusDegree;
        var body = FormatLayout.PlaintextBody(plaintext.Level, n);
        return FormatWriter.Write(CkksObjectKind.Plaintext, body, compression, (ref SpanWriter writer) =>
        {
            writer.WriteContextPrefix(n, plaintext.ParametersId);
            writer.WriteUInt32((uint)plaintext.Level);
            writer.WriteUInt32(FormatLayout.NttFormFlag);
            writer.WriteDouble(plaintext.Scale);
            writer.WriteResidues(plaintext.Data);
        });
    }

    public static byte[] Serialize(Ciphertext ciphertext, CkksCompression compression = CkksCompression.None)
    {
        ArgumentNullException.ThrowIfNull(ciphertext);
        RequireParameters(ciphertext.ParametersId, "ciphertext");
        var n = ciphertext.PolyModulusDegree;
        var body = FormatLayout.CiphertextBody(ciphertext.Size, ciphertext.Level, n);
        return FormatWriter.Write(CkksObjectKind.Ciphertext, body, compression, (ref SpanWriter writer) =>
        {
            writer.WriteContextPrefix(n, ciphertext.ParametersId);
            writer.WriteUInt32((uint)ciphertext.Size);
            writer.WriteUInt32((uint)ciphertext.Level);
            writer.WriteUInt32(FormatLayout.NttFormFlag);
            writer.WriteDouble(ciphertext.Scale);
            writer.WriteResidues(ciphertext.Data);
        });
    }

    /// <summary>The compact form of a symmetric encryption: the seed and c0, about half a full ciphertext.</summary>
    public static byte[] Serialize(SeededCiphertext ciphertext, CkksCompression compression = CkksCompression.None)
    {
        ArgumentNullException.ThrowIfNull(ciphertext);
        RequireParameters(ciphertext.ParametersId, "seeded ciphertext");
        var n = ciphertext.PolyModulusDegree;
        var body = FormatLayout.SeededCiphertextBody(ciphertext.Level, n);
        return FormatWriter.Write(CkksObjectKind.SeededCiphertext, body, compression, (ref SpanWriter writer) =>
        {
            writer.WriteContextPrefix(n, ciphertext.ParametersId);
            writer.WriteUInt32((uint)ciphertext.Level);
            writer.WriteUInt32(FormatLayout.NttFormFlag);
            writer.WriteDouble(ciphertext.Scale);
            writer.WriteBytes(ciphertext.Seed);
            writer.WriteResidues(ciphertext.C0);
        });
    }

    /// <summary>
    /// The most bytes loading accepts for an object of <paramref name="kind"/> under <paramref name="context"/>
    /// (for Galois keys, a set of <paramref name="galoisKeyCount"/> keys), compressed or not: a limit to read a
    /// request body up to before handing it over.
    /// </summary>
    public static long MaxSerializedSize(CkksContext context, CkksObjectKind kind, int galoisKeyCount = 0)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentOutOfRangeException.ThrowIfNegative(galoisKeyCount);
        var n = context.PolyModulusDegree;
        var body = kind switch
        {
            CkksObjectKind.Parameters => FormatLayout.ParametersBody(FormatLayout.MaxPrimeCount),
            CkksObjectKind.SecretKey => FormatLayout.SecretKeyBody(context),
            CkksObjectKind.PublicKey => FormatLayout.PublicKeyBody(context),
            CkksObjectKind.RelinearizationKeys => FormatLayout.RelinearizationKeysBody(context),
            CkksObjectKind.GaloisKeys => FormatLayout.GaloisKeysBody(context, galoisKeyCount),
            CkksObjectKind.Plaintext => FormatLayout.PlaintextBody(context.MaxLevel, n),
            CkksObjectKind.Ciphertext => FormatLayout.CiphertextBody(3, context.MaxLevel, n),
            CkksObjectKind.SeededCiphertext => FormatLayout.SeededCiphertextBody(context.MaxLevel, n),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown object kind."),
        };
        return FormatLayout.InputCap(Math.Min(body, FormatLayout.MaxBodySize));
    }

    /// <summary>
    /// Standalone parameters, such as a server publishes: N must be supported and the primes must pass the
    /// <see cref="EncryptionParameters"/> constructor (distinct primes of at most 60 bits, each 1 mod 2N).
    /// </summary>
    public static EncryptionParameters LoadParameters(ReadOnlySpan<byte> data)
    {
        var reader = BodyReader.Open(data, CkksObjectKind.Parameters, FormatLayout.ParametersBody(FormatLayout.MaxPrimeCount));
        try
        {
            var n = reader.ReadUInt32("the ring degree N");
            if (n > int.MaxValue || !EncryptionParameters.SupportedDegrees.Contains((int)n))
            {
                throw reader.Fail($"N = {n} is not a supported degree ({string.Join(", ", EncryptionParameters.SupportedDegrees)})");
            }

            var count = reader.ReadUInt32("the prime count");
            if (count is < 2 or > FormatLayout.MaxPrimeCount)
            {
                throw reader.Fail($"it has {count} primes; a parameter set has 2 to {FormatLayout.MaxPrimeCount}");
            }

            reader.ExpectBodyLength(FormatLayout.ParametersBody((int)count), $"a set of {count} primes");
            var moduli = new Modulus[count];
            for (var i = 0; i < moduli.Length; i++)
            {
                var q = reader.ReadUInt64($"prime {i}");
                if (q < 2 || BitOperations.Log2(q) + 1 > CoeffModulus.MaxPrimeBits)
                {
                    throw reader.Fail($"prime {i} ({q}) is not a number of 2 to {CoeffModulus.MaxPrimeBits} bits");
                }

                moduli[i] = new Modulus(q);
            }

            reader.Finish();
            try
            {
                return new EncryptionParameters((int)n, moduli);
            }
            catch (ArgumentException e)
            {
                throw reader.Fail($"the primes are not a valid coefficient modulus for N = {n}: each must be a distinct prime congruent to 1 mod {2L * n}", e);
            }
        }
        finally
        {
            reader.Dispose();
        }
    }

    /// <summary>A secret key for <paramref name="context"/>: residues in range and ternary coefficients, the same modulo every prime.</summary>
    public static SecretKey LoadSecretKey(ReadOnlySpan<byte> data, CkksContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var expected = FormatLayout.SecretKeyBody(context);
        var reader = BodyReader.Open(data, CkksObjectKind.SecretKey, expected);
        try
        {
            reader.ReadContextPrefix(context);
            ReadKeyLimbCount(ref reader, context, "the secret key");
            reader.ReadNttFlags();
            reader.ExpectBodyLength(expected, "a secret key for these parameters");
            var n = context.PolyModulusDegree;
            var residues = new ulong[context.KeyModulusCount * n];
            var complete = false;
            try
            {
                for (var i = 0; i < context.KeyModulusCount; i++)
                {
                    reader.ReadResidues(residues.AsSpan(i * n, n), context.Moduli[i].Value, $"limb {i}");
                }

                CheckTernary(ref reader, context, residues);
                reader.Finish();
                complete = true;
                return new SecretKey(context, residues);
            }
            finally
            {
                if (!complete)
                {
                    CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(residues.AsSpan()));
                }
            }
        }
        finally
        {
            reader.Dispose();
        }
    }

    public static PublicKey LoadPublicKey(ReadOnlySpan<byte> data, CkksContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var expected = FormatLayout.PublicKeyBody(context);
        var reader = BodyReader.Open(data, CkksObjectKind.PublicKey, expected);
        try
        {
            reader.ReadContextPrefix(context);
            ReadKeyLimbCount(ref reader, context, "the public key");
            reader.ReadNttFlags();
            reader.ExpectBodyLength(expected, "a public key for these parameters");
            var n = context.PolyModulusDegree;
            var limbs = context.KeyModulusCount;
            var residues = new ulong[2 * limbs * n];
            for (var p = 0; p < 2; p++)
            {
                for (var i = 0; i < limbs; i++)
                {
                    reader.ReadResidues(residues.AsSpan(((p * limbs) + i) * n, n), context.Moduli[i].Value, $"polynomial {p}, limb {i}");
                }
            }

            reader.Finish();
            return new PublicKey(context, residues);
        }
        finally
        {
            reader.Dispose();
        }
    }

    public static RelinearizationKeys LoadRelinearizationKeys(ReadOnlySpan<byte> data, CkksContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var expected = FormatLayout.RelinearizationKeysBody(context);
        var reader = BodyReader.Open(data, CkksObjectKind.RelinearizationKeys, expected);
        try
        {
            reader.ReadContextPrefix(context);
            ReadKeySwitchingKeyShape(ref reader, context, "the relinearization key");
            reader.ExpectBodyLength(expected, "relinearization keys for these parameters");
            var key = ReadKeySwitchingKeyResidues(ref reader, context, "the relinearization key");
            reader.Finish();
            return new RelinearizationKeys(context, key);
        }
        finally
        {
            reader.Dispose();
        }
    }

    /// <summary>
    /// Galois keys for <paramref name="context"/>, only for elements in <paramref name="allowedGaloisElements"/>
    /// (the rotations the receiver means to perform): any subset of them, in ascending order, none twice.
    /// </summary>
    public static GaloisKeys LoadGaloisKeys(ReadOnlySpan<byte> data, CkksContext context, IReadOnlyCollection<int> allowedGaloisElements)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(allowedGaloisElements);
        var twoN = 2 * context.PolyModulusDegree;
        var allowed = new HashSet<int>(allowedGaloisElements);
        foreach (var element in allowed)
        {
            if ((element & 1) == 0 || element <= 0 || element >= twoN)
            {
                throw new ArgumentException($"Galois element {element} is not an odd number below 2N = {twoN}.", nameof(allowedGaloisElements));
            }
        }

        var reader = BodyReader.Open(data, CkksObjectKind.GaloisKeys, FormatLayout.GaloisKeysBody(context, allowed.Count));
        try
        {
            reader.ReadContextPrefix(context);
            var count = reader.ReadUInt32("the key count");
            if (count > allowed.Count)
            {
                throw reader.Fail($"it holds {count} keys but only {allowed.Count} Galois elements are allowed");
            }

            reader.ExpectBodyLength(FormatLayout.GaloisKeysBody(context, count), $"{count} Galois keys for these parameters");
            var keys = new Dictionary<int, KeySwitchingKey>((int)count);
            var previous = 0u;
            for (var k = 0; k < count; k++)
            {
                var element = reader.ReadUInt32($"Galois element {k}");
                if ((element & 1) == 0 || element >= (uint)twoN)
                {
                    throw reader.Fail($"Galois element {element} is not an odd number below 2N = {twoN}");
                }

                if (element <= previous)
                {
                    throw reader.Fail(element == previous
                        ? $"Galois element {element} appears twice"
                        : $"Galois elements are not in ascending order ({element} follows {previous})");
                }

                if (!allowed.Contains((int)element))
                {
                    throw reader.Fail($"it holds a key for Galois element {element}, which the receiver did not ask for");
                }

                var name = $"the key for Galois element {element}";
                ReadKeySwitchingKeyShape(ref reader, context, name);
                keys.Add((int)element, ReadKeySwitchingKeyResidues(ref reader, context, name));
                previous = element;
            }

            reader.Finish();
            return new GaloisKeys(context, keys);
        }
        finally
        {
            reader.Dispose();
        }
    }

    /// <summary>A plaintext for <paramref name="context"/>, at <paramref name="expectedLevel"/> and <paramref name="expectedScale"/> when given.</summary>
    public static Plaintext LoadPlaintext(ReadOnlySpan<byte> data, CkksContext context, int? expectedLevel = null, double? expectedScale = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ValidateExpectation(context, expectedLevel, expectedScale);
        var n = context.PolyModulusDegree;
        var reader = BodyReader.Open(data, CkksObjectKind.Plaintext, FormatLayout.PlaintextBody(expectedLevel ?? context.MaxLevel, n));
        try
        {
            reader.ReadContextPrefix(context);
            var level = ReadLevel(ref reader, context, expectedLevel);
            reader.ReadNttFlags();
            var scale = ReadScale(ref reader, context, level, expectedScale);
            reader.ExpectBodyLength(FormatLayout.PlaintextBody(level, n), $"a plaintext at level {level}");
            var plaintext = new Plaintext(context, level, scale);
            for (var i = 0; i <= level; i++)
            {
                reader.ReadResidues(plaintext.Limb(i), context.Moduli[i].Value, $"limb {i}");
            }

            reader.Finish();
            return plaintext;
        }
        finally
        {
            reader.Dispose();
        }
    }

    /// <summary>A ciphertext for <paramref name="context"/> that meets <paramref name="expectation"/> when given.</summary>
    public static Ciphertext LoadCiphertext(ReadOnlySpan<byte> data, CkksContext context, CiphertextExpectation? expectation = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        expectation ??= NoExpectation;
        ValidateExpectation(context, expectation.Level, expectation.Scale);
        var n = context.PolyModulusDegree;
        var maxSize = expectation.RequireSize2 ? 2 : 3;
        var reader = BodyReader.Open(data, CkksObjectKind.Ciphertext, FormatLayout.CiphertextBody(maxSize, expectation.Level ?? context.MaxLevel, n));
        try
        {
            reader.ReadContextPrefix(context);
            var size = reader.ReadUInt32("the size");
            if (size is not (2 or 3))
            {
                throw reader.Fail($"its size is {size}; a ciphertext has 2 or 3 polynomials");
            }

            if (size > maxSize)
            {
                throw reader.Fail("it has 3 polynomials (it is not relinearized) but size 2 is required");
            }

            var level = ReadLevel(ref reader, context, expectation.Level);
            reader.ReadNttFlags();
            var scale = ReadScale(ref reader, context, level, expectation.Scale);
            reader.ExpectBodyLength(FormatLayout.CiphertextBody((int)size, level, n), $"a size-{size} ciphertext at level {level}");
            var ciphertext = new Ciphertext(context, (int)size, level, scale);
            for (var p = 0; p < size; p++)
            {
                for (var i = 0; i <= level; i++)
                {
                    reader.ReadResidues(ciphertext.Limb(p, i), context.Moduli[i].Value, $"polynomial {p}, limb {i}");
                }
            }

            reader.Finish();
            return ciphertext;
        }
        finally
        {
            reader.Dispose();
        }
    }

    /// <summary>
    /// A seeded ciphertext for <paramref name="context"/> that meets <paramref name="expectation"/> when given;
    /// <see cref="SeededCiphertext.Expand"/> turns it into a full ciphertext.
    /// </summary>
    public static SeededCiphertext LoadSeededCiphertext(ReadOnlySpan<byte> data, CkksContext context, CiphertextExpectation? expectation = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        expectation ??= NoExpectation;
        ValidateExpectation(context, expectation.Level, expectation.Scale);
        var n = context.PolyModulusDegree;
        var reader = BodyReader.Open(data, CkksObjectKind.SeededCiphertext, FormatLayout.SeededCiphertextBody(expectation.Level ?? context.MaxLevel, n));
        try
        {
            reader.ReadContextPrefix(context);
            var level = ReadLevel(ref reader, context, expectation.Level);
            reader.ReadNttFlags();
            var scale = ReadScale(ref reader, context, level, expectation.Scale);
            reader.ExpectBodyLength(FormatLayout.SeededCiphertextBody(level, n), $"a seeded ciphertext at level {level}");
            var seed = new byte[FormatLayout.SeedSize];
            reader.ReadBytes(seed, "the seed");
            var c0 = new ulong[(level + 1) * n];
            for (var i = 0; i <= level; i++)
            {
                reader.ReadResidues(c0.AsSpan(i * n, n), context.Moduli[i].Value, $"c0, limb {i}");
            }

            reader.Finish();
            return new SeededCiphertext(context, seed, level, scale, c0);
        }
        finally
        {
            reader.Dispose();
        }
    }

    private static void RequireParameters(ReadOnlyMemory<byte> parametersId, string what)
    {
        if (parametersId.Length != FormatLayout.ParametersIdSize)
        {
            throw new ArgumentException($"The {what} is empty; initialize it before serializing it.");
        }
    }

    private static long KeySwitchingKeyBlock(KeySwitchingKey key) =>
        checked(FormatLayout.KeySwitchingKeyFixedSize + FormatLayout.ResidueBytes(2L * key.DecompositionCount, key.KeyModulusCount, key.PolyModulusDegree));

    private static void WriteKeySwitchingKey(ref SpanWriter writer, KeySwitchingKey key)
    {
        writer.WriteUInt32((uint)key.DecompositionCount);
        writer.WriteUInt32((uint)key.KeyModulusCount);
        writer.WriteUInt32(FormatLayout.NttFormFlag);
        writer.WriteResidues(key.Data);
    }

    private static void ValidateExpectation(CkksContext context, int? level, double? scale)
    {
        if (level is { } l)
        {
            context.ValidateLevel(l);
        }

        if (scale is { } s && (!double.IsNormal(s) || s < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(scale), s, "An expected scale must be a finite number of at least 1.");
        }
    }

    private static void ReadKeyLimbCount(ref BodyReader reader, CkksContext context, string what)
    {
        var limbs = reader.ReadUInt32("the limb count");
        if (limbs != (uint)context.KeyModulusCount)
        {
            throw reader.Fail($"{what} has {limbs} limbs but keys for these parameters have {context.KeyModulusCount}, one per prime of the key level");
        }
    }

    private static void ReadKeySwitchingKeyShape(ref BodyReader reader, CkksContext context, string what)
    {
        var components = reader.ReadUInt32($"the component count of {what}");
        if (components != (uint)(context.KeyModulusCount - 1))
        {
            throw reader.Fail($"{what} has {components} components but these parameters need {context.KeyModulusCount - 1}, one per data prime");
        }

        ReadKeyLimbCount(ref reader, context, what);
        reader.ReadNttFlags();
    }

    private static KeySwitchingKey ReadKeySwitchingKeyResidues(ref BodyReader reader, CkksContext context, string what)
    {
        var n = context.PolyModulusDegree;
        var limbs = context.KeyModulusCount;
        var components = limbs - 1;
        var residues = new ulong[FormatLayout.KeySwitchingKeyResidueBytes(context) / sizeof(ulong)];
        for (var j = 0; j < components; j++)
        {
            for (var p = 0; p < 2; p++)
            {
                for (var i = 0; i < limbs; i++)
                {
                    var offset = ((((j * 2) + p) * limbs) + i) * n;
                    reader.ReadResidues(residues.AsSpan(offset, n), context.Moduli[i].Value, $"{what}, component {j}, polynomial {p}, limb {i}");
                }
            }
        }

        return new KeySwitchingKey(context, residues);
    }

    private static int ReadLevel(ref BodyReader reader, CkksContext context, int? expected)
    {
        var level = reader.ReadUInt32("the level");
        if (level > (uint)context.MaxLevel)
        {
            throw reader.Fail($"its level {level} is above the top level {context.MaxLevel} of these parameters");
        }

        if (expected is { } e && level != (uint)e)
        {
            throw reader.Fail($"it is at level {level} but level {e} is expected");
        }

        return (int)level;
    }

    private static double ReadScale(ref BodyReader reader, CkksContext context, int level, double? expected)
    {
        var scale = reader.ReadDouble("the scale");
        if (!double.IsNormal(scale) || scale < 1)
        {
            throw reader.Fail(string.Create(CultureInfo.InvariantCulture, $"its scale {scale:R} is not a finite number of at least 1"));
        }

        try
        {
            OperandGuard.ScaleFits(context, "Loading", level, scale);
        }
        catch (ArgumentException e)
        {
            throw reader.Fail(
                $"its scale {OperandGuard.Describe(scale)} leaves no room for the message at level {level} ({context.LevelModulusBits(level)}-bit modulus)", e);
        }

        if (expected is { } want && Math.Abs(scale - want) > RelativeScaleTolerance * Math.Max(scale, want))
        {
            throw reader.Fail($"its scale {OperandGuard.Describe(scale)} is not the expected {OperandGuard.Describe(want)}");
        }

        return scale;
    }

    /// <summary>
    /// The key must be ternary: back in coefficient form, every coefficient is −1, 0 or 1, and the same one modulo
    /// every prime. Anything else would decrypt to garbage or leak through key switching.
    /// </summary>
    private static void CheckTernary(ref BodyReader reader, CkksContext context, ulong[] residues)
    {
        var n = context.PolyModulusDegree;
        var coefficients = residues.ToArray();
        try
        {
            for (var i = 0; i < context.KeyModulusCount; i++)
            {
                Ntt.Inverse(coefficients.AsSpan(i * n, n), context.NttTables[i]);
            }

            var q0 = context.Moduli[0].Value;
            for (var j = 0; j < n; j++)
            {
                var first = coefficients[j];
                if (first > 1 && first != q0 - 1)
                {
                    throw reader.Fail($"the secret key is not ternary: coefficient {j} is not -1, 0 or 1");
                }

                for (var i = 1; i < context.KeyModulusCount; i++)
                {
                    var expected = first == q0 - 1 ? context.Moduli[i].Value - 1 : first;
                    if (coefficients[(i * n) + j] != expected)
                    {
                        throw reader.Fail($"the secret key is not ternary: coefficient {j} differs between prime 0 and prime {i}");
                    }
                }
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(coefficients.AsSpan()));
        }
    }
}
