using CareChain.Grains.Fhir.Index;
using CareChain.Grains.Ledger.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CareChain.Server.Storage;

/// <summary>Registers the storage services shared by the host and the silo; safe to call more than once.</summary>
internal static class StorageServiceCollectionExtensions
{
    public static IServiceCollection AddCareChainStorageServices(this IServiceCollection services, StorageOptions options)
    {
        services.TryAddSingleton(options);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(provider => StorageDataSources.Create(provider.GetRequiredService<StorageOptions>()));
        services.TryAddSingleton<SchemaInstaller>();
        services.TryAddSingleton<LedgerDatabase>();
        services.TryAddSingleton<ILedgerConnectionSource>(provider => provider.GetRequiredService<LedgerDatabase>());
        services.TryAddSingleton<IFhirIndexConnectionSource, FhirIndexDatabase>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ILifecycleParticipant<ISiloLifecycle>, SchemaInstallerLifecycleParticipant>());
        return services;
    }

    /// <summary>The options instance registered by an earlier call, if any.</summary>
    public static StorageOptions? FindCareChainStorageOptions(this IServiceCollection services) =>
        services.LastOrDefault(descriptor => descriptor.ServiceType == typeof(StorageOptions) && !descriptor.IsKeyedService)
            ?.ImplementationInstance as StorageOptions;
}
