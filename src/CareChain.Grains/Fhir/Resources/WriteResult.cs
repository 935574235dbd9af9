namespace CareChain.Grains.Fhir.Resources;

/// <summary>The outcome of a write: the version now current (when one was written) and the one it replaced.</summary>
/// <param name="Status">What happened.</param>
/// <param name="Resource">The version written; null when nothing was written.</param>
/// <param name="CurrentVersion">The latest version before the write, for conflict messages; null when there was none.</param>
[GenerateSerializer, Immutable, Alias("carechain.fhir.write-result")]
public sealed record WriteResult(
    [property: Id(0)] WriteStatus Status,
    [property: Id(1)] StoredResource? Resource,
    [property: Id(2)] int? CurrentVersion)
{
    /// <summary>True when a new version was stored (and must be undone if the ledger append fails).</summary>
    public bool Changed => Status is WriteStatus.Created or WriteStatus.Updated || (Status == WriteStatus.Deleted && Resource is not null);
}
