namespace CareChain.Crypto.Serialization;

/// <summary>
/// Serves a compressed payload to <see cref="System.IO.Compression.ZLibStream"/> so that where the compressed
/// stream ends can be told exactly: everything but the last byte in large reads, then the last byte alone. The
/// decompressor only reads when it needs input, so it stops short of the end (<see cref="Remaining"/> &gt; 0) when
/// trailing data follows the stream, and asks past the end (<see cref="ReadPastEnd"/>) when the stream is cut short.
/// </summary>
internal sealed class PayloadStream : Stream
{
    private readonly byte[] _buffer;
    private readonly int _length;
    private int _position;

    public PayloadStream(byte[] buffer, int length)
    {
        _buffer = buffer;
        _length = length;
    }

    /// <summary>True once a read found nothing left: the decompressor wanted more than the payload holds.</summary>
    public bool ReadPastEnd { get; private set; }

    public int Remaining => _length - _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }

        var remaining = _length - _position;
        if (remaining == 0)
        {
            ReadPastEnd = true;
            return 0;
        }

        var count = remaining > 1 ? Math.Min(buffer.Length, remaining - 1) : 1;
        _buffer.AsSpan(_position, count).CopyTo(buffer);
        _position += count;
        return count;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
