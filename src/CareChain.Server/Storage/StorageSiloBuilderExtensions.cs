using System.Globalization;
using System.Net;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace CareChain.Server.Storage;

/// <summary>Silo set-up for CareChain storage: clustering, grain storage and reminders on the configured database.</summary>
public static class StorageSiloBuilderExtensions
{
    public const string DefaultClusterId = "carechain";

    public const string DefaultServiceId = "carechain";

    /// <summary>
    /// Configures the silo for <paramref name="options"/>:
    /// SQLite → localhost clustering, ADO.NET grain storage (default and <see cref="StorageNames.CareChain"/>)
    /// and ADO.NET reminders in orleans.db;
    /// PostgreSQL → ADO.NET clustering, grain storage and reminders in the one database.
    /// Reads "Orleans:ClusterId" and "Orleans:ServiceId" (default "carechain"; the service id is part
    /// of every stored row, so it must not change between runs), and optionally "Orleans:SiloPort",
    /// "Orleans:GatewayPort" and "Orleans:AdvertisedIPAddress".
    /// </summary>
    public static ISiloBuilder UseCareChainStorage(this ISiloBuilder silo, StorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        silo.Services.AddCareChainStorageServices(options);

        var orleans = silo.Configuration.GetSection("Orleans");
        var clusterId = NonEmpty(orleans["ClusterId"]) ?? DefaultClusterId;
        var serviceId = NonEmpty(orleans["ServiceId"]) ?? DefaultServiceId;
        var siloPort = Port(orleans, "SiloPort", EndpointOptions.DEFAULT_SILO_PORT);
        var gatewayPort = Port(orleans, "GatewayPort", EndpointOptions.DEFAULT_GATEWAY_PORT);
        var advertised = Address(orleans, "AdvertisedIPAddress");

        if (options.Provider == StorageProvider.Sqlite)
        {
            silo.UseLocalhostClustering(siloPort, gatewayPort, primarySiloEndpoint: null, serviceId, clusterId);
        }
        else
        {
            silo.Configure<ClusterOptions>(cluster =>
            {
                cluster.ClusterId = clusterId;
                cluster.ServiceId = serviceId;
            });
            silo.Configure<EndpointOptions>(endpoints =>
            {
                endpoints.SiloPort = siloPort;
                endpoints.GatewayPort = gatewayPort;
                if (advertised is not null)
                {
                    endpoints.AdvertisedIPAddress = advertised;
                }
            });
            silo.UseAdoNetClustering((OptionsBuilder<AdoNetClusteringSiloOptions> clustering) =>
                clustering.Configure<StorageDataSources>((o, sources) =>
                {
                    o.Invariant = options.Invariant;
                    o.DataSource = sources.Orleans;
                }));
        }

        silo.AddAdoNetGrainStorageAsDefault(grainStorage => ConfigureGrainStorage(grainStorage, options));
        silo.AddAdoNetGrainStorage(StorageNames.CareChain, grainStorage => ConfigureGrainStorage(grainStorage, options));
        silo.UseAdoNetReminderService((OptionsBuilder<AdoNetReminderTableOptions> reminders) =>
            reminders.Configure<StorageDataSources>((o, sources) =>
            {
                o.Invariant = options.Invariant;
                o.DataSource = sources.Orleans;
            }));
        return silo;
    }

    // Orleans accepts a connection string or a data source, not both; the data source carries the
    // SQLite pragmas and shares the PostgreSQL pool.
    private static void ConfigureGrainStorage(OptionsBuilder<AdoNetGrainStorageOptions> grainStorage, StorageOptions options) =>
        grainStorage.Configure<StorageDataSources>((o, sources) =>
        {
            o.Invariant = options.Invariant;
            o.DataSource = sources.Orleans;
        });

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static int Port(IConfigurationSection orleans, string key, int fallback)
    {
        var text = NonEmpty(orleans[key]);
        if (text is null)
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is >= 0 and <= 65535
            ? port
            : throw new InvalidOperationException($"Orleans:{key} must be a TCP port number, not \"{text}\".");
    }

    private static IPAddress? Address(IConfigurationSection orleans, string key)
    {
        var text = NonEmpty(orleans[key]);
        if (text is null)
        {
            return null;
        }

        return IPAddress.TryParse(text, out var address)
            ? address
            : throw new InvalidOperationException($"Orleans:{key} must be an IP address, not \"{text}\".");
    }
}
