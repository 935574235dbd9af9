using System.Buffers.Binary;
using System.IO.Compression;
using CareChain.Crypto.Serialization;

namespace CareChain.Crypto.Tests.Serialization;

/// <summary>
/// The format's layout as the tests know it, written out independently of the library, and helpers to edit
/// serialized bytes: the tests craft inputs a writer would never produce.
/// </summary>
public static class FormatBytes
{
    public const int Header = 16;
    public const int VersionOffset = 4;
    public const int KindOffset = 5;
    public const int CompressionOffset = 6;
    public const int ReservedOffset = 7;
    public const int BodyLengthOffset = 8;
    public const int PayloadLengthOffset = 12;

    /// <summary>Offsets from the start of the input (header included) of fields in context-bound bodies.</summary>
    public const int DegreeOffset = Header;
    public const int IdOffset = Header + 4;
    public const int AfterPrefix = Header + 36;

    public static uint ReadUInt32(byte[] bytes, int offset) => BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(offset));

    public static ulong ReadUInt64(byte[] bytes, int offset) => BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(offset));

    public static byte[] WithUInt32(byte[] bytes, int offset, uint value)
    {
        var copy = (byte[])bytes.Clone();
        BinaryPrimitives.WriteUInt32LittleEndian(copy.AsSpan(offset), value);
        return copy;
    }

    public static byte[] WithUInt64(byte[] bytes, int offset, ulong value)
    {
        var copy = (byte[])bytes.Clone();
        BinaryPrimitives.WriteUInt64LittleEndian(copy.AsSpan(offset), value);
        return copy;
    }

    public static byte[] WithDouble(byte[] bytes, int offset, double value) => WithUInt64(bytes, offset, BitConverter.DoubleToUInt64Bits(value));

    public static byte[] WithByte(byte[] bytes, int offset, byte value)
    {
        var copy = (byte[])bytes.Clone();
        copy[offset] = value;
        return copy;
    }

    /// <summary>Sets both header lengths to describe an uncompressed body of whatever follows the header.</summary>
    public static byte[] WithConsistentLengths(byte[] bytes)
    {
        var copy = (byte[])bytes.Clone();
        var length = (uint)(copy.Length - Header);
        BinaryPrimitives.WriteUInt32LittleEndian(copy.AsSpan(BodyLengthOffset), length);
        BinaryPrimitives.WriteUInt32LittleEndian(copy.AsSpan(PayloadLengthOffset), length);
        return copy;
    }

    /// <summary>The header of <paramref name="bytes"/> with a new payload; the payload length follows it, the body length is given.</summary>
    public static byte[] WithPayload(byte[] bytes, ReadOnlySpan<byte> payload, uint bodyLength)
    {
        var result = new byte[Header + payload.Length];
        bytes.AsSpan(0, Header).CopyTo(result);
        payload.CopyTo(result.AsSpan(Header));
        BinaryPrimitives.WriteUInt32LittleEndian(result.AsSpan(BodyLengthOffset), bodyLength);
        BinaryPrimitives.WriteUInt32LittleEndian(result.AsSpan(PayloadLengthOffset), (uint)payload.Length);
        return result;
    }

    public static byte[] Concat(byte[] bytes, ReadOnlySpan<byte> tail)
    {
        var result = new byte[bytes.Length + tail.Length];
        bytes.CopyTo(result, 0);
        tail.CopyTo(result.AsSpan(bytes.Length));
        return result;
    }

    /// <summary>The body of any serialized object, decompressed by the BCL with no limits (trusted test input only).</summary>
    public static byte[] Body(byte[] bytes)
    {
        var payload = bytes.AsSpan(Header).ToArray();
        return (CkksCompression)bytes[CompressionOffset] switch
        {
            CkksCompression.None => payload,
            CkksCompression.ZLib => Inflate(input => new ZLibStream(input, CompressionMode.Decompress), payload),
            CkksCompression.Brotli => Inflate(input => new BrotliStream(input, CompressionMode.Decompress), payload),
            _ => throw new ArgumentException("Unknown compression.", nameof(bytes)),
        };
    }

    /// <summary>A compressed payload of <paramref name="body"/> made directly with the BCL.</summary>
    public static byte[] ZLib(ReadOnlySpan<byte> body, CompressionLevel level = CompressionLevel.Fastest)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, level, leaveOpen: true))
        {
            zlib.Write(body);
        }

        return output.ToArray();
    }

    public static byte[] Brotli(ReadOnlySpan<byte> body)
    {
        var buffer = new byte[BrotliEncoder.GetMaxCompressedLength(body.Length)];
        Assert.True(BrotliEncoder.TryCompress(body, buffer, out var written, 1, 22));
        return buffer.AsSpan(0, written).ToArray();
    }

    private static byte[] Inflate(Func<Stream, Stream> decompressor, byte[] payload)
    {
        using var input = new MemoryStream(payload);
        using var decompressed = decompressor(input);
        using var output = new MemoryStream();
        decompressed.CopyTo(output);
        return output.ToArray();
    }
}
