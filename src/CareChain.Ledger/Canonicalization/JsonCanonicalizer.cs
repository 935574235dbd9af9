using System.Globalization;
using System.Text.Json;
using System.Text.Unicode;

namespace CareChain.Ledger.Canonicalization;

/// <summary>
/// RFC 8785 (JSON Canonicalization Scheme): the byte-exact form of any I-JSON document, so that a
/// verifier in any language can re-hash ledger data. Members are sorted by their UTF-16 code units,
/// strings use minimal escaping, numbers use ECMAScript formatting and no whitespace is emitted.
/// </summary>
public static class JsonCanonicalizer
{
    /// <summary>Nesting deeper than this is refused, which also bounds recursion on hostile input.</summary>
    public const int MaxDepth = 64;

    private static readonly object NullValue = new();

    /// <summary>Returns the canonical UTF-8 form of <paramref name="utf8Json"/>.</summary>
    /// <exception cref="LedgerFormatException">
    /// The input is not a single well-formed UTF-8 JSON value, has duplicate member names, a number
    /// outside the double range, or a string with an unpaired surrogate.
    /// </exception>
    public static byte[] Canonicalize(ReadOnlySpan<byte> utf8Json)
    {
        if (utf8Json.StartsWith("\uFEFF"u8))
        {
            throw new LedgerFormatException("JSON must not start with a byte order mark.");
        }

        if (!Utf8.IsValid(utf8Json))
        {
            throw new LedgerFormatException("JSON is not valid UTF-8.");
        }

        object root;
        try
        {
            var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = MaxDepth });
            if (!reader.Read())
            {
                throw new LedgerFormatException("JSON is empty.");
            }

            root = ReadValue(ref reader);
            if (reader.Read())
            {
                throw new LedgerFormatException("JSON has content after its value.");
            }
        }
        catch (JsonException error)
        {
            throw new LedgerFormatException($"JSON is malformed: {error.Message}", error);
        }
        catch (InvalidOperationException error)
        {
            throw new LedgerFormatException($"JSON is malformed: {error.Message}", error);
        }

        var writer = new CanonicalJsonWriter(utf8Json.Length + 16);
        try
        {
            Write(writer, root);
        }
        catch (ArgumentException error)
        {
            throw new LedgerFormatException($"JSON cannot be canonicalized: {error.Message}", error);
        }

        return writer.ToArray();
    }

    private static object ReadValue(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                var members = new List<KeyValuePair<string, object>>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    var name = reader.GetString()!;
                    reader.Read();
                    members.Add(new(name, ReadValue(ref reader)));
                }

                members.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
                for (var i = 1; i < members.Count; i++)
                {
                    if (string.Equals(members[i - 1].Key, members[i].Key, StringComparison.Ordinal))
                    {
                        throw new LedgerFormatException("JSON object has a duplicate member name.");
                    }
                }

                return members;
            case JsonTokenType.StartArray:
                var items = new List<object>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    items.Add(ReadValue(ref reader));
                }

                return items.ToArray();
            case JsonTokenType.String:
                return reader.GetString()!;
            case JsonTokenType.Number:
                return ReadNumber(reader.ValueSpan);
            case JsonTokenType.True:
                return true;
            case JsonTokenType.False:
                return false;
            case JsonTokenType.Null:
                return NullValue;
            default:
                throw new LedgerFormatException($"Unexpected JSON token {reader.TokenType}.");
        }
    }

    private static double ReadNumber(ReadOnlySpan<byte> text)
    {
        // The reader has already checked the JSON number grammar; parsing gives the nearest double.
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            throw new LedgerFormatException("JSON number is outside the IEEE 754 double range.");
        }

        return value;
    }

    private static void Write(CanonicalJsonWriter writer, object value)
    {
        switch (value)
        {
            case List<KeyValuePair<string, object>> members:
                writer.WriteByte((byte)'{');
                for (var i = 0; i < members.Count; i++)
                {
                    if (i > 0)
                    {
                        writer.WriteByte((byte)',');
                    }

                    writer.WriteString(members[i].Key);
                    writer.WriteByte((byte)':');
                    Write(writer, members[i].Value);
                }

                writer.WriteByte((byte)'}');
                break;
            case object[] items:
                writer.WriteByte((byte)'[');
                for (var i = 0; i < items.Length; i++)
                {
                    if (i > 0)
                    {
                        writer.WriteByte((byte)',');
                    }

                    Write(writer, items[i]);
                }

                writer.WriteByte((byte)']');
                break;
            case string text:
                writer.WriteString(text);
                break;
            case double number:
                writer.WriteNumber(number);
                break;
            case bool flag:
                writer.WriteRaw(flag ? "true"u8 : "false"u8);
                break;
            default:
                writer.WriteRaw("null"u8);
                break;
        }
    }
}
