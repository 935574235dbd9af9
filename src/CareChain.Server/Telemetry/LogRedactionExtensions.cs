using CareChain.Ledger.Pseudonyms;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CareChain.Server.Telemetry;

/// <summary>Host set-up that keeps references to patients and their records out of every log provider, whatever its level or format.</summary>
public static class LogRedactionExtensions
{
    /// <summary>
    /// Decorates the logger factory the host registered with <see cref="RedactingLoggerFactory"/>. Needs the ledger's
    /// <see cref="Pseudonymizer"/> registered by the time the first logger is made; the server registers it on start-up.
    /// </summary>
    public static IHostApplicationBuilder AddCareChainLogRedaction(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var original = builder.Services.LastOrDefault(service => service.ServiceType == typeof(ILoggerFactory) && !service.IsKeyedService)
            ?? throw new InvalidOperationException("The host has no logger factory to wrap; add logging first.");
        builder.Services.Replace(ServiceDescriptor.Singleton<ILoggerFactory>(services =>
            new RedactingLoggerFactory(Create(services, original), new ReferenceRedactor(services.GetRequiredService<Pseudonymizer>()))));
        return builder;
    }

    private static ILoggerFactory Create(IServiceProvider services, ServiceDescriptor original) => (ILoggerFactory)(
        original.ImplementationInstance
        ?? original.ImplementationFactory?.Invoke(services)
        ?? ActivatorUtilities.CreateInstance(services, original.ImplementationType!));
}
