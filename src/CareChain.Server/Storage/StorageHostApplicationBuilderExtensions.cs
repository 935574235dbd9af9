
namespace CareChain.Server.Storage;

/// <summary>Host set-up for CareChain storage.</summary>
public static class StorageHostApplicationBuilderExtensions
{
    /// <summary>
    /// Binds <see cref="StorageOptions"/> from "Storage" (a bad setting fails here, at start-up) and
    /// registers the data sources, the <see cref="LedgerDatabase"/> (also as
    /// <see cref="CareChain.Grains.Ledger.Storage.ILedgerConnectionSource"/>) and the schema
    /// installer, which runs before the silo's first lifecycle stage. Call it before or after
    /// <c>UseOrleans</c>; the order does not matter.
    /// </summary>
    public static IHostApplicationBuilder AddCareChainStorage(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddCareChainStorageServices(builder.GetCareChainStorageOptions());
        return builder;
    }

    /// <summary>
    /// The storage options of this host, as registered by <see cref="AddCareChainStorage"/>, or bound
    /// now from configuration with the data path taken from the content root.
    /// </summary>
    public static StorageOptions GetCareChainStorageOptions(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Services.FindCareChainStorageOptions()
            ?? StorageOptions.FromConfiguration(builder.Configuration, builder.Environment.ContentRootPath);
    }
}
