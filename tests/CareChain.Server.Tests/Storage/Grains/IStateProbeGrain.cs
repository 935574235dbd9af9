namespace CareChain.Server.Tests.Storage.Grains;

/// <summary>Keeps one value in the named CareChain storage and one in the default storage.</summary>
[Alias("CareChain.Server.Tests.Storage.IStateProbeGrain")]
public interface IStateProbeGrain : IGrainWithStringKey
{
    [Alias("Write")]
    Task WriteAsync(string named, string byDefault);

    [Alias("Read")]
    Task<ProbeValues> ReadAsync();

    [Alias("Clear")]
    Task ClearAsync();
}
