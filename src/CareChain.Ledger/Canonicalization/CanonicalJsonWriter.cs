using System.Buffers;
using System.Buffers.Text;
using System.Text.Unicode;

namespace CareChain.Ledger.Canonicalization;

/// <summary>
/// Appends RFC 8785 tokens to a growable buffer. It writes exactly what it is told, so callers are
/// responsible for member order; it owns string escaping and number formatting, the two places
/// where canonical form is easy to get subtly wrong.
/// </summary>
internal sealed class CanonicalJsonWriter
{
    // Characters that RFC 8785 escapes; everything else is written as its UTF-8 bytes.
    private static readonly SearchValues<char> NeedsEscape = SearchValues.Create(
        "\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u0009\u000a\u000b\u000c\u000d\u000e\u000f" +
        "\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c\u001d\u001e\u001f\"\\");

    [ThreadStatic]
    private static CanonicalJsonWriter? t_cached;

    private byte[] _buffer;
    private int _length;

    public CanonicalJsonWriter(int capacity = 512)
    {
        _buffer = new byte[Math.Max(capacity, 16)];
    }

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _length);

    /// <summary>
    /// A per-thread writer for hot paths (decode-and-compare). Callers must finish with it before
    /// anything else on the thread can ask for it again; codecs never nest.
    /// </summary>
    public static CanonicalJsonWriter RentThreadLocal()
    {
        var writer = t_cached ??= new CanonicalJsonWriter(1024);
        writer.Reset();
        return writer;
    }

    public void Reset() => _length = 0;

    public byte[] ToArray() => WrittenSpan.ToArray();

    public void WriteByte(byte value)
    {
        Ensure(1);
        _buffer[_length++] = value;
    }

    /// <summary>Writes bytes verbatim: punctuation, literals and pre-quoted ASCII member names.</summary>
    public void WriteRaw(ReadOnlySpan<byte> value)
    {
        Ensure(value.Length);
        value.CopyTo(_buffer.AsSpan(_length));
        _length += value.Length;
    }

    /// <summary>Writes a quoted string with RFC 8785 escaping. Lone surrogates cannot be encoded and are refused.</summary>
    public void WriteString(ReadOnlySpan<char> value)
    {
        WriteByte((byte)'"');
        while (!value.IsEmpty)
        {
            var stop = value.IndexOfAny(NeedsEscape);
            var run = stop < 0 ? value : value[..stop];
            if (!run.IsEmpty)
            {
                WriteUtf8(run);
            }

            if (stop < 0)
            {
                break;
            }

            WriteEscape(value[stop]);
            value = value[(stop + 1)..];
        }

        WriteByte((byte)'"');
    }

    /// <summary>Writes an integer; callers keep it within ±2^53 so it is also the shortest ECMAScript form.</summary>
    public void WriteInteger(long value)
    {
        Ensure(20);
        if (!Utf8Formatter.TryFormat(value, _buffer.AsSpan(_length), out var written))
        {
            throw new InvalidOperationException("Integer did not fit its buffer.");
        }

        _length += written;
    }

    public void WriteNumber(double value)
    {
        Ensure(EcmaScriptNumber.MaxLength);
        _length += EcmaScriptNumber.Format(value, _buffer.AsSpan(_length));
    }

    private void WriteUtf8(ReadOnlySpan<char> run)
    {
        Ensure(checked(run.Length * 3));
        var status = Utf8.FromUtf16(run, _buffer.AsSpan(_length), out _, out var written, replaceInvalidSequences: false);
        if (status != OperationStatus.Done)
        {
            throw new ArgumentException("String contains an unpaired surrogate and cannot be encoded as UTF-8.");
        }

        _length += written;
    }

    private void WriteEscape(char c)
    {
        var shortForm = c switch
        {
            '"' => '"',
            '\\' => '\\',
            '\b' => 'b',
            '\f' => 'f',
            '\n' => 'n',
            '\r' => 'r',
            '\t' => 't',
            _ => '\0',
        };
        if (shortForm != '\0')
        {
            Ensure(2);
            _buffer[_length++] = (byte)'\\';
            _buffer[_length++] = (byte)shortForm;
            return;
        }

        // Remaining control characters use the \u00xx form with lowercase hex, per the RFC.
        Ensure(6);
        const string Digits = "0123456789abcdef";
        _buffer[_length++] = (byte)'\\';
        _buffer[_length++] = (byte)'u';
        _buffer[_length++] = (byte)'0';
        _buffer[_length++] = (byte)'0';
        _buffer[_length++] = (byte)Digits[c >> 4];
        _buffer[_length++] = (byte)Digits[c & 0xF];
    }

    private void Ensure(int extra)
    {
        var needed = (long)_length + extra;
        if (needed <= _buffer.Length)
        {
            return;
        }

        var size = Math.Max(needed, (long)_buffer.Length * 2);
        if (size > Array.MaxLength)
        {
            size = needed <= Array.MaxLength ? Array.MaxLength : throw new InvalidOperationException("Canonical JSON is too large.");
        }

        Array.Resize(ref _buffer, (int)size);
    }
}
