using System.Text.Json;
using System.Text.Unicode;
using CareChain.Ledger.Canonicalization;
using CareChain.Ledger.Chain;
using CareChain.Ledger.Internal;
using CareChain.Ledger.Merkle;

namespace CareChain.Ledger.Checkpoints;

/// <summary>
/// Converts checkpoints to and from their canonical body (RFC 8785 JSON, hashes as lowercase hex),
/// the bytes that are signed. Decoding treats its input as hostile and accepts only the exact bytes
/// encoding would produce.
/// </summary>
public static partial class CheckpointCodec
{
    /// <summary>Encodes a checkpoint after checking it.</summary>
    /// <exception cref="ArgumentException">The checkpoint breaks a rule (the message names it).</exception>
    public static byte[] Encode(Checkpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        var problem = FindProblem(checkpoint);
        if (problem is not null)
        {
            throw new ArgumentException($"Invalid checkpoint: {problem}.", nameof(checkpoint));
        }

        var writer = new CanonicalJsonWriter(256 + (checkpoint.Shards.Count * 192));
        Write(checkpoint, writer);
        return writer.ToArray();
    }

    /// <summary>Decodes a canonical checkpoint body.</summary>
    /// <exception cref="LedgerFormatException">The bytes are not a canonical checkpoint.</exception>
    public static Checkpoint Decode(ReadOnlySpan<byte> canonical)
    {
        if (canonical.IsEmpty)
        {
            throw new LedgerFormatException("Checkpoint is empty.");
        }

        if (canonical.Length > LedgerLimits.MaxCheckpointBytes)
        {
            throw new LedgerFormatException($"Checkpoint is larger than {LedgerLimits.MaxCheckpointBytes} bytes.");
        }

        if (!Utf8.IsValid(canonical))
        {
            throw new LedgerFormatException("Checkpoint is not valid UTF-8.");
        }

        Checkpoint checkpoint;
        try
        {
            checkpoint = Read(canonical);
        }
        catch (JsonException error)
        {
            throw new LedgerFormatException($"Checkpoint is not well-formed JSON: {error.Message}", error);
        }
        catch (InvalidOperationException error)
        {
            throw new LedgerFormatException($"Checkpoint is not well-formed JSON: {error.Message}", error);
        }

        var problem = FindProblem(checkpoint);
        if (problem is not null)
        {
            throw new LedgerFormatException($"Invalid checkpoint: {problem}.");
        }

        var writer = new CanonicalJsonWriter(canonical.Length);
        Write(checkpoint, writer);
        if (!writer.WrittenSpan.SequenceEqual(canonical))
        {
            throw new LedgerFormatException("Checkpoint is not in canonical form (RFC 8785).");
        }

        return checkpoint;
    }

    internal static string? FindProblem(Checkpoint checkpoint)
    {
        if (checkpoint.Number is < 0 or > LedgerLimits.MaxSequence)
        {
            return "number must be between 0 and 2^53-1";
        }

        if (!UtcTimestamp.IsWholeMilliseconds(checkpoint.Timestamp))
        {
            return "time must have whole-millisecond precision";
        }

        if (checkpoint.Previous is null || checkpoint.Previous.Length != HashChain.HashSize)
        {
            return "previous must be 32 bytes";
        }

        var genesis = !checkpoint.Previous.AsSpan().ContainsAnyExcept((byte)0);
        if (genesis != (checkpoint.Number == 0))
        {
            return "previous must be 32 zero bytes for checkpoint 0 and only for checkpoint 0";
        }

        if (checkpoint.Shards is null || checkpoint.Shards.Count is 0 or > LedgerLimits.MaxShards)
        {
            return $"shards must list between 1 and {LedgerLimits.MaxShards} shards";
        }

        for (var i = 0; i < checkpoint.Shards.Count; i++)
        {
            var head = checkpoint.Shards[i];
            if (head is null || head.Shard != i)
            {
                return "shards must be listed in order 0..n-1";
            }

            if (head.Size is < 0 or > LedgerLimits.MaxSequence)
            {
                return "shard size must be between 0 and 2^53-1";
            }

            if (head.Root is null || head.Root.Length != HashChain.HashSize || head.Head is null || head.Head.Length != HashChain.HashSize)
            {
                return "shard root and head must be 32 bytes";
            }

            if (head.Size == 0
                && (!head.Root.AsSpan().SequenceEqual(MerkleHash.EmptyRootSpan) || !head.Head.AsSpan().SequenceEqual(HashChain.Genesis(i))))
            {
                return "an empty shard must have the empty-tree root and its genesis head";
            }
        }

        return null;
    }

    private static void Write(Checkpoint checkpoint, CanonicalJsonWriter writer)
    {
        writer.WriteRaw("{\"number\":"u8);
        writer.WriteInteger(checkpoint.Number);
        writer.WriteRaw(",\"previous\":"u8);
        writer.WriteString(LowerHex.Encode(checkpoint.Previous));
        writer.WriteRaw(",\"shards\":["u8);
        for (var i = 0; i < checkpoint.Shards.Count; i++)
        {
            var head = checkpoint.Shards[i];
            writer.WriteRaw(i == 0 ? "{\"head\":"u8 : ",{\"head\":"u8);
            writer.WriteString(LowerHex.Encode(head.Head));
            writer.WriteRaw(",\"root\":"u8);
            writer.WriteString(LowerHex.Encode(head.Root));
            writer.WriteRaw(",\"shard\":"u8);
            writer.WriteInteger(head.Shard);
            writer.WriteRaw(",\"size\":"u8);
            writer.WriteInteger(head.Size);
            writer.WriteByte((byte)'}');
        }

        writer.WriteRaw("],\"time\":\""u8);
        Span<byte> time = stackalloc byte[UtcTimestamp.Length];
        UtcTimestamp.Write(checkpoint.Timestamp, time);
        writer.WriteRaw(time);
        writer.WriteRaw("\",\"v\":"u8);
        writer.WriteInteger(LedgerLimits.FormatVersion);
        writer.WriteByte((byte)'}');
    }
}
