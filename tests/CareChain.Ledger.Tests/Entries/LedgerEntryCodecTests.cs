using System.Text;
using CareChain.Ledger.Canonicalization;
using CareChain.Ledger.Entries;
using CareChain.Ledger.Tests.Support;

namespace CareChain.Ledger.Tests.Entries;

[Trait("Category", "Unit")]
public sealed class LedgerEntryCodecTests
{
    private const string Hex64 = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

    private const string MinimalJson = "{\"action\":\"read\",\"outcome\":\"permit\",\"resources\":[],\"seq\":0,\"shard\":0,\"time\":\"2025-03-01T08:30:00.000Z\",\"v\":1}";

    private const string FullJson =
        "{\"action\":\"consent.update\",\"actor\":\"" + Hex64 + "\",\"consent\":\"Consent/c-1\",\"details\":\"said \\\"no\\\" \\\\ caf\u00e9\",\"model\":\"sepsis@1.2.0\",\"outcome\":\"permit\","
        + "\"patient\":\"" + Hex64 + "\",\"provision\":\"provision[0]\",\"purpose\":\"TREAT\",\"resourceType\":\"Consent\",\"resources\":[\"" + Hex64 + "\",\"" + Hex64 + "\"],"
        + "\"seq\":9007199254740991,\"shard\":4095,\"time\":\"9999-12-31T23:59:59.999Z\",\"v\":1}";

    [Fact]
    public void Minimal_entry_encodes_to_the_documented_bytes_and_back()
    {
        var entry = SampleEntries.Minimal();

        var bytes = LedgerEntryCodec.Encode(entry);

        Assert.Equal(MinimalJson, Encoding.UTF8.GetString(bytes));
        Assert.Equal(entry, LedgerEntryCodec.Decode(bytes));
    }

    [Fact]
    public void Entry_with_every_field_at_its_limits_round_trips()
    {
        var entry = LedgerEntryCodec.Decode(Encoding.UTF8.GetBytes(FullJson));

        Assert.Equal(4095, entry.Shard);
        Assert.Equal(9007199254740991, entry.Sequence);
        Assert.Equal("said \"no\" \\ caf\u00e9", entry.Details);
        Assert.Equal([Hex64, Hex64], entry.Resources);
        Assert.Equal(FullJson, Encoding.UTF8.GetString(LedgerEntryCodec.Encode(entry)));
    }

    [Fact]
    public void Sample_entries_round_trip_and_agree_with_the_general_canonicalizer()
    {
        for (var sequence = 0; sequence < 200; sequence++)
        {
            var entry = SampleEntries.Create(sequence % 3, sequence);

            var bytes = LedgerEntryCodec.Encode(entry);

            Assert.Equal(entry, LedgerEntryCodec.Decode(bytes));
            Assert.Equal(bytes, JsonCanonicalizer.Canonicalize(bytes));
        }
    }

    [Fact]
    public void Equality_compares_resources_by_content()
    {
        var a = SampleEntries.Create(0, 5) with { Resources = ["a", "b"] };
        var b = a with { Resources = new List<string> { "a", "b" } };

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, b with { Resources = ["b", "a"] });
    }

    [Fact]
    public void Timestamp_offset_is_normalized_to_utc()
    {
        var local = SampleEntries.Minimal() with { Timestamp = new DateTimeOffset(2025, 3, 1, 10, 30, 0, TimeSpan.FromHours(2)) };

        var decoded = LedgerEntryCodec.Decode(LedgerEntryCodec.Encode(local));

        Assert.Equal(local, decoded);
        Assert.Equal(TimeSpan.Zero, decoded.Timestamp.Offset);
    }

    public static TheoryData<string, LedgerEntry> InvalidEntries => new()
    {
        { "sub-millisecond time", SampleEntries.Minimal() with { Timestamp = SampleEntries.Epoch.AddTicks(1) } },
        { "negative shard", SampleEntries.Minimal() with { Shard = -1 } },
        { "shard too large", SampleEntries.Minimal() with { Shard = LedgerLimits.MaxShards } },
        { "sequence beyond 2^53", SampleEntries.Minimal() with { Sequence = LedgerLimits.MaxSequence + 1 } },
        { "uppercase action", SampleEntries.Minimal() with { Action = "Read" } },
        { "action with space", SampleEntries.Minimal() with { Action = "read all" } },
        { "action with empty segment", SampleEntries.Minimal() with { Action = "consent..update" } },
        { "action ending in a dot", SampleEntries.Minimal() with { Action = "read." } },
        { "empty outcome", SampleEntries.Minimal() with { Outcome = "" } },
        { "raw patient id", SampleEntries.Minimal() with { Patient = "Patient/123" } },
        { "uppercase pseudonym", SampleEntries.Minimal() with { Actor = Hex64.ToUpperInvariant() } },
        { "short pseudonym", SampleEntries.Minimal() with { Actor = Hex64[..63] } },
        { "lowercase resource type", SampleEntries.Minimal() with { ResourceType = "observation" } },
        { "resource that is not a hash", SampleEntries.Minimal() with { Resources = ["Observation/1"] } },
        { "null resources", SampleEntries.Minimal() with { Resources = null! } },
        { "too many resources", SampleEntries.Minimal() with { Resources = [.. Enumerable.Repeat(Hex64, LedgerLimits.MaxResources + 1)] } },
        { "purpose with space", SampleEntries.Minimal() with { Purpose = "treat me" } },
        { "empty consent", SampleEntries.Minimal() with { Consent = "" } },
        { "model too long", SampleEntries.Minimal() with { Model = new string('m', LedgerLimits.MaxIdentifierLength + 1) } },
        { "details with newline", SampleEntries.Minimal() with { Details = "line\nbreak" } },
        { "details with lone surrogate", SampleEntries.Minimal() with { Details = "a\ud800b" } },
        { "details too long", SampleEntries.Minimal() with { Details = new string('d', LedgerLimits.MaxDetailsLength + 1) } },
    };

    [Theory]
    [MemberData(nameof(InvalidEntries))]
    public void Encode_refuses_an_entry_that_breaks_a_field_rule(string problem, LedgerEntry entry)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => LedgerEntryCodec.Encode(entry));

        Assert.StartsWith("Invalid ledger entry", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Patient/123", error.Message, StringComparison.Ordinal);
        Assert.NotNull(problem);
    }

    [Theory]
    [InlineData("whitespace", " {\"action\":\"read\",\"outcome\":\"permit\",\"resources\":[],\"seq\":0,\"shard\":0,\"time\":\"2025-03-01T08:30:00.000Z\",\"v\":1}")]
    [InlineData("whitespace inside", "{\"action\": \"read\",\"outcome\":\"permit\",\"resources\":[],\"seq\":0,\"shard\":0,\"time\":\"2025-03-01T08:30:00.000Z\",\"v\":1}")]
    [InlineData("trailing newline", MinimalJson + "\n")]
    [InlineData("trailing content", MinimalJson + "{}")]
    [InlineData("members out of order", "{\"outcome\":\"permit\",\"action\":\"read\",\"resources\":[],\"seq\":0,\"shard\":0,\"time\":\"2025-03-01T08:30:00.000Z\",\"v\":1}")]
    [InlineData("duplicate member", "{\"action\":\"read\",\"action\":\"read\",\"outcome\":\"permit\",\"resources\":[],\"seq\":0,\"shard\":0,\"time\":\"2025-03-01T08:30:00.000Z\",\"v\":1}")]
    [InlineData("duplicate later member", "{\"action\":\"read\",\"outcome\":\"permit\",\"resources\":[],\"seq\":0,\"shard\":0,\"time\":\"2025-03-01T08:30:00.000Z\",\"v\":1,\"action\":\"read\"}")]
    [InlineData("unknown member", "{\"action\":\"read\",\"extra\":1,\"outcome\":\"permit\",\"resources\":[],\"seq\":0,\"shard\":0,\"time\":\"2025-03-01T08:30:00.000Z\",\"v\":1}")]
    [InlineData("escaped member name", "{\"\\u0061ction\":\"read\",\"outcome\":\"permit\",\"resources\":[],\"seq\":0,\"shard\":0,\"time\":\"2025-03-01T08:30:00.000Z\",\"v\":1}")]
    [InlineData("missing time", "{\"action\":\"read\",\"outcome\":\"permit\",\"resources\":[],\"seq\":0,\"shard\":0,\"v\":1}")]
    [InlineData("missing resources", "{\"action\":\"read\",\"outcome\":\"permit\",\"seq\":0,\"shard\":0,\"time\":\"2025-03-01T08:30:00.000Z\",\"v\":1}")]
    [InlineData("version 2", "{\"action\":\"read\",\"outcome\":\"permit\",\"resources\":[],\"seq\":0,\"shard\":0,\"time\":\"2025-03-01T08:30:00.000Z\",\"v\":2}")]
    [InlineData("shard as string", "{\"action\":\"read\",\"outcome\":\"permit\",\"resources\":[],\"seq\":0,\"shard\":\"0\",\"time\":\"2025-03-01T08:30:00.000Z\",\"v\":1}")]
    [InlineData("action as number", "{\"action\":1,\"outcome\":\"permit\",\"resources\":[],\"seq\":0,\"shard\":0,\"time\":\"2025-03-01T08:30:00.000Z\",\"v\":1}")]
    [InlineData("resources as string", "{\"action\":\"read\",\"outcome\":\"permit\",\"resources\":\"x\",\"seq\":0,\"shard\":0,\"time\":\"2025-03-01T08:30:00.000Z\",\"v\":1}")]
    [InlineData("null optional", "{\"action\":\"read\",\"actor\":null,\"outcome\":\"permit\",\"resources\":[],\"seq\":0,\"shard\":0,\"time\":\"2025-03-01T08:30:00.000Z\",\"v\":1}")]
    [InlineData("sequence with fraction", "{\"action\":\"read\",\"outcome\":\"permit\",\"resources\":[],\"seq\":0.0,\"shard\":0,\"time\":\"2025-03-01T08:30:00.000Z\",\"v\":1}")]
    [InlineData("sequence with exponent", "{\"action\":\"read\",\"outcome\":\"permit\",\"resources\":[],\"seq\":1e0,\"shard\":0,\"time\":\"2025-03-01T08:30:00.000Z\",\"v\":1}")]
    [InlineData("sequence with leading zero", "{\"action\":\"read\",\"outcome\":\"permit\",\"resources\":[],\"seq\":01,\"shard\":0,\"time\":\"2025-03-01T08:30:00.000Z\",\"v\":1}")]
    [InlineData("negative sequence", "{\"action\":\"read\",\"outcome\":\"permit\",\"resources\":[],\"seq\":-1,\"shard\":0,\"time\":\"2025-03-01T08:30:00.000Z\",\"v\":1}")]
    [InlineData("sequence beyond 2^53", "{\"action\":\"read\",\"outcome\":\"permit\",\"resources\":[],\"seq\":9007199254740992,\"shard\":0,\"time\":\"2025-03-01T08:30:00.000Z\",\"v\":1}")]
    [InlineData("huge sequence", "{\"action\":\"read\",\"outcome\":\"permit\",\"resources\":[],\"seq\":99999999999999999999999,\"shard\":0,\"time\":\"2025-03-01T08:30:00.000Z\",\"v\":1}")]
    [InlineData("time with offset", "{\"action\":\"read\",\"outcome\":\"permit\",\"resources\":[],\"seq\":0,\"shard\":0,\"time\":\"2025-03-01T08:30:00.000+00:00\",\"v\":1}")]
    [InlineData("time without milliseconds", "{\"action\":\"read\",\"outcome\":\"permit\",\"resources\":[],\"seq\":0,\"shard\":0,\"time\":\"2025-03-01T08:30:00Z\",\"v\":1}")]
    [InlineData("impossible date", "{\"action\":\"read\",\"outcome\":\"permit\",\"resources\":[],\"seq\":0,\"shard\":0,\"time\":\"2025-02-30T08:30:00.000Z\",\"v\":1}")]
    [InlineData("leap second", "{\"action\":\"read\",\"outcome\":\"permit\",\"resources\":[],\"seq\":0,\"shard\":0,\"time\":\"2016-12-31T23:59:60.000Z\",\"v\":1}")]
    [InlineData("escaped token", "{\"action\":\"r\\u0065ad\",\"outcome\":\"permit\",\"resources\":[],\"seq\":0,\"shard\":0,\"time\":\"2025-03-01T08:30:00.000Z\",\"v\":1}")]
    [InlineData("non-canonical escape in details", "{\"action\":\"read\",\"details\":\"a\\/b\",\"outcome\":\"permit\",\"resources\":[],\"seq\":0,\"shard\":0,\"time\":\"2025-03-01T08:30:00.000Z\",\"v\":1}")]
    [InlineData("control escape in details", "{\"action\":\"read\",\"details\":\"a\\nb\",\"outcome\":\"permit\",\"resources\":[],\"seq\":0,\"shard\":0,\"time\":\"2025-03-01T08:30:00.000Z\",\"v\":1}")]
    [InlineData("raw tab in details", "{\"action\":\"read\",\"details\":\"a\tb\",\"outcome\":\"permit\",\"resources\":[],\"seq\":0,\"shard\":0,\"time\":\"2025-03-01T08:30:00.000Z\",\"v\":1}")]
    [InlineData("raw patient id", "{\"action\":\"read\",\"outcome\":\"permit\",\"patient\":\"Patient/123\",\"resources\":[],\"seq\":0,\"shard\":0,\"time\":\"2025-03-01T08:30:00.000Z\",\"v\":1}")]
    [InlineData("trailing comma", "{\"action\":\"read\",\"outcome\":\"permit\",\"resources\":[],\"seq\":0,\"shard\":0,\"time\":\"2025-03-01T08:30:00.000Z\",\"v\":1,}")]
    [InlineData("trailing comma in resources", "{\"action\":\"read\",\"outcome\":\"permit\",\"resources\":[\"" + Hex64 + "\",],\"seq\":0,\"shard\":0,\"time\":\"2025-03-01T08:30:00.000Z\",\"v\":1}")]
    [InlineData("nested object", "{\"action\":{\"a\":[[[[1]]]]},\"outcome\":\"permit\",\"resources\":[],\"seq\":0,\"shard\":0,\"time\":\"2025-03-01T08:30:00.000Z\",\"v\":1}")]
    [InlineData("array instead of object", "[\"read\"]")]
    [InlineData("empty object", "{}")]
    [InlineData("not json", "not json at all")]
    [InlineData("truncated", "{\"action\":\"read\",\"outcome\":\"per")]
    [InlineData("empty", "")]
    public void Decode_refuses_bytes_that_are_not_exactly_a_canonical_entry(string problem, string json)
    {
        var error = Assert.Throws<LedgerFormatException>(() => LedgerEntryCodec.Decode(Encoding.UTF8.GetBytes(json)));

        Assert.False(string.IsNullOrWhiteSpace(error.Message), problem);
        Assert.DoesNotContain("Patient/123", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_refuses_invalid_utf8_and_oversized_input()
    {
        var bytes = Encoding.UTF8.GetBytes(MinimalJson.Replace("permit", "perm\u00e9t", StringComparison.Ordinal));
        var invalid = (byte[])bytes.Clone();
        invalid[Array.IndexOf(invalid, (byte)0xC3)] = 0xFF;

        Assert.Throws<LedgerFormatException>(() => LedgerEntryCodec.Decode(invalid));
        Assert.Throws<LedgerFormatException>(() => LedgerEntryCodec.Decode(new byte[LedgerLimits.MaxEntryBytes + 1]));
    }

    [Fact]
    public void Mutated_entries_either_fail_with_a_format_error_or_re_encode_to_the_same_bytes()
    {
        // Whatever Decode accepts must be exactly what Encode writes: no second spelling of an entry.
        var random = new Random(20250301);
        var originals = Enumerable.Range(0, 40).Select(i => LedgerEntryCodec.Encode(SampleEntries.Create(i % 4, i))).ToArray();
        const string Alphabet = "{}[]\":,\\ 0123456789abcdefTZ.-eE+nulltrue\u00e9";
        for (var round = 0; round < 20_000; round++)
        {
            var bytes = new List<byte>(originals[round % originals.Length]);
            for (var edits = random.Next(1, 4); edits > 0; edits--)
            {
                var at = random.Next(bytes.Count);
                switch (random.Next(3))
                {
                    case 0:
                        bytes.RemoveAt(at);
                        break;
                    case 1:
                        bytes.InsertRange(at, Encoding.UTF8.GetBytes(Alphabet[random.Next(Alphabet.Length)].ToString()));
                        break;
                    default:
                        bytes[at] = (byte)random.Next(256);
                        break;
                }
            }

            var mutated = bytes.ToArray();
            LedgerEntry decoded;
            try
            {
                decoded = LedgerEntryCodec.Decode(mutated);
            }
            catch (LedgerFormatException)
            {
                continue;
            }

            Assert.Equal(mutated, LedgerEntryCodec.Encode(decoded));
        }
    }
}
