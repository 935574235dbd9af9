namespace CareChain.Ledger;

/// <summary>
/// Hard limits of the ledger formats. Decoders refuse anything larger before doing work on it, so
/// hostile exports cannot make a verifier allocate without bound.
/// </summary>
public static class LedgerLimits
{
    /// <summary>Format version written in every entry and checkpoint (<c>v</c>).</summary>
    public const int FormatVersion = 1;

    /// <summary>Largest canonical entry, in bytes.</summary>
    public const int MaxEntryBytes = 128 * 1024;

    /// <summary>Largest canonical checkpoint body, in bytes.</summary>
    public const int MaxCheckpointBytes = 1024 * 1024;

    /// <summary>Shard numbers run from 0 to <c>MaxShards - 1</c>.</summary>
    public const int MaxShards = 4096;

    /// <summary>
    /// Largest sequence number or tree size: 2^53 - 1, the largest integer that every JSON
    /// implementation (and RFC 8785's double-based number form) represents exactly.
    /// </summary>
    public const long MaxSequence = (1L << 53) - 1;

    /// <summary>Most resource hashes one entry may list.</summary>
    public const int MaxResources = 1024;

    /// <summary>Longest action token, in characters.</summary>
    public const int MaxActionLength = 64;

    /// <summary>Longest outcome token, in characters.</summary>
    public const int MaxOutcomeLength = 32;

    /// <summary>Longest resource type, in characters.</summary>
    public const int MaxResourceTypeLength = 64;

    /// <summary>Longest purpose, consent, provision or model identifier, in characters.</summary>
    public const int MaxIdentifierLength = 128;

    /// <summary>Longest details text, in UTF-16 code units.</summary>
    public const int MaxDetailsLength = 1024;
}
