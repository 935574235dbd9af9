using CareChain.Ledger.Chain;

namespace CareChain.Ledger.Merkle;

/// <summary>
/// An append-only array of 32-byte hashes stored in 1 MiB chunks: no per-node objects, no copy of
/// the whole level when it grows, and no single array that could hit the 2 GB limit.
/// </summary>
internal sealed class HashColumn
{
    private const int ChunkShift = 15;
    private const int ChunkHashes = 1 << ChunkShift;
    private const int ChunkMask = ChunkHashes - 1;

    private readonly List<byte[]> _chunks = [];

    public long Count { get; private set; }

    public ReadOnlySpan<byte> this[long index] =>
        _chunks[(int)(index >> ChunkShift)].AsSpan((int)(index & ChunkMask) * HashChain.HashSize, HashChain.HashSize);

    public void Append(ReadOnlySpan<byte> hash)
    {
        var chunk = (int)(Count >> ChunkShift);
        var slot = (int)(Count & ChunkMask);
        if (chunk == _chunks.Count)
        {
            // Only the first chunk starts small, so short trees and high levels stay small.
            _chunks.Add(new byte[(chunk == 0 ? 4 : ChunkHashes) * HashChain.HashSize]);
        }
        else if (chunk == 0 && (slot + 1) * HashChain.HashSize > _chunks[0].Length)
        {
            var grown = new byte[Math.Min(_chunks[0].Length * 2, ChunkHashes * HashChain.HashSize)];
            _chunks[0].CopyTo(grown, 0);
            _chunks[0] = grown;
        }

        hash.CopyTo(_chunks[chunk].AsSpan(slot * HashChain.HashSize));
        Count++;
    }
}
