namespace CareChain.Cli.Sources.Http;

/// <summary>
/// <c>GET /ledger/checkpoint</c>: the latest signed checkpoint. <see cref="Body"/> is the signed
/// canonical JSON as a string, so its UTF-8 bytes are exactly what the signature covers.
/// </summary>
internal sealed record CheckpointResponse(long Number, string KeyId, string Body, string Signature);
