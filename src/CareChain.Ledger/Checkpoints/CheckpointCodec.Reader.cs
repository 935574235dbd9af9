using System.Text.Json;
using CareChain.Ledger.Internal;

namespace CareChain.Ledger.Checkpoints;

/// <summary>
/// The decoding half: reads the members into a <see cref="Checkpoint"/>, refusing wrong types,
/// unknown and duplicate members. Canonical form is then proven by re-encoding and comparing bytes;
/// checkpoints are few, so the simple way is fast enough.
/// </summary>
public static partial class CheckpointCodec
{
    private static Checkpoint Read(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 4 });
        ExpectStart(ref reader, JsonTokenType.StartObject, "Checkpoint must be a JSON object.");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        long? number = null;
        byte[]? previous = null;
        List<ShardHead>? shards = null;
        DateTimeOffset? time = null;
        int? version = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = MemberName(ref reader, seen, "Checkpoint");
            reader.Read();
            switch (name)
            {
                case "number":
                    number = JsonFields.ReadInt64(ref reader, name);
                    break;
                case "previous":
                    previous = JsonFields.ReadHash(ref reader, name);
                    break;
                case "shards":
                    shards = ReadShards(ref reader);
                    break;
                case "time":
                    time = JsonFields.ReadTimestamp(ref reader, name);
                    break;
                case "v":
                    version = JsonFields.ReadInt32(ref reader, name);
                    break;
                default:
                    throw new LedgerFormatException("Checkpoint has an unknown member.");
            }
        }

        if (version is null)
        {
            throw new LedgerFormatException("Checkpoint is missing \"v\".");
        }

        if (version != LedgerLimits.FormatVersion)
        {
            throw new LedgerFormatException($"Checkpoint format version is not supported (expected {LedgerLimits.FormatVersion}).");
        }

        return new Checkpoint(
            number ?? throw Missing("number"),
            time ?? throw Missing("time"),
            previous ?? throw Missing("previous"),
            shards ?? throw Missing("shards"));
    }

    private static List<ShardHead> ReadShards(ref Utf8JsonReader reader)
    {
        ExpectStart(ref reader, JsonTokenType.StartArray, "Checkpoint member \"shards\" must be an array.");
        var shards = new List<ShardHead>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (shards.Count == LedgerLimits.MaxShards)
            {
                throw new LedgerFormatException($"Checkpoint lists more than {LedgerLimits.MaxShards} shards.");
            }

            ExpectStart(ref reader, JsonTokenType.StartObject, "Checkpoint shard must be a JSON object.");
            var seen = new HashSet<string>(StringComparer.Ordinal);
            int? shard = null;
            long? size = null;
            byte[]? root = null, head = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = MemberName(ref reader, seen, "Checkpoint shard");
                reader.Read();
                switch (name)
                {
                    case "shard":
                        shard = JsonFields.ReadInt32(ref reader, name);
                        break;
                    case "size":
                        size = JsonFields.ReadInt64(ref reader, name);
                        break;
                    case "root":
                        root = JsonFields.ReadHash(ref reader, name);
                        break;
                    case "head":
                        head = JsonFields.ReadHash(ref reader, name);
                        break;
                    default:
                        throw new LedgerFormatException("Checkpoint shard has an unknown member.");
                }
            }

            shards.Add(new ShardHead(
                shard ?? throw Missing("shard"),
                size ?? throw Missing("size"),
                root ?? throw Missing("root"),
                head ?? throw Missing("head")));
        }

        return shards;
    }

    private static string MemberName(ref Utf8JsonReader reader, HashSet<string> seen, string what)
    {
        if (reader.ValueIsEscaped || reader.ValueSpan.Length > 16)
        {
            throw new LedgerFormatException($"{what} has an unknown member.");
        }

        var name = reader.GetString()!;
        if (!seen.Add(name))
        {
            throw new LedgerFormatException($"{what} has a duplicate member \"{name}\".");
        }

        return name;
    }

    private static void ExpectStart(ref Utf8JsonReader reader, JsonTokenType type, string message)
    {
        if (reader.TokenType == JsonTokenType.None)
        {
            reader.Read();
        }

        if (reader.TokenType != type)
        {
            throw new LedgerFormatException(message);
        }
    }

    private static LedgerFormatException Missing(string name) => new($"Checkpoint is missing \"{name}\".");
}
