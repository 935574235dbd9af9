using Orleans.Concurrency;
using CareChain.Grains.Fhir.Resources;

namespace CareChain.Grains.Consents;

/// <summary>
/// All of one patient's consents and the only authority for decisions about that patient's data.
/// Keyed by the patient id. There is no other copy of the consents to go stale, so a revocation
/// (status inactive, or delete) governs the very next decision on any silo.
/// </summary>
[Alias("carechain.patient-consents")]
public interface IPatientConsentsGrain : IResourceStoreGrain
{
    [ReadOnly]
    [Alias("decide")]
    Task<AccessDecision> DecideAsync(AccessRequest request);

    /// <summary>One decision per request, against the same consents (a search's results).</summary>
    [ReadOnly]
    [Alias("decide-each")]
    Task<IReadOnlyList<AccessDecision>> DecideEachAsync(IReadOnlyList<AccessRequest> requests);
}
