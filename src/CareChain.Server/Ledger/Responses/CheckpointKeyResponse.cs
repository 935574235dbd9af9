namespace CareChain.Server.Ledger.Responses;

/// <summary>The checkpoint verification key: SubjectPublicKeyInfo DER as base64 and as PEM.</summary>
public sealed record CheckpointKeyResponse(string KeyId, string Algorithm, string PublicKey, string Pem);
