namespace CareChain.Server.Storage;

/// <summary>
/// Runs the schema installer at the silo's very first lifecycle stage, before the membership table,
/// grain storage and reminder providers read their queries from the database. Being a lifecycle
/// participant, it holds regardless of the order in which hosted services were registered.
/// </summary>
internal sealed class SchemaInstallerLifecycleParticipant(SchemaInstaller installer) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(SchemaInstaller), ServiceLifecycleStage.First, installer.EnsureInstalledAsync);
}
