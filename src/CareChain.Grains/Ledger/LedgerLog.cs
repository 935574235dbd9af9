using Microsoft.Extensions.Logging;

namespace CareChain.Grains.Ledger;

/// <summary>Ledger log events. Only shard numbers, sequence numbers and counts: never entry contents.</summary>
internal static partial class LedgerLog
{
    [LoggerMessage(1001, LogLevel.Information, "Ledger shard {Shard} recovered {Size} entries from the store")]
    public static partial void ShardRecovered(this ILogger logger, int shard, long size);

    [LoggerMessage(1002, LogLevel.Critical, "Ledger shard {Shard} failed its integrity check at sequence {Sequence}: {Reason}. Appends to this shard are refused.")]
    public static partial void ShardIntegrityFailed(this ILogger logger, int shard, long sequence, string reason);

    [LoggerMessage(1003, LogLevel.Error, "Ledger commit of {Entries} entries on shard {Shard} failed; the chain is unchanged")]
    public static partial void ShardCommitFailed(this ILogger logger, int shard, int entries, Exception exception);

    [LoggerMessage(1004, LogLevel.Error, "Ledger transaction of {Entries} entries failed")]
    public static partial void TransactionFailed(this ILogger logger, int entries, Exception exception);

    [LoggerMessage(1005, LogLevel.Information, "Signed ledger checkpoint {Number} over {Entries} entries with key {KeyId}")]
    public static partial void CheckpointSigned(this ILogger logger, long number, long entries, string keyId);

    [LoggerMessage(1006, LogLevel.Error, "Scheduled ledger checkpoint failed")]
    public static partial void CheckpointFailed(this ILogger logger, Exception exception);
}
