using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using CareChain.Grains.Ledger.Shards;
using Microsoft.Extensions.Options;

namespace CareChain.Grains.Ledger;

/// <summary>
/// The one way the server's features append to the ledger: routes each record to its shard
/// (by patient pseudonym, so one patient's history stays in one chain) and awaits the commit.
/// </summary>
public sealed class LedgerWriter(IGrainFactory grains, IOptions<LedgerOptions> options)
{
    // Resolving a grain reference costs a lookup and an allocation; appends are the hot path.
    private readonly ILedgerShardGrain?[] _shards = new ILedgerShardGrain?[options.Value.Shards];

    public Task<LedgerReceipt> AppendAsync(LedgerRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var shard = ShardFor(record);
        var grain = _shards[shard] ??= grains.GetGrain<ILedgerShardGrain>(shard);
        return grain.AppendAsync(record);
    }

    public int ShardFor(LedgerRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var key = record.Patient ?? record.Actor ?? string.Empty;
        var byteCount = Encoding.UTF8.GetByteCount(key);
        Span<byte> utf8 = byteCount <= 256 ? stackalloc byte[byteCount] : new byte[byteCount];
        Encoding.UTF8.GetBytes(key, utf8);
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(utf8, digest);
        return (int)(BinaryPrimitives.ReadUInt32BigEndian(digest) % (uint)_shards.Length);
    }
}
