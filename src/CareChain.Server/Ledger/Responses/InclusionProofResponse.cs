namespace CareChain.Server.Ledger.Responses;

/// <summary>An RFC 9162 inclusion proof; hashes are lowercase hex.</summary>
public sealed record InclusionProofResponse(int Shard, long Seq, long Size, string LeafHash, string Root, IReadOnlyList<string> Path);
