using System.Globalization;
using CareChain.Cli.Terminal;
using CareChain.Ledger.Verification;

namespace CareChain.Cli.Commands.Ledger;

/// <summary>The one line a verification ends with, intact or broken.</summary>
internal static class VerificationMessages
{
    private const int ShownKeyIdLength = 8;

    /// <summary>E.g. "ledger intact: 12345 entries in 16 shards, checkpoint 42 (key 3fa2c1d0…, pinned), 7 entries after the checkpoint".</summary>
    public static string Intact(VerificationReport report, string keySource)
    {
        var checkpoint = report.CheckpointNumber is { } number
            ? string.Create(CultureInfo.InvariantCulture, $"checkpoint {number} (key {ShortKeyId(report.KeyId)}, {keySource})")
            : "no checkpoint";
        return string.Create(
            CultureInfo.InvariantCulture,
            $"ledger intact: {Count(report.Entries, "entry", "entries")} in {Count(report.Shards, "shard", "shards")}, {checkpoint}, {Count(report.UncheckpointedEntries, "entry", "entries")} after the checkpoint");
    }

    /// <summary>E.g. "ledger BROKEN at shard 3, sequence 17: entry hash does not match the chain".</summary>
    public static string Broken(VerificationFailure? failure)
    {
        if (failure is null)
        {
            return "ledger BROKEN: verification failed without saying why";
        }

        var reason = OneLine.Sanitize(failure.Reason, 400);
        return (failure.Shard, failure.Sequence) switch
        {
            ({ } shard, { } sequence) => string.Create(CultureInfo.InvariantCulture, $"ledger BROKEN at shard {shard}, sequence {sequence}: {reason}"),
            ({ } shard, null) => string.Create(CultureInfo.InvariantCulture, $"ledger BROKEN at shard {shard}: {reason}"),
            _ => $"ledger BROKEN: {reason}",
        };
    }

    public static string Error(string message) => "error: " + OneLine.Sanitize(message, 400);

    private static string ShortKeyId(string? keyId) =>
        keyId is null ? "unknown"
        : keyId.Length <= ShownKeyIdLength ? keyId
        : string.Concat(keyId.AsSpan(0, ShownKeyIdLength), "…");

    private static string Count(long count, string singular, string plural) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {(count == 1 ? singular : plural)}");
}
