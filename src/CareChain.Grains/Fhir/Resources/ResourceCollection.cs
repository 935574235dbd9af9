using Hl7.Fhir.Model;

namespace CareChain.Grains.Fhir.Resources;

/// <summary>
/// The FHIR versioning rules over a grain's <see cref="ResourceHistory"/>: create, update with
/// <c>If-Match</c>, delete as a tombstone version, read, vread and history. Pure: the grain persists
/// the state and keeps the search index in step.
/// </summary>
internal sealed class ResourceCollection(ResourceHistory history)
{
    public IEnumerable<StoredResource> Current =>
        history.Versions.Values.Select(versions => versions[^1]).Where(latest => !latest.IsDeleted);

    public ReadResult Read(string resourceType, string id, int? versionId)
    {
        if (!history.Versions.TryGetValue(Key(resourceType, id), out var versions))
        {
            return ReadResult.NotFound;
        }

        var found = versionId is null ? versions[^1] : versions.Find(v => v.VersionId == versionId);
        return found switch
        {
            null => ReadResult.NotFound,
            { IsDeleted: true } => new ReadResult(ReadStatus.Gone, found),
            _ => new ReadResult(ReadStatus.Found, found),
        };
    }

    /// <summary>Every version, newest first, as FHIR history bundles list them; empty when unknown.</summary>
    public IReadOnlyList<StoredResource> History(string resourceType, string id) =>
        history.Versions.TryGetValue(Key(resourceType, id), out var versions) ? [.. Enumerable.Reverse(versions)] : [];

    /// <summary>Checks a write against the current version; returns the refusal, or null when it may proceed.</summary>
    public WriteResult? Refuse(ResourceWrite write)
    {
        var latest = Latest(write.ResourceType, write.Id);
        if (write.Mode == WriteMode.Create && latest is not null)
        {
            return new WriteResult(WriteStatus.Conflict, null, latest.VersionId);
        }

        if (write.IfMatch is { } expected && latest?.VersionId != expected)
        {
            return new WriteResult(WriteStatus.VersionConflict, null, latest?.VersionId);
        }

        return null;
    }

    /// <summary>Appends the next version of <paramref name="resource"/>, stamping its meta.</summary>
    public StoredResource Append(Resource resource, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrEmpty(resource.Id);
        var latest = Latest(resource.TypeName, resource.Id);
        var version = (latest?.VersionId ?? 0) + 1;
        resource.Meta ??= new Meta();
        resource.Meta.VersionId = version.ToString(System.Globalization.CultureInfo.InvariantCulture);
        resource.Meta.LastUpdated = now;
        var stored = new StoredResource(resource.TypeName, resource.Id, version, now, ResourceJson.Serialize(resource));
        Add(stored);
        return stored;
    }

    /// <summary>Records a deletion; null when the resource never existed, the tombstone otherwise (new or already there).</summary>
    public (WriteResult Result, bool Changed) Delete(string resourceType, string id, int? ifMatch, DateTimeOffset now)
    {
        var latest = Latest(resourceType, id);
        if (latest is null)
        {
            return (new WriteResult(WriteStatus.NotFound, null, null), false);
        }

        if (ifMatch is { } expected && latest.VersionId != expected)
        {
            return (new WriteResult(WriteStatus.VersionConflict, null, latest.VersionId), false);
        }

        if (latest.IsDeleted)
        {
            return (new WriteResult(WriteStatus.Deleted, null, latest.VersionId), false);
        }

        var tombstone = new StoredResource(resourceType, id, latest.VersionId + 1, now, null);
        Add(tombstone);
        return (new WriteResult(WriteStatus.Deleted, tombstone, latest.VersionId), true);
    }

    /// <summary>Removes <paramref name="versionId"/> when it is still the latest version; false otherwise.</summary>
    public bool Undo(string resourceType, string id, int versionId)
    {
        var key = Key(resourceType, id);
        if (!history.Versions.TryGetValue(key, out var versions) || versions[^1].VersionId != versionId)
        {
            return false;
        }

        versions.RemoveAt(versions.Count - 1);
        if (versions.Count == 0)
        {
            history.Versions.Remove(key);
        }

        return true;
    }

    public StoredResource? Latest(string resourceType, string id) =>
        history.Versions.TryGetValue(Key(resourceType, id), out var versions) ? versions[^1] : null;

    private void Add(StoredResource stored)
    {
        var key = Key(stored.ResourceType, stored.Id);
        if (!history.Versions.TryGetValue(key, out var versions))
        {
            versions = [];
            history.Versions[key] = versions;
        }

        versions.Add(stored);
    }

    private static string Key(string resourceType, string id) => resourceType + "/" + id;
}
