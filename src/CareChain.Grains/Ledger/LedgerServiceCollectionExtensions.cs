using CareChain.Grains.Ledger.Details;
using CareChain.Grains.Ledger.Pseudonyms;
using CareChain.Grains.Ledger.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CareChain.Grains.Ledger;

/// <summary>Registers the ledger's services. The host supplies the connection source and the keys.</summary>
public static class LedgerServiceCollectionExtensions
{
    public static IServiceCollection AddCareChainLedger(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LedgerOptions>()
            .Bind(configuration.GetSection(LedgerOptions.SectionName))
            .Validate(options => options.Shards is >= 1 and <= 1024, "Ledger:Shards must be between 1 and 1024.")
            .Validate(options => options.CheckpointInterval >= TimeSpan.FromSeconds(1), "Ledger:CheckpointInterval must be at least one second.")
            .Validate(options => options.MaxBatchSize >= 1, "Ledger:MaxBatchSize must be positive.")
            .Validate(options => options.MaxTransactionSize >= 1, "Ledger:MaxTransactionSize must be positive.")
            .ValidateOnStart();

        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<LedgerMetrics>();
        services.TryAddSingleton<SqlLedgerStore>();
        services.TryAddSingleton<ILedgerStore>(provider => provider.GetRequiredService<SqlLedgerStore>());
        services.TryAddSingleton<LedgerWriter>();

        // Need the host's Pseudonymizer, DetailsKey and ILedgerConnectionSource, resolved on first use.
        services.TryAddSingleton<PseudonymDirectory>();
        services.TryAddSingleton<SealedDetailStore>();
        return services;
    }
}
