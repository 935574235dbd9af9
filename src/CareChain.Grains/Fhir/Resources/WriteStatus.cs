namespace CareChain.Grains.Fhir.Resources;

/// <summary>What became of a write or delete; the FHIR layer maps each to an HTTP status.</summary>
[GenerateSerializer, Alias("carechain.fhir.write-status")]
public enum WriteStatus
{
    /// <summary>A new resource (201).</summary>
    Created = 0,

    /// <summary>A new version of an existing resource (200).</summary>
    Updated = 1,

    /// <summary>The resource is now deleted, or already was (204).</summary>
    Deleted = 2,

    /// <summary>No such resource (404).</summary>
    NotFound = 3,

    /// <summary>The <c>If-Match</c> version is not the current one (412).</summary>
    VersionConflict = 4,

    /// <summary>The id is taken: by an existing resource on create, or by another patient's record (409).</summary>
    Conflict = 5,
}
