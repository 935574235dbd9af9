using CareChain.Server.Fhir.Access;
using CareChain.Server.Fhir.Formatting;
using CareChain.Server.Fhir.Interactions;
using CareChain.Server.Fhir.Resources;
using Hl7.Fhir.Model;

namespace CareChain.Server.Fhir.Endpoints;

/// <summary>
/// The FHIR R4 REST API under <c>/fhir</c>. Endpoints only translate HTTP into an interaction; every
/// rule lives in <see cref="AccessPolicy"/> and the interactions.
/// </summary>
public static class FhirEndpoints
{
    public const string BasePath = "/fhir";

    public static IEndpointRouteBuilder MapCareChainFhir(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var fhir = app.MapGroup(BasePath);
        fhir.MapGet("/metadata", (HttpContext http, CapabilityStatementFactory capabilities) =>
            FhirResponses.Resource(StatusCodes.Status200OK, capabilities.Create($"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}{BasePath}"), []));
        fhir.MapPost("/", (HttpContext http, TransactionInteraction transactions) =>
            WithAccessAsync(http, FhirInteraction.Transaction, null, context => transactions.ProcessAsync(context, http.Request, http.RequestAborted)));

        foreach (var kind in ResourceKind.All)
        {
            MapResource(fhir, kind);
        }

        fhir.MapGet("/AuditEvent/{id}", (HttpContext http, string id, AuditEventInteraction audits) =>
            WithAccessAsync(http, FhirInteraction.Read, nameof(AuditEvent), context => audits.ReadAsync(context, id, http.RequestAborted)));
        fhir.MapGet("/AuditEvent", (HttpContext http, AuditEventInteraction audits) =>
            WithAccessAsync(http, FhirInteraction.Search, nameof(AuditEvent), context => audits.SearchAsync(context, http.Request.Query, http.RequestAborted)));

        // Anything else under /fhir is a type or interaction CareChain does not serve: say so in FHIR's terms.
        fhir.Map("/{**rest}", () => FhirResponses.Outcome(
            StatusCodes.Status404NotFound,
            FhirOutcomes.Unsupported("CareChain serves Patient, Observation, Consent and AuditEvent; see /fhir/metadata.")));
        return app;
    }

    private static void MapResource(RouteGroupBuilder fhir, ResourceKind kind)
    {
        var type = "/" + kind.TypeName;
        fhir.MapGet(type + "/{id}", (HttpContext http, string id, ReadInteraction reads) =>
            WithAccessAsync(http, FhirInteraction.Read, kind.TypeName, context => reads.ReadAsync(context, kind, id, null, http.RequestAborted)));
        fhir.MapGet(type + "/{id}/_history/{vid}", (HttpContext http, string id, string vid, ReadInteraction reads) =>
            WithAccessAsync(http, FhirInteraction.VRead, kind.TypeName, context => reads.ReadAsync(context, kind, id, vid, http.RequestAborted)));
        fhir.MapGet(type + "/{id}/_history", (HttpContext http, string id, HistoryInteraction histories) =>
            WithAccessAsync(http, FhirInteraction.History, kind.TypeName, context => histories.HistoryAsync(context, kind, id, http.RequestAborted)));
        fhir.MapGet(type, (HttpContext http, SearchInteraction searches) =>
            WithAccessAsync(http, FhirInteraction.Search, kind.TypeName, context => searches.SearchAsync(context, kind, http.Request.Query, IsStrict(http.Request), http.RequestAborted)));
        fhir.MapPost(type + "/_search", async (HttpContext http, SearchInteraction searches) =>
        {
            var form = http.Request.HasFormContentType ? await http.Request.ReadFormAsync(http.RequestAborted) : null;
            var parameters = form is null ? http.Request.Query : http.Request.Query.Concat(form);
            return await WithAccessAsync(http, FhirInteraction.Search, kind.TypeName, context => searches.SearchAsync(context, kind, parameters, IsStrict(http.Request), http.RequestAborted));
        });
        fhir.MapPost(type, (HttpContext http, WriteInteraction writes) =>
            WithAccessAsync(http, FhirInteraction.Create, kind.TypeName, context => writes.CreateAsync(context, kind, http.Request, http.RequestAborted)));
        fhir.MapPut(type + "/{id}", (HttpContext http, string id, WriteInteraction writes) =>
            WithAccessAsync(http, FhirInteraction.Update, kind.TypeName, context => writes.UpdateAsync(context, kind, id, http.Request, http.RequestAborted)));
        fhir.MapDelete(type + "/{id}", (HttpContext http, string id, WriteInteraction writes) =>
            WithAccessAsync(http, FhirInteraction.Delete, kind.TypeName, context => writes.DeleteAsync(context, kind, id, http.Request, http.RequestAborted)));
    }

    /// <summary>Runs the interaction for an authenticated caller; otherwise 401, or 400 (ledgered) for malformed access headers.</summary>
    private static async Task<IResult> WithAccessAsync(HttpContext http, FhirInteraction interaction, string? resourceType, Func<AccessContext, Task<IResult>> run)
    {
        if (AccessContextReader.TryRead(http, out var context, out var problem))
        {
            return await run(context);
        }

        return context is null || problem is null
            ? FhirResults.Outcome(StatusCodes.Status401Unauthorized, FhirOutcomes.Unauthenticated())
            : await http.RequestServices.GetRequiredService<Refusals>()
                .RefuseAsync(context, interaction, resourceType, null, StatusCodes.Status400BadRequest, problem, http.RequestAborted);
    }

    private static bool IsStrict(HttpRequest request) =>
        request.Headers["Prefer"].Any(value => value?.Contains("handling=strict", StringComparison.OrdinalIgnoreCase) == true);
}
