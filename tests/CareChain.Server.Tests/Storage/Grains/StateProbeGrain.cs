using CareChain.Server.Storage;

namespace CareChain.Server.Tests.Storage.Grains;

public sealed class StateProbeGrain(
    [PersistentState("probe-named", StorageNames.CareChain)] IPersistentState<ProbeState> named,
    [PersistentState("probe-default")] IPersistentState<ProbeState> byDefault) : Grain, IStateProbeGrain
{
    async Task IStateProbeGrain.WriteAsync(string namedValue, string defaultValue)
    {
        named.State.Value = namedValue;
        byDefault.State.Value = defaultValue;
        await named.WriteStateAsync();
        await byDefault.WriteStateAsync();
    }

    Task<ProbeValues> IStateProbeGrain.ReadAsync() =>
        Task.FromResult(new ProbeValues(named.State.Value, byDefault.State.Value, named.Etag));

    Task IStateProbeGrain.ClearAsync() => named.ClearStateAsync();
}
