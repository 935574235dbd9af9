namespace CareChain.Server.Fhir.Formatting;

/// <summary>Registers the FHIR wire layer.</summary>
public static class FhirWireServiceCollectionExtensions
{
    /// <summary>Adds the <see cref="FhirWire"/> singleton and the <c>/fhir</c> exception handler.</summary>
    public static IServiceCollection AddCareChainFhirWire(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton<FhirWire>();
        services.AddExceptionHandler<FhirExceptionHandler>();
        return services;
    }
}
