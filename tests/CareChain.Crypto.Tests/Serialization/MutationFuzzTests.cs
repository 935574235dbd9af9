using System.Buffers.Binary;
using CareChain.Crypto.Parameters;
using CareChain.Crypto.Serialization;
using CareChain.Crypto.Tests.Fixtures;
using static CareChain.Crypto.Tests.Serialization.FormatBytes;

namespace CareChain.Crypto.Tests.Serialization;

/// <summary>
/// Thousands of corrupted variants of valid serialized objects, from seeded generators. The property: every mutant
/// either throws <see cref="CkksFormatException"/> or loads to an object that re-serializes to exactly the mutant
/// (the encoding is canonical, so a residue changed to another value below its prime is a different valid object).
/// For compressed mutants, which deflate and Brotli cannot make canonical, the object must re-serialize to exactly
/// the body the mutant decompresses to. Any other exception fails the test and names the mutation.
/// </summary>
public sealed class MutationFuzzTests(CkksSetups setups)
{
    private static readonly uint[] InterestingUInt32 =
        [0, 1, 2, 3, 4, 7, 8, 0xFF, 0x100, 0xFFFF, 0x10000, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFE, 0xFFFFFFFF];

    private static readonly double[] InterestingDoubles =
        [double.NaN, double.PositiveInfinity, double.NegativeInfinity, 0, -0.0, double.Epsilon, double.MaxValue, -1, 0.5, 1, 2, 1e300, Math.Pow(2, 29), Math.Pow(2, 68), Math.Pow(2, 69)];

    private SerializationSamples Samples => SerializationSamples.For(setups, 4096);

    private CkksContext Context => Samples.Setup.Context;

    [Fact]
    public void Ciphertext_mutants_are_rejected_or_load_canonically()
    {
        var bytes = CkksSerializer.Serialize(Samples.Ciphertext);
        var stats = Run(CiphertextTarget("ciphertext", bytes, Samples.Ciphertext.Size), new Random(1), randomMutants: 1500);

        Assert.True(stats.Total >= 3000, $"{stats.Total} mutants");
        Assert.True(stats.Accepted > 0, "some residue mutations stay below their primes");
    }

    [Fact]
    public void Size_3_ciphertext_mutants_are_rejected_or_load_canonically()
    {
        var bytes = CkksSerializer.Serialize(Samples.Product);

        Run(CiphertextTarget("size-3 ciphertext", bytes, 3), new Random(2), randomMutants: 400);
    }

    [Fact]
    public void Plaintext_and_seeded_ciphertext_mutants_are_rejected_or_load_canonically()
    {
        var plaintext = CkksSerializer.Serialize(Samples.Plaintext);
        var seeded = CkksSerializer.Serialize(Samples.Seeded);
        var n = Context.PolyModulusDegree;
        var limbs = Context.MaxLevel + 1;

        var plaintextLayout = new Layout(plaintext, residueStart: AfterPrefix + 16, uint32Fields: [AfterPrefix, AfterPrefix + 4], doubleFields: [AfterPrefix + 8]);
        plaintextLayout.AddLimbs(plaintextLayout.ResidueStart, limbs, limbs, n, Context);
        Run(new Target("plaintext", plaintext, b => CkksSerializer.Serialize(CkksSerializer.LoadPlaintext(b, Context)), plaintextLayout), new Random(3), randomMutants: 400);

        var seededLayout = new Layout(seeded, residueStart: AfterPrefix + 48, uint32Fields: [AfterPrefix, AfterPrefix + 4], doubleFields: [AfterPrefix + 8]);
        seededLayout.AddLimbs(seededLayout.ResidueStart, limbs, limbs, n, Context);
        Run(new Target("seeded ciphertext", seeded, b => CkksSerializer.Serialize(CkksSerializer.LoadSeededCiphertext(b, Context)), seededLayout), new Random(4), randomMutants: 400);
    }

    [Fact]
    public void Secret_and_public_key_mutants_are_rejected_or_load_canonically()
    {
        var secret = CkksSerializer.Serialize(Samples.SecretKey);
        var publicKey = CkksSerializer.Serialize(Samples.Setup.PublicKey);
        var n = Context.PolyModulusDegree;
        var k = Context.KeyModulusCount;

        var secretLayout = new Layout(secret, residueStart: AfterPrefix + 8, uint32Fields: [AfterPrefix, AfterPrefix + 4], doubleFields: []);
        secretLayout.AddLimbs(secretLayout.ResidueStart, k, k, n, Context);
        Run(new Target("secret key", secret, b => CkksSerializer.Serialize(CkksSerializer.LoadSecretKey(b, Context)), secretLayout), new Random(5), randomMutants: 400);

        var publicLayout = new Layout(publicKey, residueStart: AfterPrefix + 8, uint32Fields: [AfterPrefix, AfterPrefix + 4], doubleFields: []);
        publicLayout.AddLimbs(publicLayout.ResidueStart, 2 * k, k, n, Context);
        Run(new Target("public key", publicKey, b => CkksSerializer.Serialize(CkksSerializer.LoadPublicKey(b, Context)), publicLayout), new Random(6), randomMutants: 400);
    }

    [Fact]
    public void Relinearization_and_Galois_key_mutants_are_rejected_or_load_canonically()
    {
        var relinearization = CkksSerializer.Serialize(Samples.Setup.RelinearizationKeys);
        var galois = CkksSerializer.Serialize(Samples.GaloisKeys);
        var n = Context.PolyModulusDegree;
        var k = Context.KeyModulusCount;
        var kskLimbs = 2 * (k - 1) * k;

        var relinearizationLayout = new Layout(relinearization, residueStart: AfterPrefix + 12, uint32Fields: [AfterPrefix, AfterPrefix + 4, AfterPrefix + 8], doubleFields: []);
        relinearizationLayout.AddLimbs(relinearizationLayout.ResidueStart, kskLimbs, k, n, Context);
        Run(new Target("relinearization keys", relinearization, b => CkksSerializer.Serialize(CkksSerializer.LoadRelinearizationKeys(b, Context)), relinearizationLayout), new Random(7), randomMutants: 200);

        var galoisLayout = new Layout(galois, residueStart: AfterPrefix + 4 + 16, uint32Fields: [AfterPrefix], doubleFields: []);
        var entry = AfterPrefix + 4;
        foreach (var _ in Samples.GaloisElements)
        {
            galoisLayout.UInt32Fields.AddRange([entry, entry + 4, entry + 8, entry + 12]);
            galoisLayout.AddLimbs(entry + 16, kskLimbs, k, n, Context);
            entry += 16 + (kskLimbs * n * 8);
        }

        var allowed = Samples.GaloisElements;
        Run(new Target("Galois keys", galois, b => CkksSerializer.Serialize(CkksSerializer.LoadGaloisKeys(b, Context, allowed)), galoisLayout), new Random(8), randomMutants: 100);
    }

    [Fact]
    public void Parameters_mutants_are_rejected_or_load_canonically()
    {
        var bytes = CkksSerializer.Serialize(Context.Parameters);
        var layout = new Layout(bytes, residueStart: bytes.Length, uint32Fields: [Header, Header + 4], doubleFields: []);
        for (var offset = Header + 8; offset < bytes.Length; offset += 8)
        {
            layout.UInt64Fields.Add(offset);
        }

        Run(new Target("parameters", bytes, b => CkksSerializer.Serialize(CkksSerializer.LoadParameters(b)), layout), new Random(9), randomMutants: 300);
    }

    [Theory]
    [InlineData(CkksCompression.ZLib)]
    [InlineData(CkksCompression.Brotli)]
    public void Compressed_ciphertext_mutants_are_rejected_or_load_to_what_they_decompress_to(CkksCompression compression)
    {
        var bytes = CkksSerializer.Serialize(Samples.Ciphertext, compression);
        var target = new Target("compressed ciphertext", bytes, b => CkksSerializer.Serialize(CkksSerializer.LoadCiphertext(b, Context)), new Layout(bytes, Header, [], []));

        var stats = RunCompressed(target, CiphertextTarget("body", CkksSerializer.Serialize(Samples.Ciphertext), 2), compression, new Random(10 + (int)compression));

        Assert.True(stats.Total >= 1500, $"{stats.Total} mutants");
        Assert.True(stats.Accepted > 0, "mutated bodies that stay valid load");
    }

    [Theory]
    [InlineData(CkksCompression.ZLib)]
    [InlineData(CkksCompression.Brotli)]
    public void Compressed_key_mutants_are_rejected_or_load_to_what_they_decompress_to(CkksCompression compression)
    {
        var secret = CkksSerializer.Serialize(Samples.SecretKey, compression);
        var plainSecret = CkksSerializer.Serialize(Samples.SecretKey);
        var k = Context.KeyModulusCount;
        var layout = new Layout(plainSecret, residueStart: AfterPrefix + 8, uint32Fields: [AfterPrefix, AfterPrefix + 4], doubleFields: []);
        layout.AddLimbs(layout.ResidueStart, k, k, Context.PolyModulusDegree, Context);
        var body = new Target("secret key body", plainSecret, b => CkksSerializer.Serialize(CkksSerializer.LoadSecretKey(b, Context)), layout);
        var target = new Target("compressed secret key", secret, body.Reload, new Layout(secret, Header, [], []));

        RunCompressed(target, body, compression, new Random(20 + (int)compression), payloadMutants: 400);
    }

    [Fact]
    public void Random_garbage_is_rejected_by_every_loader()
    {
        var random = new Random(30);
        var context = Context;
        var allowed = Samples.GaloisElements;
        Func<byte[], object>[] loaders =
        [
            b => CkksSerializer.LoadParameters(b),
            b => CkksSerializer.LoadSecretKey(b, context),
            b => CkksSerializer.LoadPublicKey(b, context),
            b => CkksSerializer.LoadRelinearizationKeys(b, context),
            b => CkksSerializer.LoadGaloisKeys(b, context, allowed),
            b => CkksSerializer.LoadPlaintext(b, context),
            b => CkksSerializer.LoadCiphertext(b, context),
            b => CkksSerializer.LoadSeededCiphertext(b, context),
        ];

        for (var i = 0; i < 4000; i++)
        {
            var garbage = new byte[random.Next(0, i % 10 == 0 ? 70000 : 400)];
            random.NextBytes(garbage);
            var kind = random.Next(1, 9);
            if (garbage.Length >= Header && random.Next(4) > 0)
            {
                // A plausible header, so that the body and the decompressors see the garbage too.
                "CKKS"u8.CopyTo(garbage);
                garbage[VersionOffset] = 1;
                garbage[KindOffset] = (byte)kind;
                garbage[CompressionOffset] = (byte)random.Next(3);
                garbage[ReservedOffset] = 0;
                garbage = WithUInt32(garbage, PayloadLengthOffset, (uint)(garbage.Length - Header));
                garbage = WithUInt32(garbage, BodyLengthOffset, garbage[CompressionOffset] == 0 ? (uint)(garbage.Length - Header) : (uint)random.Next(garbage.Length * 2));
                if (garbage.Length >= AfterPrefix && random.Next(2) == 0)
                {
                    garbage = WithUInt32(garbage, DegreeOffset, (uint)context.PolyModulusDegree);
                    context.ParametersId.Span.CopyTo(garbage.AsSpan(IdOffset));
                }
            }

            var load = loaders[kind - 1];
            try
            {
                load(garbage);
                Assert.Fail($"garbage {i} ({garbage.Length} bytes) loaded");
            }
            catch (CkksFormatException)
            {
            }
        }
    }

    private Target CiphertextTarget(string name, byte[] bytes, int size)
    {
        var n = Context.PolyModulusDegree;
        var limbs = Context.MaxLevel + 1;
        var layout = new Layout(bytes, residueStart: AfterPrefix + 20, uint32Fields: [AfterPrefix, AfterPrefix + 4, AfterPrefix + 8], doubleFields: [AfterPrefix + 12]);
        layout.AddLimbs(layout.ResidueStart, size * limbs, limbs, n, Context);
        return new Target(name, bytes, b => CkksSerializer.Serialize(CkksSerializer.LoadCiphertext(b, Context)), layout);
    }

    /// <summary>Mutates an uncompressed object everywhere: header, fixed fields, residues, length.</summary>
    private static Stats Run(Target target, Random random, int randomMutants)
    {
        var stats = new Stats();
        foreach (var (mutation, mutant) in UncompressedMutants(target, random, randomMutants))
        {
            Check(target, mutation, mutant, stats);
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"{target.Name}: {stats.Total} mutants, {stats.Accepted} loaded (canonically), {stats.Rejected} rejected");
        return stats;
    }

    /// <summary>
    /// Mutates a compressed object: its header, the compressed stream itself, and bodies mutated before compression
    /// (so that the checks behind decompression see hostile bodies too).
    /// </summary>
    private static Stats RunCompressed(Target target, Target body, CkksCompression compression, Random random, int payloadMutants = 1000)
    {
        var stats = new Stats();
        var bytes = target.Bytes;
        var bodyLength = ReadUInt32(bytes, BodyLengthOffset);
        var payload = bytes[Header..];

        IEnumerable<(string, byte[])> Mutants()
        {
            for (var bit = 0; bit < Header * 8; bit++)
            {
                yield return ($"header bit {bit}", Flip(bytes, bit));
            }

            for (var i = 0; i < Math.Min(payload.Length * 8, 512); i++)
            {
                yield return ($"payload bit {i}", Flip(bytes, (Header * 8) + i));
            }

            for (var i = 0; i < payloadMutants; i++)
            {
                var bit = random.Next(Header * 8, bytes.Length * 8);
                yield return ($"payload bit {bit}", Flip(bytes, bit));
            }

            for (var i = 0; i < payloadMutants / 4; i++)
            {
                var mutant = (byte[])bytes.Clone();
                var flips = random.Next(2, 17);
                for (var f = 0; f < flips; f++)
                {
                    mutant[random.Next(Header, mutant.Length)] ^= (byte)(1 << random.Next(8));
                }

                yield return ($"{flips} payload flips", mutant);
            }

            for (var i = 0; i < payloadMutants / 4; i++)
            {
                var offset = random.Next(Header, bytes.Length);
                yield return ($"payload byte {offset} randomized", WithByte(bytes, offset, (byte)random.Next(256)));
            }

            foreach (var cut in Enumerable.Range(1, 12).Concat(Enumerable.Range(0, 60).Select(_ => random.Next(1, payload.Length))))
            {
                yield return ($"payload cut by {cut}, header consistent", WithPayload(bytes, payload.AsSpan(0, payload.Length - cut), bodyLength));
                yield return ($"payload cut by {cut}", bytes[..^cut]);
            }

            foreach (var extra in (int[])[1, 2, 3, 4, 5, 8, 31, 64, 1000])
            {
                var junk = new byte[extra];
                random.NextBytes(junk);
                yield return ($"{extra} junk bytes in the payload", WithPayload(bytes, Concat(payload, junk), bodyLength));
                yield return ($"{extra} zero bytes in the payload", WithPayload(bytes, Concat(payload, new byte[extra]), bodyLength));
                yield return ($"{extra} junk bytes after the payload", Concat(bytes, junk));
            }

            foreach (var value in InterestingUInt32.Concat([bodyLength - 1, bodyLength + 1, bodyLength - 8, bodyLength + 8, (uint)payload.Length]))
            {
                yield return ($"body length {value}", WithUInt32(bytes, BodyLengthOffset, value));
                yield return ($"payload length {value}", WithUInt32(bytes, PayloadLengthOffset, value));
            }

            // Bodies mutated before compression: valid streams around hostile contents.
            foreach (var (mutation, mutantBody) in UncompressedMutants(body, random, randomMutants: 40).Where((_, index) => index % 8 == 0))
            {
                if (mutantBody.Length < Header || mutantBody[CompressionOffset] != 0)
                {
                    continue;
                }

                var framed = WithByte(mutantBody, CompressionOffset, (byte)compression);
                var recompressed = compression == CkksCompression.ZLib ? FormatBytes.ZLib(mutantBody.AsSpan(Header)) : FormatBytes.Brotli(mutantBody.AsSpan(Header));
                yield return ($"compressed body with {mutation}", WithPayload(framed, recompressed, ReadUInt32(mutantBody, BodyLengthOffset)));
            }
        }

        foreach (var (mutation, mutant) in Mutants())
        {
            Check(target, mutation, mutant, stats);
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"{target.Name} ({compression}): {stats.Total} mutants, {stats.Accepted} loaded, {stats.Rejected} rejected");
        return stats;
    }

    private static IEnumerable<(string Mutation, byte[] Bytes)> UncompressedMutants(Target target, Random random, int randomMutants)
    {
        var bytes = target.Bytes;
        var layout = target.Layout;

        // Every bit of the header and the fixed fields, one at a time.
        for (var bit = 0; bit < layout.ResidueStart * 8; bit++)
        {
            yield return ($"bit {bit}", Flip(bytes, bit));
        }

        // Every value of the version, kind, compression and reserved bytes.
        for (var offset = VersionOffset; offset <= ReservedOffset; offset++)
        {
            for (var value = 0; value < 256; value++)
            {
                if (value != bytes[offset])
                {
                    yield return ($"byte {offset} = {value}", WithByte(bytes, offset, (byte)value));
                }
            }
        }

        // Single and multiple bit flips anywhere, some clustered.
        for (var i = 0; i < randomMutants; i++)
        {
            var bit = random.Next(bytes.Length * 8);
            yield return ($"bit {bit}", Flip(bytes, bit));
        }

        for (var i = 0; i < randomMutants / 2; i++)
        {
            var mutant = (byte[])bytes.Clone();
            var flips = random.Next(2, 17);
            var clustered = random.Next(2) == 0;
            var start = random.Next(bytes.Length);
            for (var f = 0; f < flips; f++)
            {
                var offset = clustered ? Math.Min(bytes.Length - 1, start + random.Next(64)) : random.Next(bytes.Length);
                mutant[offset] ^= (byte)(1 << random.Next(8));
            }

            yield return ($"{flips} flips{(clustered ? " near " + start : string.Empty)}", mutant);
        }

        // Whole 64-bit words replaced by random values: nearly always above a 40-bit prime.
        for (var i = 0; i < randomMutants / 4; i++)
        {
            var offset = random.Next(bytes.Length - 7);
            yield return ($"word at {offset} randomized", WithUInt64(bytes, offset, (ulong)random.NextInt64() ^ ((ulong)random.Next(2) << 63)));
        }

        // Truncation at every region boundary and its neighbours, and at random points; raw and with the header
        // lengths made consistent, so that the body's own fields are what catch it.
        var cuts = layout.Boundaries.SelectMany(b => (int[])[b - 1, b, b + 1]).Concat(Enumerable.Range(0, 40).Select(_ => random.Next(bytes.Length)));
        foreach (var length in cuts.Where(l => l >= 0 && l < bytes.Length).Distinct())
        {
            yield return ($"truncated to {length}", bytes[..length]);
            if (length >= Header)
            {
                yield return ($"truncated to {length}, header consistent", WithConsistentLengths(bytes[..length]));
            }
        }

        // Extension with junk, zeros and whole extra limbs.
        foreach (var extra in (int[])[1, 4, 7, 8, 16, 64, layout.LimbBytes, 2 * layout.LimbBytes])
        {
            if (extra == 0)
            {
                continue;
            }

            var junk = new byte[extra];
            random.NextBytes(junk);
            yield return ($"{extra} junk bytes", Concat(bytes, junk));
            yield return ($"{extra} junk bytes, header consistent", WithConsistentLengths(Concat(bytes, junk)));
            yield return ($"{extra} zero bytes, header consistent", WithConsistentLengths(Concat(bytes, new byte[extra])));
        }

        // Length, size, level, count and flag fields set to edge values; body fields also with the body resized by
        // whole limbs, which is what a consistent change of size, level or count would take.
        foreach (var offset in layout.UInt32Fields.Concat([0, BodyLengthOffset, PayloadLengthOffset]))
        {
            var original = ReadUInt32(bytes, offset);
            foreach (var value in InterestingUInt32.Concat([original - 1, original + 1, original * 2, original ^ (1u << random.Next(32))]).Distinct())
            {
                if (value == original)
                {
                    continue;
                }

                var mutant = WithUInt32(bytes, offset, value);
                yield return ($"u32 at {offset} = {value}", mutant);
                if (offset >= Header && value < 16 && layout.LimbBytes > 0)
                {
                    foreach (var limbs in (int[])[-2, -1, 1, 2])
                    {
                        var resized = limbs < 0
                            ? mutant[..Math.Max(layout.ResidueStart, mutant.Length + (limbs * layout.LimbBytes))]
                            : Concat(mutant, bytes.AsSpan(layout.ResidueStart, Math.Min(limbs * layout.LimbBytes, bytes.Length - layout.ResidueStart)));
                        yield return ($"u32 at {offset} = {value}, body resized by {limbs} limbs", WithConsistentLengths(resized));
                    }
                }
            }
        }

        foreach (var offset in layout.UInt64Fields)
        {
            var original = ReadUInt64(bytes, offset);
            foreach (var value in (ulong[])[0, 1, 2, original - 1, original + 1, original + 8192, original - 8192, original ^ (1UL << 59), 1UL << 60, ulong.MaxValue])
            {
                yield return ($"u64 at {offset} = {value}", WithUInt64(bytes, offset, value));
            }
        }

        foreach (var offset in layout.DoubleFields)
        {
            foreach (var value in InterestingDoubles)
            {
                yield return ($"f64 at {offset} = {value}", WithDouble(bytes, offset, value));
            }

            yield return ($"f64 at {offset} negated", WithDouble(bytes, offset, -BinaryPrimitives.ReadDoubleLittleEndian(bytes.AsSpan(offset))));
        }

        // Residues at and around their primes, at the edges of every limb and at random places.
        foreach (var (start, count, prime) in layout.Limbs)
        {
            foreach (var index in (int[])[0, count - 1, random.Next(count)])
            {
                foreach (var value in (ulong[])[prime, prime - 1, prime + 1, 0, ulong.MaxValue, 1UL << 63, prime << 1])
                {
                    yield return ($"residue {index} of limb at {start} = {value}", WithUInt64(bytes, start + (8 * index), value));
                }
            }
        }
    }

    private static void Check(Target target, string mutation, byte[] mutant, Stats stats)
    {
        stats.Total++;
        byte[] reserialized;
        try
        {
            reserialized = target.Reload(mutant);
        }
        catch (CkksFormatException)
        {
            stats.Rejected++;
            return;
        }
#pragma warning disable CA1031 // Any other exception is the failure under test; report which mutant caused it.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Assert.Fail($"{target.Name}, {mutation}: {e.GetType().FullName} escaped instead of CkksFormatException: {e}");
            return;
        }

        stats.Accepted++;
        if (mutant[CompressionOffset] == (byte)CkksCompression.None)
        {
            Assert.True(reserialized.AsSpan().SequenceEqual(mutant), $"{target.Name}, {mutation}: loaded, but re-serializes to other bytes");
        }
        else
        {
            Assert.True(reserialized.AsSpan(0, CompressionOffset).SequenceEqual(mutant.AsSpan(0, CompressionOffset)), $"{target.Name}, {mutation}: header changed");
            Assert.True(reserialized.AsSpan(Header).SequenceEqual(Body(mutant)), $"{target.Name}, {mutation}: loaded, but not to the body it decompresses to");
        }
    }

    private static byte[] Flip(byte[] bytes, int bit)
    {
        var copy = (byte[])bytes.Clone();
        copy[bit / 8] ^= (byte)(1 << (bit % 8));
        return copy;
    }

    private sealed class Stats
    {
        public int Total { get; set; }

        public int Accepted { get; set; }

        public int Rejected { get; set; }
    }

    private sealed record Target(string Name, byte[] Bytes, Func<byte[], byte[]> Reload, Layout Layout);

    /// <summary>Where the fields and residue limbs of one serialized object are, as absolute offsets.</summary>
    private sealed class Layout(byte[] bytes, int residueStart, int[] uint32Fields, int[] doubleFields)
    {
        public int ResidueStart { get; } = residueStart;

        public List<int> UInt32Fields { get; } = [.. uint32Fields];

        public List<int> UInt64Fields { get; } = [];

        public List<int> DoubleFields { get; } = [.. doubleFields];

        public List<(int Start, int Count, ulong Prime)> Limbs { get; } = [];

        public int LimbBytes { get; private set; }

        public IEnumerable<int> Boundaries =>
            new[] { 0, 4, VersionOffset, KindOffset, CompressionOffset, ReservedOffset, BodyLengthOffset, PayloadLengthOffset, Header, IdOffset, AfterPrefix, ResidueStart, bytes.Length }
                .Concat(UInt32Fields).Concat(UInt64Fields).Concat(DoubleFields).Concat(Limbs.Select(l => l.Start)).Distinct().Order();

        /// <summary><paramref name="count"/> consecutive limbs of N residues, limb i modulo prime i mod <paramref name="primes"/>.</summary>
        public void AddLimbs(int start, int count, int primes, int n, CkksContext context)
        {
            LimbBytes = n * 8;
            for (var i = 0; i < count; i++)
            {
                Limbs.Add((start + (i * n * 8), n, context.Parameters.CoeffModulus[i % primes].Value));
            }
        }
    }
}
