using Microsoft.Extensions.Logging;

namespace CareChain.Grains.Ledger.Storage;

/// <summary>Ledger store log events. Only shard numbers, sequence numbers and counts: never entry contents.</summary>
internal static partial class LedgerStoreLog
{
    [LoggerMessage(1101, LogLevel.Information, "Indexed {Entries} ledger entries that predate the audit index")]
    public static partial void BackfillIndexed(this ILogger logger, int entries);

    [LoggerMessage(1102, LogLevel.Warning, "Ledger entry {Shard}/{Sequence} does not decode and was left out of the audit index; run carechain ledger verify")]
    public static partial void BackfillSkipped(this ILogger logger, int shard, long sequence, Exception exception);
}
