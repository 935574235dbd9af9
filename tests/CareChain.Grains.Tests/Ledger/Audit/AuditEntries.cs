using CareChain.Ledger.Chain;
using CareChain.Ledger.Entries;
using CareChain.Ledger.Verification;

namespace CareChain.Grains.Tests.Ledger.Audit;

/// <summary>Builds valid, chained ledger entries for the audit tests, per shard, from a fixed start time.</summary>
public sealed class AuditEntries
{
    public static readonly DateTimeOffset Start = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    private readonly Dictionary<int, (long Next, byte[] Head)> _shards = [];

    public static string Pseudonym(char digit) => new(digit, 64);

    public LedgerEntry Entry(
        int shard,
        int minutes,
        string action = "read",
        string outcome = "permit",
        string? actor = null,
        string? patient = null,
        IReadOnlyList<string>? resources = null,
        string? purpose = "TREAT",
        string? details = null)
    {
        var sequence = _shards.TryGetValue(shard, out var state) ? state.Next : 0;
        return new LedgerEntry(
            shard, sequence, Start.AddMinutes(minutes), action, outcome, actor, patient,
            "Observation", resources ?? [], purpose, null, null, null, details);
    }

    /// <summary>Encodes and chains the entry, advancing its shard.</summary>
    public StoredEntry Store(LedgerEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var head = _shards.TryGetValue(entry.Shard, out var state) ? state.Head : HashChain.Genesis(entry.Shard);
        var body = LedgerEntryCodec.Encode(entry);
        var hash = HashChain.Next(head, body);
        _shards[entry.Shard] = (entry.Sequence + 1, hash);
        return new StoredEntry(entry.Shard, entry.Sequence, body, hash);
    }
}
