using System.Buffers;
using CareChain.Crypto.Sampling;

namespace CareChain.Crypto.Tests.Sampling;

public sealed class CsprngTests
{
    [Fact]
    public void The_stream_is_a_function_of_the_seed_alone_even_after_pooled_buffers_were_dirtied()
    {
        var seed = Enumerable.Range(0, Csprng.SeedSize).Select(i => (byte)i).ToArray();
        var first = Draw(seed, 100_000);

        // Leave garbage in the shared pool where the generator's buffers come from.
        for (var i = 0; i < 8; i++)
        {
            var dirty = ArrayPool<byte>.Shared.Rent(16 * 1024);
            dirty.AsSpan().Fill(0xA5);
            ArrayPool<byte>.Shared.Return(dirty);
        }

        Assert.Equal(first, Draw(seed, 100_000));
    }

    [Fact]
    public void Different_seeds_give_different_streams()
    {
        var a = Draw(new byte[Csprng.SeedSize], 64);
        var seed = new byte[Csprng.SeedSize];
        seed[^1] = 1;
        Assert.NotEqual(a, Draw(seed, 64));
    }

    [Fact]
    public void A_seed_of_the_wrong_size_is_refused() =>
        Assert.Throws<ArgumentException>(() => Csprng.FromSeed(new byte[16]));

    private static byte[] Draw(byte[] seed, int length)
    {
        using var generator = Csprng.FromSeed(seed);
        var bytes = new byte[length];
        generator.Fill(bytes.AsSpan(0, length / 2));
        for (var i = length / 2; i + 8 <= length; i += 8)
        {
            BitConverter.TryWriteBytes(bytes.AsSpan(i), generator.NextUInt64());
        }

        return bytes;
    }
}
