namespace CareChain.Grains.Ledger.Details;

/// <summary>What became of a sealed detail a ledger entry commits to.</summary>
public enum DetailState
{
    /// <summary>Opened: the text is available.</summary>
    Readable,

    /// <summary>The patient's data key was destroyed (right to erasure); the text is gone for good.</summary>
    Erased,

    /// <summary>No sealed detail has the digest the entry commits to.</summary>
    Missing,

    /// <summary>A row exists but does not match the entry's digest or patient, or does not decrypt: it was tampered with.</summary>
    Altered,
}
