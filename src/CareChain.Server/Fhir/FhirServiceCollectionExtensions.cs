using CareChain.Grains.Fhir.Index;
using CareChain.Server.Fhir.Access;
using CareChain.Server.Fhir.Endpoints;
using CareChain.Server.Fhir.Formatting;
using CareChain.Server.Fhir.Interactions;

namespace CareChain.Server.Fhir;

/// <summary>Registers the FHIR API: wire format, search index, access rules, the access ledger and the interactions.</summary>
public static class FhirServiceCollectionExtensions
{
    public static IServiceCollection AddCareChainFhir(this IServiceCollection services)
    {
        services.AddCareChainFhirWire();
        services.AddCareChainFhirIndex();
        services.AddSingleton<AccessPolicy>();
        services.AddSingleton<AccessLedger>();
        services.AddSingleton<ResourceLocator>();
        services.AddSingleton<Refusals>();
        services.AddSingleton<FhirResponses>();
        services.AddSingleton<ReadInteraction>();
        services.AddSingleton<HistoryInteraction>();
        services.AddSingleton<SearchInteraction>();
        services.AddSingleton<WriteInteraction>();
        services.AddSingleton<TransactionInteraction>();
        services.AddSingleton<AuditEventInteraction>();
        services.AddSingleton<CapabilityStatementFactory>();
        return services;
    }
}
