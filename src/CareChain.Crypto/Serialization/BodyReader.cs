using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using CareChain.Crypto.Parameters;

namespace CareChain.Crypto.Serialization;

/// <summary>
/// Reads the body of one serialized object after checking its header, decompressing on the fly when the body is
/// compressed: never more than the declared body, in chunks of at most <see cref="ChunkBytes"/>, into a buffer
/// of that size. Every read is checked against the declared body length first; <see cref="Finish"/> then checks
/// that the body and any compressed stream end exactly where the input does. Release with <see cref="Dispose"/>.
/// </summary>
internal ref struct BodyReader
{
    private const int ChunkBytes = 1 << 16;

    private readonly string _what;
    private readonly CkksCompression _compression;
    private readonly ReadOnlySpan<byte> _payload;
    private readonly long _bodyLength;
    private long _position;
    private byte[]? _chunk;
    private byte[]? _payloadCopy;
    private PayloadStream? _zlibSource;
    private ZLibStream? _zlib;
    private BrotliDecoder _brotli;
    private int _brotliConsumed;
    private bool _brotliDone;

    private BodyReader(string what, CkksCompression compression, ReadOnlySpan<byte> payload, long bodyLength)
    {
        _what = what;
        _compression = compression;
        _payload = payload;
        _bodyLength = bodyLength;
    }

    /// <summary>
    /// Checks the header of <paramref name="input"/> — in order: size cap, magic, version, kind, compression,
    /// reserved byte, declared body length against <paramref name="maxBody"/>, payload length against the bytes
    /// present — and returns a reader positioned at the start of the body.
    /// </summary>
    public static BodyReader Open(ReadOnlySpan<byte> input, CkksObjectKind kind, long maxBody)
    {
        var what = FormatLayout.Describe(kind);
        maxBody = Math.Min(maxBody, FormatLayout.MaxBodySize);
        var cap = FormatLayout.InputCap(maxBody);
        if (input.Length > cap)
        {
            throw Error(what, $"the input is {input.Length} bytes, more than the {cap} bytes the largest acceptable {what} takes");
        }

        if (input.Length < FormatLayout.HeaderSize)
        {
            throw Error(what, $"the input is {input.Length} bytes, shorter than the {FormatLayout.HeaderSize}-byte header");
        }

        if (BinaryPrimitives.ReadUInt32LittleEndian(input) != FormatLayout.Magic)
        {
            throw Error(what, "the input does not start with the magic bytes \"CKKS\"");
        }

        if (input[4] != FormatLayout.Version)
        {
            throw Error(what, $"format version {input[4]} is not supported (this library reads version {FormatLayout.Version})");
        }

        if (input[5] != (byte)kind)
        {
            var actual = Enum.IsDefined((CkksObjectKind)input[5]) ? FormatLayout.Describe((CkksObjectKind)input[5]) : $"an unknown object kind ({input[5]})";
            throw Error(what, $"the input holds {actual}, not {what}");
        }

        var compression = (CkksCompression)input[6];
        if (!Enum.IsDefined(compression))
        {
            throw Error(what, $"compression {input[6]} is unknown (0 none, 1 zlib, 2 Brotli)");
        }

        if (input[7] != 0)
        {
            throw Error(what, $"the reserved header byte is {input[7]}, not 0");
        }

        var bodyLength = (long)BinaryPrimitives.ReadUInt32LittleEndian(input[8..]);
        var payloadLength = (long)BinaryPrimitives.ReadUInt32LittleEndian(input[12..]);
        if (bodyLength > maxBody)
        {
            throw Error(what, $"the declared body of {bodyLength} bytes exceeds the {maxBody} bytes the largest acceptable {what} takes");
        }

        var available = input.Length - FormatLayout.HeaderSize;
        if (payloadLength > available)
        {
            throw Error(what, $"the input is truncated: the header declares a {payloadLength}-byte payload but {available} bytes follow it");
        }

        if (payloadLength < available)
        {
            throw Error(what, $"{available - payloadLength} trailing bytes follow the {payloadLength}-byte payload");
        }

        var payload = input[FormatLayout.HeaderSize..];
        if (compression == CkksCompression.None)
        {
            if (payloadLength != bodyLength)
            {
                throw Error(what, $"the uncompressed payload is {payloadLength} bytes but the declared body is {bodyLength}");
            }

            return new BodyReader(what, compression, payload, bodyLength);
        }

        if (payloadLength > FormatLayout.CompressedPayloadCap(bodyLength))
        {
            throw Error(what, $"the {payloadLength}-byte compressed payload is larger than any compression of the declared {bodyLength}-byte body");
        }

        if (compression == CkksCompression.ZLib)
        {
            CheckZLibHeader(what, payload);
        }

        var reader = new BodyReader(what, compression, payload, bodyLength)
        {
            _chunk = ArrayPool<byte>.Shared.Rent(ChunkBytes),
        };
        if (compression == CkksCompression.ZLib)
        {
            reader._payloadCopy = ArrayPool<byte>.Shared.Rent(payload.Length);
            payload.CopyTo(reader._payloadCopy);
            reader._zlibSource = new PayloadStream(reader._payloadCopy, payload.Length);
            reader._zlib = new ZLibStream(reader._zlibSource, CompressionMode.Decompress, leaveOpen: true);
        }

        return reader;
    }

    public static CkksFormatException Error(string what, string detail, Exception? inner = null)
    {
        var message = $"Invalid serialized {what}: {detail}.";
        return inner is null ? new CkksFormatException(message) : new CkksFormatException(message, inner);
    }

    public readonly CkksFormatException Fail(string detail, Exception? inner = null) => Error(_what, detail, inner);

    /// <summary>Throws unless the declared body is exactly <paramref name="expected"/> bytes, as its own fields say it must be.</summary>
    public readonly void ExpectBodyLength(long expected, string shape)
    {
        if (_bodyLength != expected)
        {
            throw Fail($"the declared body is {_bodyLength} bytes but {shape} takes exactly {expected}");
        }
    }

    public uint ReadUInt32(string field) => BinaryPrimitives.ReadUInt32LittleEndian(Take(sizeof(uint), field));

    public ulong ReadUInt64(string field) => BinaryPrimitives.ReadUInt64LittleEndian(Take(sizeof(ulong), field));

    public double ReadDouble(string field) => BitConverter.UInt64BitsToDouble(BinaryPrimitives.ReadUInt64LittleEndian(Take(sizeof(ulong), field)));

    public void ReadBytes(Span<byte> destination, string field) => Take(destination.Length, field).CopyTo(destination);

    /// <summary>N and the parameters id, which must be the receiver's.</summary>
    public void ReadContextPrefix(CkksContext context)
    {
        var n = ReadUInt32("the ring degree N");
        if (n != (uint)context.PolyModulusDegree)
        {
            throw Fail($"it was made for N = {n} but the receiver's parameters have N = {context.PolyModulusDegree}");
        }

        if (!Take(FormatLayout.ParametersIdSize, "the parameters id").SequenceEqual(context.ParametersId.Span))
        {
            throw Fail($"it belongs to other encryption parameters than the receiver's ({context.Parameters})");
        }
    }

    /// <summary>The flags word, which must say NTT form and nothing else.</summary>
    public void ReadNttFlags()
    {
        var flags = ReadUInt32("the flags");
        if (flags != FormatLayout.NttFormFlag)
        {
            throw Fail((flags & FormatLayout.NttFormFlag) == 0
                ? "its polynomials are not in NTT form, the only form this library holds them in"
                : $"flags 0x{flags:x8} set reserved bits");
        }
    }

    /// <summary>Reads residues modulo one prime, each of which must be below it.</summary>
    public void ReadResidues(Span<ulong> destination, ulong modulus, string part)
    {
        var done = 0;
        while (done < destination.Length)
        {
            var count = Math.Min(destination.Length - done, ChunkBytes / sizeof(ulong));
            var bytes = Take(count * sizeof(ulong), part);
            var target = destination.Slice(done, count);
            for (var i = 0; i < target.Length; i++)
            {
                var value = BinaryPrimitives.ReadUInt64LittleEndian(bytes[(i * sizeof(ulong))..]);
                if (value >= modulus)
                {
                    throw Fail($"in {part}, residue {value} at coefficient {done + i} is not below its prime {modulus}");
                }

                target[i] = value;
            }

            done += count;
        }
    }

    /// <summary>Checks that the whole body was read and that a compressed stream ends exactly with the payload.</summary>
    public void Finish()
    {
        if (_position != _bodyLength)
        {
            throw Fail($"{_bodyLength - _position} bytes of the declared body are left over");
        }

        Span<byte> probe = stackalloc byte[1];
        if (_compression == CkksCompression.ZLib)
        {
            if (ReadZLib(probe) != 0)
            {
                throw Fail($"the zlib stream holds more than the declared {_bodyLength}-byte body");
            }

            if (_zlibSource!.ReadPastEnd)
            {
                throw Fail("the zlib stream is truncated: the payload ends before the stream's end and checksum");
            }

            if (_zlibSource.Remaining != 0)
            {
                // The source reads ahead of the decompressor, so how many bytes trail the stream is not known exactly.
                throw Fail("trailing data follows the zlib stream in the payload");
            }
        }
        else if (_compression == CkksCompression.Brotli)
        {
            if (!_brotliDone)
            {
                var status = _brotli.Decompress(_payload[_brotliConsumed..], probe, out var consumed, out var written);
                _brotliConsumed += consumed;
                if (written != 0 || status == OperationStatus.DestinationTooSmall)
                {
                    throw Fail($"the Brotli stream holds more than the declared {_bodyLength}-byte body");
                }

                if (status == OperationStatus.InvalidData)
                {
                    throw Fail("the Brotli stream is corrupt");
                }

                if (status != OperationStatus.Done)
                {
                    throw Fail("the Brotli stream is truncated: the payload ends before the stream does");
                }
            }

            if (_brotliConsumed != _payload.Length)
            {
                throw Fail($"{_payload.Length - _brotliConsumed} bytes of trailing data follow the Brotli stream in the payload");
            }
        }
    }

    public void Dispose()
    {
        _zlib?.Dispose();
        _zlib = null;
        _zlibSource?.Dispose();
        _zlibSource = null;
        _brotli.Dispose();
        if (_chunk is not null)
        {
            ArrayPool<byte>.Shared.Return(_chunk, clearArray: true);
            _chunk = null;
        }

        if (_payloadCopy is not null)
        {
            ArrayPool<byte>.Shared.Return(_payloadCopy, clearArray: true);
            _payloadCopy = null;
        }
    }

    private static void CheckZLibHeader(string what, ReadOnlySpan<byte> payload)
    {
        // RFC 1950: CMF (method 8 = deflate, window ≤ 32 KiB), FLG (check bits, no preset dictionary).
        if (payload.Length < 2)
        {
            throw Error(what, $"the {payload.Length}-byte payload is too short for a zlib stream");
        }

        var cmf = payload[0];
        var flg = payload[1];
        if ((cmf & 0x0F) != 8 || (cmf >> 4) > 7)
        {
            throw Error(what, $"the zlib stream does not declare deflate with a window of at most 32 KiB (CMF 0x{cmf:x2})");
        }

        if (((cmf << 8) | flg) % 31 != 0)
        {
            throw Error(what, "the zlib stream's header check bits are wrong");
        }

        if ((flg & 0x20) != 0)
        {
            throw Error(what, "the zlib stream asks for a preset dictionary");
        }
    }

    /// <summary>
    /// The next <paramref name="count"/> bytes of the body: a slice of the input when uncompressed, else freshly
    /// decompressed into the chunk buffer (so at most <see cref="ChunkBytes"/> at once).
    /// </summary>
    private ReadOnlySpan<byte> Take(int count, string field)
    {
        if (count > _bodyLength - _position)
        {
            throw Fail($"the body ends before {field}: {count} bytes needed at offset {_position} of the {_bodyLength}-byte body");
        }

        if (_compression == CkksCompression.None)
        {
            var slice = _payload.Slice((int)_position, count);
            _position += count;
            return slice;
        }

        var destination = _chunk.AsSpan(0, count);
        if (_compression == CkksCompression.ZLib)
        {
            for (var filled = 0; filled < count;)
            {
                var read = ReadZLib(destination[filled..]);
                if (read == 0)
                {
                    throw Fail($"the zlib stream ends after {_position + filled} of the declared {_bodyLength} body bytes, in {field}");
                }

                filled += read;
            }
        }
        else
        {
            DecompressBrotli(destination, field);
        }

        _position += count;
        return destination;
    }

    private int ReadZLib(scoped Span<byte> destination)
    {
        try
        {
            return _zlib!.Read(destination);
        }
        catch (InvalidDataException e)
        {
            throw Fail("the zlib stream is corrupt", e);
        }
        catch (IOException e)
        {
            // ZLibException, an IOException, reports stream errors zlib itself detects.
            throw Fail("the zlib stream is corrupt", e);
        }
    }

    private void DecompressBrotli(Span<byte> destination, string field)
    {
        for (var filled = 0; filled < destination.Length;)
        {
            if (_brotliDone)
            {
                throw Fail($"the Brotli stream ends after {_position + filled} of the declared {_bodyLength} body bytes, in {field}");
            }

            var status = _brotli.Decompress(_payload[_brotliConsumed..], destination[filled..], out var consumed, out var written);
            _brotliConsumed += consumed;
            filled += written;
            switch (status)
            {
                case OperationStatus.Done:
                    _brotliDone = true;
                    break;
                case OperationStatus.InvalidData:
                    throw Fail("the Brotli stream is corrupt");
                case OperationStatus.NeedMoreData when filled < destination.Length:
                    throw Fail($"the Brotli stream is truncated after {_position + filled} of the declared {_bodyLength} body bytes, in {field}");
                default:
                    if (consumed == 0 && written == 0)
                    {
                        throw Fail("the Brotli stream makes no progress");
                    }

                    break;
            }
        }
    }
}
