using Orleans.Concurrency;
using CareChain.Grains.Fhir.Search;

namespace CareChain.Grains.Fhir.Resources;

/// <summary>
/// The FHIR interactions every per-patient resource grain offers. Keyed by patient id. The FHIR layer
/// authorizes and ledgers; the grain keeps versions and the search index.
/// </summary>
[Alias("carechain.fhir.resource-store")]
public interface IResourceStoreGrain : IGrainWithStringKey
{
    /// <summary>read (no version) or vread.</summary>
    [ReadOnly]
    [Alias("read")]
    Task<ReadResult> ReadAsync(string resourceType, string id, int? versionId);

    /// <summary>Every version, newest first; empty when the resource never existed.</summary>
    [ReadOnly]
    [Alias("history")]
    Task<IReadOnlyList<StoredResource>> HistoryAsync(string resourceType, string id);

    /// <summary>The current, undeleted resources that match, newest first.</summary>
    [ReadOnly]
    [Alias("search")]
    Task<IReadOnlyList<StoredResource>> SearchAsync(SearchQuery query);

    [Alias("write")]
    Task<WriteResult> WriteAsync(ResourceWrite write);

    [Alias("delete")]
    Task<WriteResult> DeleteAsync(string resourceType, string id, int? ifMatch);

    /// <summary>
    /// Takes back <paramref name="versionId"/> if it is still the latest: used when the ledger append
    /// that must accompany a write fails, or a transaction bundle fails part-way.
    /// </summary>
    [Alias("undo")]
    Task<bool> UndoAsync(string resourceType, string id, int versionId);
}
