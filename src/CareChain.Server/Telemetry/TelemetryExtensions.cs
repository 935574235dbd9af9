using CareChain.Grains.Ledger;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace CareChain.Server.Telemetry;

/// <summary>
/// Traces and metrics for ASP.NET Core, Orleans and CareChain's own meters, exported over OTLP
/// only when an endpoint is configured (OTEL_EXPORTER_OTLP_ENDPOINT); silent otherwise.
/// Span attributes and metric tags carry no PHI: routes, status codes, shard numbers, counts.
/// </summary>
public static class TelemetryExtensions
{
    public const string ServiceName = "carechain";

    public static IHostApplicationBuilder AddCareChainTelemetry(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName))
            .WithTracing(tracing => tracing
                .AddSource("Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application", "CareChain.*")
                .AddAspNetCoreInstrumentation(options =>
                {
                    // Query strings can carry search parameters (names, identifiers): never record them.
                    options.EnrichWithHttpRequest = (activity, _) => activity.SetTag("url.query", null);
                }))
            .WithMetrics(metrics => metrics
                .AddMeter("Microsoft.Orleans", LedgerMetrics.MeterName)
                .AddAspNetCoreInstrumentation());

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            telemetry.UseOtlpExporter();
        }

        return builder;
    }
}
