using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;

namespace CareChain.Crypto.Sampling;

/// <summary>
/// An expandable pseudorandom generator: AES-256 in counter mode keyed by a 32-byte seed. Seeded from the operating
/// system for secrets and noise; seeded from a published seed to re-expand the uniform half of a symmetric
/// ciphertext, so both sides derive the same polynomial.
/// </summary>
internal sealed class Csprng : IDisposable
{
    public const int SeedSize = 32;

    private const int BlockCount = 1024;
    private readonly Aes _aes;
    private readonly ICryptoTransform _transform;
    private const int BufferSize = BlockCount * 16;

    // Pooled: a generator lives for one encryption, and fresh 16 KiB buffers each time would be most of its cost in
    // garbage. Both are wiped before they go back.
    private readonly byte[] _counterBlocks = ArrayPool<byte>.Shared.Rent(BufferSize);
    private readonly byte[] _buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
    private ulong _counter;
    private bool _disposed;
    private int _position;

    private Csprng(ReadOnlySpan<byte> seed)
    {
        if (seed.Length != SeedSize)
        {
            throw new ArgumentException($"A seed is {SeedSize} bytes.", nameof(seed));
        }

        // A pooled array holds whatever it held before; the counter blocks' upper halves must be zero, or the
        // stream would not be a function of the seed alone and a seeded ciphertext could not be re-expanded.
        _counterBlocks.AsSpan(0, BufferSize).Clear();
        _aes = Aes.Create();
        var key = seed.ToArray();
        _aes.Key = key;
        CryptographicOperations.ZeroMemory(key);
        _aes.Mode = CipherMode.ECB;
        _aes.Padding = PaddingMode.None;

        // A long-lived ECB transform over counter blocks is CTR mode without re-initializing the cipher per call.
        _transform = _aes.CreateEncryptor();
        _position = BufferSize;
    }

    public static Csprng FromSeed(ReadOnlySpan<byte> seed) => new(seed);

    public static Csprng FromOperatingSystem()
    {
        Span<byte> seed = stackalloc byte[SeedSize];
        RandomNumberGenerator.Fill(seed);
        var generator = new Csprng(seed);
        CryptographicOperations.ZeroMemory(seed);
        return generator;
    }

    public static byte[] NewSeed() => RandomNumberGenerator.GetBytes(SeedSize);

    public void Fill(Span<byte> destination)
    {
        while (!destination.IsEmpty)
        {
            if (_position == BufferSize)
            {
                Refill();
            }

            var take = Math.Min(destination.Length, BufferSize - _position);
            _buffer.AsSpan(_position, take).CopyTo(destination);
            _position += take;
            destination = destination[take..];
        }
    }

    public ulong NextUInt64()
    {
        if (BufferSize - _position < sizeof(ulong))
        {
            Refill();
        }

        var value = BinaryPrimitives.ReadUInt64LittleEndian(_buffer.AsSpan(_position));
        _position += sizeof(ulong);
        return value;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        CryptographicOperations.ZeroMemory(_buffer);
        ArrayPool<byte>.Shared.Return(_buffer);
        ArrayPool<byte>.Shared.Return(_counterBlocks);
        _transform.Dispose();
        _aes.Dispose();
    }

    private void Refill()
    {
        for (var i = 0; i < BlockCount; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(_counterBlocks.AsSpan(i * 16), _counter++);
        }

        _transform.TransformBlock(_counterBlocks, 0, BufferSize, _buffer, 0);
        _position = 0;
    }
}
