namespace CareChain.Grains.Fhir.Resources;

/// <summary>Whether a read found the resource.</summary>
[GenerateSerializer, Alias("carechain.fhir.read-status")]
public enum ReadStatus
{
    /// <summary>The version asked for exists (200).</summary>
    Found = 0,

    /// <summary>No such resource or version (404).</summary>
    NotFound = 1,

    /// <summary>The resource, or the version asked for, is a deletion (410).</summary>
    Gone = 2,
}
