namespace CareChain.Grains.Ledger.Details;

/// <summary>A ledger entry's commitment to a sealed detail: the entry's patient pseudonym and the detail's digest.</summary>
public readonly record struct SealedDetailReference(string Patient, string Digest);
