namespace CareChain.Server.Keys;

/// <summary>
/// Where the ledger's secrets come from, bound from <c>Ledger:Keys</c>. Each secret is given inline
/// (from a secret store or environment variable) or as a file path. In the embedded SQLite mode, a
/// missing secret is generated once into the data folder; a cluster must configure all of them,
/// because every silo has to sign, pseudonymize and seal with the same keys.
/// </summary>
public sealed class LedgerKeysOptions
{
    public const string SectionName = "Ledger:Keys";

    /// <summary>ECDSA P-256 private key for checkpoints, PKCS#8 PEM.</summary>
    public string? CheckpointSigningKey { get; set; }

    public string? CheckpointSigningKeyFile { get; set; }

    /// <summary>HMAC-SHA-256 key for actor and patient pseudonyms, base64, at least 32 bytes.</summary>
    public string? PseudonymKey { get; set; }

    public string? PseudonymKeyFile { get; set; }

    /// <summary>AES-256 key that wraps each patient's data key for erasable details, base64, exactly 32 bytes.</summary>
    public string? DetailsKey { get; set; }

    public string? DetailsKeyFile { get; set; }

    /// <summary>
    /// Earlier details keys, base64: at start every data key they wrapped is wrapped again under
    /// <see cref="DetailsKey"/>, after which they can be removed and destroyed (key rotation).
    /// </summary>
    public IReadOnlyList<string> RetiredDetailsKeys { get; set; } = [];
}
