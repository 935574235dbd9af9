namespace CareChain.Grains;

/// <summary>Names of the Orleans grain-storage providers the grains persist through.</summary>
public static class GrainStorage
{
    /// <summary>The CareChain grain storage (ADO.NET on the configured database).</summary>
    public const string Name = "carechain";
}
