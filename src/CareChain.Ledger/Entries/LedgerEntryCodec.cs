using CareChain.Ledger.Canonicalization;
using CareChain.Ledger.Internal;

namespace CareChain.Ledger.Entries;

/// <summary>
/// Converts entries to and from their canonical bytes (RFC 8785 JSON, UTF-8). These bytes are what
/// the hash chain and the Merkle tree hash, so encoding is deterministic and decoding accepts only
/// the exact bytes encoding would produce.
/// </summary>
/// <remarks>
/// Timestamps must already be whole milliseconds: <see cref="Encode"/> refuses finer values rather
/// than truncating them, so an entry always decodes back to an equal entry.
/// </remarks>
public static partial class LedgerEntryCodec
{
    /// <summary>Encodes an entry after checking every field rule.</summary>
    /// <exception cref="ArgumentException">A field breaks its rule (the message names the field).</exception>
    public static byte[] Encode(LedgerEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var problem = LedgerEntryRules.FindProblem(entry);
        if (problem is not null)
        {
            throw new ArgumentException($"Invalid ledger entry: {problem}.", nameof(entry));
        }

        var writer = CanonicalJsonWriter.RentThreadLocal();
        Write(entry, writer);
        return writer.ToArray();
    }

    /// <summary>
    /// Decodes canonical entry bytes, treating them as hostile: size, UTF-8, JSON shape, member
    /// names and order, types, field rules and byte-exact canonical form are all checked. The
    /// reader accepts exactly the bytes <see cref="Encode"/> writes and nothing else, so no
    /// re-encoding is needed to prove the input canonical.
    /// </summary>
    /// <exception cref="LedgerFormatException">The bytes are not a canonical ledger entry.</exception>
    public static LedgerEntry Decode(ReadOnlySpan<byte> canonicalJson)
    {
        var fields = Parse(canonicalJson);
        return Materialize(canonicalJson, fields);
    }

    /// <summary>
    /// Checks canonical entry bytes exactly as <see cref="Decode"/> does but builds no strings:
    /// the verifier's per-entry path only needs the shard and sequence.
    /// </summary>
    /// <exception cref="LedgerFormatException">The bytes are not a canonical ledger entry.</exception>
    internal static (int Shard, long Sequence) Validate(ReadOnlySpan<byte> canonicalJson)
    {
        var fields = Parse(canonicalJson);
        return (fields.Shard, fields.Sequence);
    }

    internal static void Write(LedgerEntry entry, CanonicalJsonWriter writer)
    {
        // Members in RFC 8785 order (UTF-16 code units); all names are ASCII.
        writer.WriteRaw("{\"action\":"u8);
        writer.WriteString(entry.Action);
        WriteOptional(writer, ",\"actor\":"u8, entry.Actor);
        WriteOptional(writer, ",\"consent\":"u8, entry.Consent);
        WriteOptional(writer, ",\"details\":"u8, entry.Details);
        WriteOptional(writer, ",\"model\":"u8, entry.Model);
        writer.WriteRaw(",\"outcome\":"u8);
        writer.WriteString(entry.Outcome);
        WriteOptional(writer, ",\"patient\":"u8, entry.Patient);
        WriteOptional(writer, ",\"provision\":"u8, entry.Provision);
        WriteOptional(writer, ",\"purpose\":"u8, entry.Purpose);
        WriteOptional(writer, ",\"resourceType\":"u8, entry.ResourceType);
        writer.WriteRaw(",\"resources\":["u8);
        for (var i = 0; i < entry.Resources.Count; i++)
        {
            if (i > 0)
            {
                writer.WriteByte((byte)',');
            }

            writer.WriteString(entry.Resources[i]);
        }

        writer.WriteRaw("],\"seq\":"u8);
        writer.WriteInteger(entry.Sequence);
        writer.WriteRaw(",\"shard\":"u8);
        writer.WriteInteger(entry.Shard);
        writer.WriteRaw(",\"time\":\""u8);
        Span<byte> time = stackalloc byte[UtcTimestamp.Length];
        UtcTimestamp.Write(entry.Timestamp, time);
        writer.WriteRaw(time);
        writer.WriteRaw("\",\"v\":"u8);
        writer.WriteInteger(LedgerLimits.FormatVersion);
        writer.WriteByte((byte)'}');
    }

    private static void WriteOptional(CanonicalJsonWriter writer, ReadOnlySpan<byte> name, string? value)
    {
        if (value is not null)
        {
            writer.WriteRaw(name);
            writer.WriteString(value);
        }
    }
}
