namespace CareChain.Server.Tests.Storage.Grains;

[GenerateSerializer, Immutable, Alias("CareChain.Server.Tests.Storage.ProbeValues")]
public sealed record ProbeValues([property: Id(0)] string? Named, [property: Id(1)] string? ByDefault, [property: Id(2)] string? NamedETag);
