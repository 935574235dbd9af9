namespace CareChain.Server.Storage;

/// <summary>
/// Names of the Orleans grain-storage providers, shared by the grains and the silo set-up.
/// </summary>
/// <remarks>
/// The ADO.NET provider keys a row by service id, <em>state name</em> and grain key, not by grain
/// class: give each <c>[PersistentState]</c> a name unique across grain classes. It also reads a
/// string key made only of hexadecimal digits as an integer key (so "0a" and "00A" share a row);
/// keys such as "Patient/123" are safe.
/// </remarks>
public static class StorageNames
{
    /// <summary>The CareChain grain storage (ADO.NET on the configured database); also the default provider.</summary>
    public const string CareChain = global::CareChain.Grains.GrainStorage.Name;
}
