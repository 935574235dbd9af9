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
    private readonly int _shards = options.Value.Shards;

    public Task<LedgerReceipt> AppendAsync(LedgerRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return grains.GetGrain<ILedgerShardGrain>(ShardFor(record)).AppendAsync(record);
    }

    public int ShardFor(LedgerRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var key = record.Patient ?? record.Actor ?? string.Empty;
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(key), digest);
        return (int)(BinaryPrimitives.ReadUInt32BigEndian(digest) % (uint)_shards);
    }
}
