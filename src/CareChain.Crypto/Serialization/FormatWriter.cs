using System.Buffers.Binary;
using System.IO.Compression;
using System.Security.Cryptography;

namespace CareChain.Crypto.Serialization;

/// <summary>Writes the body of one object; <see cref="FormatWriter"/> sizes the buffer and adds the header.</summary>
internal delegate void BodyWriter(ref SpanWriter writer);

/// <summary>Frames a body with the header and compresses it when asked.</summary>
internal static class FormatWriter
{
    private const int BrotliQuality = 5;
    private const int BrotliWindowBits = 22;

    public static byte[] Write(CkksObjectKind kind, long bodyLength, CkksCompression compression, BodyWriter writeBody)
    {
        if (bodyLength > FormatLayout.MaxBodySize)
        {
            throw new ArgumentException(
                $"The {FormatLayout.Describe(kind)} takes {bodyLength} bytes, more than one serialized object can hold ({FormatLayout.MaxBodySize}); serialize it in parts (for Galois keys, fewer elements per object).");
        }

        var length = (int)bodyLength;
        if (compression == CkksCompression.None)
        {
            var output = new byte[FormatLayout.HeaderSize + length];
            WriteBody(output.AsSpan(FormatLayout.HeaderSize), writeBody);
            WriteHeader(output, kind, compression, length, length);
            return output;
        }

        if (compression is not (CkksCompression.ZLib or CkksCompression.Brotli))
        {
            throw new ArgumentOutOfRangeException(nameof(compression), compression, "Compression must be None, ZLib or Brotli.");
        }

        var body = new byte[length];
        try
        {
            WriteBody(body, writeBody);
            return compression == CkksCompression.ZLib ? CompressZLib(kind, body) : CompressBrotli(kind, body);
        }
        finally
        {
            // The body may be a secret key; nothing of it outlives the call except the output.
            CryptographicOperations.ZeroMemory(body);
        }
    }

    private static void WriteBody(Span<byte> destination, BodyWriter writeBody)
    {
        var writer = new SpanWriter(destination);
        writeBody(ref writer);
        if (writer.Position != destination.Length)
        {
            throw new InvalidOperationException($"The body writer wrote {writer.Position} of {destination.Length} bytes.");
        }
    }

    private static byte[] CompressZLib(CkksObjectKind kind, byte[] body)
    {
        using var stream = new MemoryStream((body.Length / 2) + 64);
        try
        {
            using (var zlib = new ZLibStream(stream, CompressionLevel.Optimal, leaveOpen: true))
            {
                zlib.Write(body);
            }

            return Frame(kind, CkksCompression.ZLib, body.Length, stream.GetBuffer().AsSpan(0, (int)stream.Length));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(stream.GetBuffer());
        }
    }

    private static byte[] CompressBrotli(CkksObjectKind kind, byte[] body)
    {
        var buffer = new byte[BrotliEncoder.GetMaxCompressedLength(body.Length)];
        try
        {
            if (!BrotliEncoder.TryCompress(body, buffer, out var written, BrotliQuality, BrotliWindowBits))
            {
                throw new InvalidOperationException("Brotli compression did not fit its own worst-case bound.");
            }

            return Frame(kind, CkksCompression.Brotli, body.Length, buffer.AsSpan(0, written));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(buffer);
        }
    }

    private static byte[] Frame(CkksObjectKind kind, CkksCompression compression, int bodyLength, ReadOnlySpan<byte> payload)
    {
        if (payload.Length > FormatLayout.CompressedPayloadCap(bodyLength))
        {
            throw new InvalidOperationException($"Compression grew a {bodyLength}-byte body to {payload.Length} bytes, beyond what loading accepts.");
        }

        var output = new byte[FormatLayout.HeaderSize + payload.Length];
        payload.CopyTo(output.AsSpan(FormatLayout.HeaderSize));
        WriteHeader(output, kind, compression, bodyLength, payload.Length);
        return output;
    }

    private static void WriteHeader(Span<byte> output, CkksObjectKind kind, CkksCompression compression, int bodyLength, int payloadLength)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(output, FormatLayout.Magic);
        output[4] = FormatLayout.Version;
        output[5] = (byte)kind;
        output[6] = (byte)compression;
        output[7] = 0;
        BinaryPrimitives.WriteUInt32LittleEndian(output[8..], (uint)bodyLength);
        BinaryPrimitives.WriteUInt32LittleEndian(output[12..], (uint)payloadLength);
    }
}
