using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace CareChain.Crypto.Serialization;

/// <summary>Writes little-endian fields into a body of known size.</summary>
internal ref struct SpanWriter(Span<byte> buffer)
{
    private readonly Span<byte> _buffer = buffer;
    private int _position;

    public readonly int Position => _position;

    public void WriteUInt32(uint value)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer[_position..], value);
        _position += sizeof(uint);
    }

    public void WriteUInt64(ulong value)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(_buffer[_position..], value);
        _position += sizeof(ulong);
    }

    /// <summary>The IEEE 754 binary64 bits, so every double (NaN payloads included) round-trips exactly.</summary>
    public void WriteDouble(double value) => WriteUInt64(BitConverter.DoubleToUInt64Bits(value));

    public void WriteBytes(ReadOnlySpan<byte> value)
    {
        value.CopyTo(_buffer[_position..]);
        _position += value.Length;
    }

    public void WriteResidues(ReadOnlySpan<ulong> values)
    {
        var destination = _buffer.Slice(_position, values.Length * sizeof(ulong));
        if (BitConverter.IsLittleEndian)
        {
            MemoryMarshal.AsBytes(values).CopyTo(destination);
        }
        else
        {
            for (var i = 0; i < values.Length; i++)
            {
                BinaryPrimitives.WriteUInt64LittleEndian(destination[(i * sizeof(ulong))..], values[i]);
            }
        }

        _position += destination.Length;
    }

    /// <summary>N and the parameters id: the prefix that binds an object to its parameter set.</summary>
    public void WriteContextPrefix(int polyModulusDegree, ReadOnlyMemory<byte> parametersId)
    {
        WriteUInt32((uint)polyModulusDegree);
        WriteBytes(parametersId.Span);
    }
}
