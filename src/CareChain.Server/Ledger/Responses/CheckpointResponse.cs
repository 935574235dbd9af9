namespace CareChain.Server.Ledger.Responses;

/// <summary>A signed checkpoint: <see cref="Body"/> is the canonical JSON that was signed, verbatim.</summary>
public sealed record CheckpointResponse(long Number, string KeyId, string Body, string Signature);
