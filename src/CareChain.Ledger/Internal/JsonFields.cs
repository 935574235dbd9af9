using System.Text.Json;

namespace CareChain.Ledger.Internal;

/// <summary>Typed reads for the ledger decoders; every type mismatch becomes a <see cref="LedgerFormatException"/>.</summary>
internal static class JsonFields
{
    public static string ReadString(ref Utf8JsonReader reader, string name, int maxLength)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new LedgerFormatException($"Member \"{name}\" must be a string.");
        }

        // Check the raw length first so an oversized value is refused before it is copied;
        // a UTF-16 string is never longer than its UTF-8 (or escaped) source.
        if (!reader.ValueIsEscaped && reader.ValueSpan.Length > maxLength * 3)
        {
            throw new LedgerFormatException($"Member \"{name}\" is longer than {maxLength} characters.");
        }

        var value = reader.GetString()!;
        if (value.Length > maxLength)
        {
            throw new LedgerFormatException($"Member \"{name}\" is longer than {maxLength} characters.");
        }

        return value;
    }

    public static long ReadInt64(ref Utf8JsonReader reader, string name)
    {
        if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out var value))
        {
            throw new LedgerFormatException($"Member \"{name}\" must be an integer.");
        }

        return value;
    }

    public static int ReadInt32(ref Utf8JsonReader reader, string name)
    {
        if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out var value))
        {
            throw new LedgerFormatException($"Member \"{name}\" must be a 32-bit integer.");
        }

        return value;
    }

    public static DateTimeOffset ReadTimestamp(ref Utf8JsonReader reader, string name)
    {
        var text = ReadString(ref reader, name, UtcTimestamp.Length);
        if (!UtcTimestamp.TryParse(text.AsSpan(), out var value))
        {
            throw new LedgerFormatException($"Member \"{name}\" must be a UTC time \"yyyy-MM-ddTHH:mm:ss.fffZ\".");
        }

        return value;
    }

    public static byte[] ReadHash(ref Utf8JsonReader reader, string name)
    {
        var text = ReadString(ref reader, name, 64);
        return LowerHex.TryDecode(text, 32)
            ?? throw new LedgerFormatException($"Member \"{name}\" must be 64 lowercase hex characters.");
    }
}
