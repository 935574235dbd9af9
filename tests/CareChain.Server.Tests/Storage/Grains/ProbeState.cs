namespace CareChain.Server.Tests.Storage.Grains;

[GenerateSerializer, Alias("CareChain.Server.Tests.Storage.ProbeState")]
public sealed class ProbeState
{
    [Id(0)]
    public string? Value { get; set; }
}
