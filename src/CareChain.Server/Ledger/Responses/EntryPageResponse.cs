namespace CareChain.Server.Ledger.Responses;

/// <summary>A page of one shard's entries; <see cref="Next"/> is where the next page starts, if any.</summary>
public sealed record EntryPageResponse(int Shard, long From, IReadOnlyList<EntryResponse> Entries, long? Next);
