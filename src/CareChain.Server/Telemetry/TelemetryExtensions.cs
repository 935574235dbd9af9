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

    /// <summary>True when traces and metrics have somewhere to go (OTEL_EXPORTER_OTLP_ENDPOINT is set).</summary>
    public static bool IsExportConfigured(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
    }

    public static IHostApplicationBuilder AddCareChainTelemetry(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName))
            .WithMetrics(metrics => metrics
                .AddMeter("Microsoft.Orleans", LedgerMetrics.MeterName)
                .AddAspNetCoreInstrumentation());

        // A listener makes every request and grain call create an Activity; with nowhere to export
        // them that is a quarter of a ledger append's CPU spent for nothing, so tracing is on only
        // when an exporter is.
        if (IsExportConfigured(builder.Configuration))
        {
            telemetry
                .WithTracing(tracing => tracing
                    .AddSource("Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application", "CareChain.*")
                    .AddAspNetCoreInstrumentation(options =>
                    {
                        // Query strings carry search parameters (names, identifiers) and paths carry
                        // resource ids: record neither, only the route template.
                        options.EnrichWithHttpRequest = (activity, _) => activity.SetTag("url.query", null);
                        options.EnrichWithHttpResponse = (activity, response) => activity.SetTag(
                            "url.path",
                            (response.HttpContext.GetEndpoint() as Microsoft.AspNetCore.Routing.RouteEndpoint)?.RoutePattern.RawText);
                    }))
                .UseOtlpExporter();
        }

        return builder;
    }
}
