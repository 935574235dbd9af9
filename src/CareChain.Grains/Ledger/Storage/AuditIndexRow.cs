using CareChain.Ledger.Entries;

namespace CareChain.Grains.Ledger.Storage;

/// <summary>The searchable columns of one entry, as written to the audit index tables.</summary>
internal sealed record AuditIndexRow(
    int Shard,
    long Sequence,
    long Time,
    string Action,
    string Outcome,
    string? Actor,
    string? Patient,
    string? Purpose,
    IReadOnlyList<string> Resources)
{
    public static AuditIndexRow From(LedgerEntry entry) => new(
        entry.Shard,
        entry.Sequence,
        entry.Timestamp.ToUnixTimeMilliseconds(),
        entry.Action,
        entry.Outcome,
        entry.Actor,
        entry.Patient,
        entry.Purpose,
        // The resources table is keyed by (resource, shard, seq): one row per distinct resource.
        entry.Resources.Count <= 1 ? entry.Resources : entry.Resources.Distinct(StringComparer.Ordinal).ToArray());
}
