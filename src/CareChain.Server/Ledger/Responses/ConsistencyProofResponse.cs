namespace CareChain.Server.Ledger.Responses;

/// <summary>An RFC 9162 consistency proof; hashes are lowercase hex.</summary>
public sealed record ConsistencyProofResponse(int Shard, long From, long To, string FromRoot, string ToRoot, IReadOnlyList<string> Path);
