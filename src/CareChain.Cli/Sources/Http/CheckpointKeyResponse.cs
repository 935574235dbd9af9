namespace CareChain.Cli.Sources.Http;

/// <summary><c>GET /ledger/checkpoint-key</c>: the key the server signs checkpoints with (SPKI DER as base64).</summary>
internal sealed record CheckpointKeyResponse(string KeyId, string Algorithm, string PublicKey, string? Pem = null);
