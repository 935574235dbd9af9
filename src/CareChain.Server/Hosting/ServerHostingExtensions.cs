using CareChain.Grains.Ledger;
using CareChain.Server.Auth;
using CareChain.Server.Fhir;
using CareChain.Server.Fhir.Endpoints;
using CareChain.Server.Keys;
using CareChain.Server.Ledger;
using CareChain.Server.Storage;
using CareChain.Server.Telemetry;

namespace CareChain.Server.Hosting;

/// <summary>Composes the server: storage, the co-hosted silo, the ledger, keys, log redaction, auth, telemetry, the FHIR API and endpoints.</summary>
public static class ServerHostingExtensions
{
    public static WebApplicationBuilder AddCareChainServer(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddCareChainStorage();
        builder.AddCareChainTelemetry();
        var storage = builder.GetCareChainStorageOptions();

        builder.Services.AddCareChainLedger(builder.Configuration);
        builder.AddCareChainLedgerKeys(storage);
        // After the keys: log redaction replaces references with the ledger's pseudonyms.
        builder.AddCareChainLogRedaction();
        builder.AddCareChainAuth();
        builder.Services.AddCareChainFhir();
        builder.Services.AddProblemDetails();
        builder.Services.AddHealthChecks().AddCheck<LedgerStoreHealthCheck>("ledger-store");

        var tracing = TelemetryExtensions.IsExportConfigured(builder.Configuration);
        builder.UseOrleans(silo =>
        {
            silo.UseCareChainStorage(storage).AddStartupTask<LedgerStartupTask>();
            if (tracing)
            {
                silo.AddActivityPropagation();
            }
        });
        return builder;
    }

    public static WebApplication MapCareChainEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapHealthChecks("/healthz");
        app.MapLedgerApi();
        app.MapDevTokenEndpoint();
        app.MapCareChainFhir();
        return app;
    }

    private static void AddCareChainLedgerKeys(this IHostApplicationBuilder builder, StorageOptions storage)
    {
        var options = builder.Configuration.GetSection(LedgerKeysOptions.SectionName).Get<LedgerKeysOptions>() ?? new LedgerKeysOptions();

        // Only a single embedded node may invent its own keys; cluster silos must share configured ones.
        var generatedKeys = storage.Provider == StorageProvider.Sqlite ? Path.Combine(storage.DataPath, "keys") : null;
        var loader = new LedgerKeyLoader(options, generatedKeys);

        // Loaded now, so a missing or malformed key stops the start with a clear message.
        builder.Services.AddSingleton(loader.LoadCheckpointSigner());
        builder.Services.AddSingleton(loader.LoadPseudonymizer());
        builder.Services.AddSingleton(loader.LoadDetailsKey());
    }
}
