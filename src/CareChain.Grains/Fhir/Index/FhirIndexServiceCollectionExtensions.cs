using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CareChain.Grains.Fhir.Index;

/// <summary>Registers the FHIR search index. The host supplies the <see cref="IFhirIndexConnectionSource"/>.</summary>
public static class FhirIndexServiceCollectionExtensions
{
    public static IServiceCollection AddCareChainFhirIndex(this IServiceCollection services)
    {
        services.TryAddSingleton<SqlFhirIndex>();
        services.TryAddSingleton<IFhirIndex>(provider => provider.GetRequiredService<SqlFhirIndex>());
        return services;
    }
}
