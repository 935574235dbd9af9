namespace CareChain.Grains.Fhir.Resources;

/// <summary>A read's answer; <see cref="Resource"/> is the version found, or the deletion for <see cref="ReadStatus.Gone"/>.</summary>
[GenerateSerializer, Immutable, Alias("carechain.fhir.read-result")]
public sealed record ReadResult(
    [property: Id(0)] ReadStatus Status,
    [property: Id(1)] StoredResource? Resource)
{
    public static ReadResult NotFound { get; } = new(ReadStatus.NotFound, null);
}
