using CareChain.Grains.Fhir.Search;

namespace CareChain.Grains.Fhir.Index;

/// <summary>
/// Which patient owns each FHIR resource, and which patients may hold matches for a search. Answers
/// may include patients without matches (the grains decide) but never leave out one that has them,
/// provided writers call <see cref="AddTermsAsync"/> before changing a resource and
/// <see cref="ReplaceTermsAsync"/> after.
/// </summary>
public interface IFhirIndex
{
    /// <summary>The patient that owns the resource, or null when nobody has claimed it.</summary>
    Task<string?> FindOwnerAsync(string resourceType, string id, CancellationToken cancellationToken);

    /// <summary>
    /// Records <paramref name="patientId"/> as the owner unless someone already is. True when the
    /// resource is (now) owned by <paramref name="patientId"/>, false when another patient owns it.
    /// </summary>
    Task<bool> ClaimAsync(string resourceType, string id, string patientId, CancellationToken cancellationToken);

    /// <summary>Adds the terms the resource does not already have (a union), claiming it if unclaimed.</summary>
    /// <exception cref="InvalidOperationException">Another patient owns the resource.</exception>
    Task AddTermsAsync(string resourceType, string id, string patientId, IReadOnlyList<SearchTerm> terms, CancellationToken cancellationToken);

    /// <summary>Makes <paramref name="terms"/> the resource's only terms, in one transaction, claiming it if unclaimed.</summary>
    /// <exception cref="InvalidOperationException">Another patient owns the resource.</exception>
    Task ReplaceTermsAsync(string resourceType, string id, string patientId, IReadOnlyList<SearchTerm> terms, CancellationToken cancellationToken);

    /// <summary>
    /// Distinct ids of patients that may own a resource matching <paramref name="query"/>, in ordinal
    /// order, at most <paramref name="limit"/>. Paging (<see cref="SearchQuery.Offset"/>) is not applied here.
    /// </summary>
    Task<IReadOnlyList<string>> FindPatientsAsync(SearchQuery query, int limit, CancellationToken cancellationToken);

    /// <summary>Owners of Patient resources in ordinal order, for a Patient search without criteria.</summary>
    Task<IReadOnlyList<string>> ListPatientsAsync(int offset, int limit, CancellationToken cancellationToken);
}
