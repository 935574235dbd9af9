using CareChain.Grains.Fhir.Index;
using CareChain.Grains.Fhir.Search;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;

namespace CareChain.Grains.Fhir.Resources;

/// <summary>
/// Shared implementation of <see cref="IResourceStoreGrain"/>: one patient's resources of the types a
/// subclass holds, with full version history in grain state and the cross-patient search index kept
/// in step. Index terms are added before the state write and trimmed after it, so a crash in between
/// leaves the index over-approximate (searches re-check every candidate), never missing a match.
/// </summary>
public abstract class ResourceStoreGrain(IPersistentState<ResourceHistory> state, IFhirIndex index, TimeProvider time)
    : Grain, IResourceStoreGrain
{
    private readonly Dictionary<string, Resource> _parsed = [];
    private ResourceCollection? _collection;
    private string? _patientId;

    /// <summary>The silo's clock.</summary>
    protected TimeProvider Time { get; } = time;

    protected string PatientId => _patientId ??= Patients.PatientKey.IdOf(this.GetPrimaryKeyString());

    private ResourceCollection Collection => _collection ??= new ResourceCollection(state.State);

    public Task<ReadResult> ReadAsync(string resourceType, string id, int? versionId) =>
        Task.FromResult(Collection.Read(resourceType, id, versionId));

    public Task<IReadOnlyList<StoredResource>> HistoryAsync(string resourceType, string id) =>
        Task.FromResult(Collection.History(resourceType, id));

    public Task<IReadOnlyList<StoredResource>> SearchAsync(SearchQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        IReadOnlyList<StoredResource> matches =
        [
            .. Collection.Current
                .Where(stored => stored.ResourceType == query.ResourceType && SearchMatcher.Matches(Parsed(stored), query))
                .OrderByDescending(stored => stored.LastUpdated)
                .ThenBy(stored => stored.Id, StringComparer.Ordinal),
        ];
        return Task.FromResult(matches);
    }

    public async Task<WriteResult> WriteAsync(ResourceWrite write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var resource = ResourceJson.Parse(write.Json);
        CheckBelongs(resource, write.ResourceType, write.Id);
        if (Collection.Refuse(write) is { } refusal)
        {
            return refusal;
        }

        if (!await index.ClaimAsync(write.ResourceType, write.Id, PatientId, CancellationToken.None))
        {
            return new WriteResult(WriteStatus.Conflict, null, null);
        }

        var latest = Collection.Latest(write.ResourceType, write.Id);
        var terms = SearchTerms.Extract(resource);
        await index.AddTermsAsync(write.ResourceType, write.Id, PatientId, terms, CancellationToken.None);

        var stored = Collection.Append(resource, Now());
        await PersistAsync(stored.ResourceType, stored.Id, () => Collection.Undo(stored.ResourceType, stored.Id, stored.VersionId));
        _parsed[stored.Reference] = resource;
        OnChanged(stored);

        await index.ReplaceTermsAsync(write.ResourceType, write.Id, PatientId, terms, CancellationToken.None);
        return new WriteResult(latest is { IsDeleted: false } ? WriteStatus.Updated : WriteStatus.Created, stored, latest?.VersionId);
    }

    public async Task<WriteResult> DeleteAsync(string resourceType, string id, int? ifMatch)
    {
        var (result, changed) = Collection.Delete(resourceType, id, ifMatch, Now());
        if (changed && result.Resource is { } tombstone)
        {
            await PersistAsync(resourceType, id, () => Collection.Undo(resourceType, id, tombstone.VersionId));
            _parsed.Remove(tombstone.Reference);
            OnChanged(tombstone);
            await index.ReplaceTermsAsync(resourceType, id, PatientId, [], CancellationToken.None);
        }

        return result;
    }

    public async Task<bool> UndoAsync(string resourceType, string id, int versionId)
    {
        var undone = Collection.Latest(resourceType, id);
        if (undone is null || !Collection.Undo(resourceType, id, versionId))
        {
            return false;
        }

        await PersistAsync(resourceType, id, () => Restore(undone));
        _parsed.Remove(undone.Reference);
        var now = Collection.Latest(resourceType, id);
        OnChanged(undone);
        var terms = now is { IsDeleted: false } ? SearchTerms.Extract(Parsed(now)) : [];
        await index.ReplaceTermsAsync(resourceType, id, PatientId, terms, CancellationToken.None);
        return true;
    }

    /// <summary>Whether this grain holds resources of <paramref name="resourceType"/>.</summary>
    protected abstract bool Holds(string resourceType);

    /// <summary>The patient id the resource belongs to, read from its subject or patient element.</summary>
    protected abstract string? PatientOf(Resource resource);

    /// <summary>Called after every stored change, so a subclass can drop what it derived from the old version.</summary>
    protected virtual void OnChanged(StoredResource changed)
    {
    }

    /// <summary>The parsed form of a stored version, cached while it is current.</summary>
    protected Resource Parsed(StoredResource stored)
    {
        if (stored.Json is null)
        {
            throw new InvalidOperationException("A deletion has no resource to parse.");
        }

        if (_parsed.TryGetValue(stored.Reference, out var resource) && resource.Meta?.VersionId == stored.VersionId.ToString(System.Globalization.CultureInfo.InvariantCulture))
        {
            return resource;
        }

        resource = ResourceJson.Parse(stored.Json);
        _parsed[stored.Reference] = resource;
        return resource;
    }

    /// <summary>The current, undeleted resources of one type.</summary>
    protected IEnumerable<T> CurrentOf<T>(string resourceType)
        where T : Resource =>
        Collection.Current.Where(stored => stored.ResourceType == resourceType).Select(stored => (T)Parsed(stored));

    private void CheckBelongs(Resource resource, string resourceType, string id)
    {
        // The FHIR layer has validated all of this; a mismatch here is a bug that must not corrupt a record.
        if (!Holds(resourceType) || resource.TypeName != resourceType || resource.Id != id)
        {
            throw new ArgumentException($"This grain does not hold {resourceType} resources with that id.", nameof(resourceType));
        }

        if (PatientOf(resource) != PatientId)
        {
            throw new ArgumentException("The resource belongs to another patient's record.", nameof(resourceType));
        }
    }

    private async Task PersistAsync(string resourceType, string id, Action revert)
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // The write did not happen: keep memory equal to what is stored.
            revert();
            _parsed.Remove(resourceType + "/" + id);
            throw;
        }
    }

    private void Restore(StoredResource version)
    {
        if (!state.State.Versions.TryGetValue(version.Reference, out var versions))
        {
            versions = [];
            state.State.Versions[version.Reference] = versions;
        }

        versions.Add(version);
    }

    // FHIR instants and the ledger both carry milliseconds; finer ticks would not round-trip.
    private DateTimeOffset Now() => Ledger.LedgerTime.Now(Time);
}
