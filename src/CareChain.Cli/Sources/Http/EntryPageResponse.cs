namespace CareChain.Cli.Sources.Http;

/// <summary>
/// <c>GET /ledger/shards/{shard}/entries</c>: one page of a shard. <see cref="Next"/> is where the
/// next page starts, or null when the shard ends here.
/// </summary>
internal sealed record EntryPageResponse(int Shard, long From, IReadOnlyList<EntryResponse> Entries, long? Next);
