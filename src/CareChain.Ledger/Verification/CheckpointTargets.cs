using CareChain.Ledger.Chain;

namespace CareChain.Ledger.Verification;

/// <summary>
/// The (size, root, head) points one shard must pass through, one per checkpoint that grew it,
/// packed 80 bytes each so that many checkpoints cost no per-object overhead.
/// </summary>
internal sealed class CheckpointTargets
{
    private const int Stride = 16 + (2 * HashChain.HashSize);

    private byte[] _data = new byte[Stride * 4];

    public int Count { get; private set; }

    public long LastSize => Count == 0 ? 0 : Size(Count - 1);

    public void Add(long number, long size, ReadOnlySpan<byte> root, ReadOnlySpan<byte> head)
    {
        if ((Count + 1) * Stride > _data.Length)
        {
            Array.Resize(ref _data, _data.Length * 2);
        }

        var slot = _data.AsSpan(Count * Stride, Stride);
        BitConverter.TryWriteBytes(slot, number);
        BitConverter.TryWriteBytes(slot[8..], size);
        root.CopyTo(slot[16..]);
        head.CopyTo(slot[(16 + HashChain.HashSize)..]);
        Count++;
    }

    public long Number(int index) => BitConverter.ToInt64(_data, index * Stride);

    public long Size(int index) => BitConverter.ToInt64(_data, (index * Stride) + 8);

    public ReadOnlySpan<byte> Root(int index) => _data.AsSpan((index * Stride) + 16, HashChain.HashSize);

    public ReadOnlySpan<byte> Head(int index) => _data.AsSpan((index * Stride) + 16 + HashChain.HashSize, HashChain.HashSize);
}
