using CareChain.Server.Fhir.Access;
using CareChain.Server.Fhir.Formatting;
using CareChain.Server.Fhir.Interactions;
using CareChain.Server.Fhir.Resources;

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
            WithAccessAsync(http, context => transactions.ProcessAsync(context, http.Request, http.RequestAborted)));

        foreach (var kind in ResourceKind.All)
        {
            MapResource(fhir, kind);
        }

        fhir.MapGet("/AuditEvent/{id}", (HttpContext http, string id, AuditEventInteraction audits) =>
            WithAccessAsync(http, context => audits.ReadAsync(context, id, http.RequestAborted)));
        fhir.MapGet("/AuditEvent", (HttpContext http, AuditEventInteraction audits) =>
            WithAccessAsync(http, context => audits.SearchAsync(context, http.Request.Query, http.RequestAborted)));

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
            WithAccessAsync(http, context => reads.ReadAsync(context, kind, id, null, http.RequestAborted)));
        fhir.MapGet(type + "/{id}/_history/{vid}", (HttpContext http, string id, string vid, ReadInteraction reads) =>
            WithAccessAsync(http, context => reads.ReadAsync(context, kind, id, vid, http.RequestAborted)));
        fhir.MapGet(type + "/{id}/_history", (HttpContext http, string id, HistoryInteraction histories) =>
            WithAccessAsync(http, context => histories.HistoryAsync(context, kind, id, http.RequestAborted)));
        fhir.MapGet(type, (HttpContext http, SearchInteraction searches) =>
            WithAccessAsync(http, context => searches.SearchAsync(context, kind, http.Request.Query, IsStrict(http.Request), http.RequestAborted)));
        fhir.MapPost(type + "/_search", async (HttpContext http, SearchInteraction searches) =>
        {
            if (!http.Request.HasFormContentType)
            {
                return FhirResponses.Invalid("POST _search takes application/x-www-form-urlencoded parameters.");
            }

            var form = await http.Request.ReadFormAsync(http.RequestAborted);
            var parameters = http.Request.Query.Concat(form);
            return await WithAccessAsync(http, context => searches.SearchAsync(context, kind, parameters, IsStrict(http.Request), http.RequestAborted));
        });
        fhir.MapPost(type, (HttpContext http, WriteInteraction writes) =>
            WithAccessAsync(http, context => writes.CreateAsync(context, kind, http.Request, http.RequestAborted)));
        fhir.MapPut(type + "/{id}", (HttpContext http, string id, WriteInteraction writes) =>
            WithAccessAsync(http, context => writes.UpdateAsync(context, kind, id, http.Request, http.RequestAborted)));
        fhir.MapDelete(type + "/{id}", (HttpContext http, string id, WriteInteraction writes) =>
            WithAccessAsync(http, context => writes.DeleteAsync(context, kind, id, http.Request, http.RequestAborted)));
    }

    private static async Task<IResult> WithAccessAsync(HttpContext http, Func<AccessContext, Task<IResult>> interaction) =>
        AccessContextReader.TryRead(http, out var context, out var error) ? await interaction(context) : error;

    private static bool IsStrict(HttpRequest request) =>
        request.Headers["Prefer"].Any(value => value?.Contains("handling=strict", StringComparison.OrdinalIgnoreCase) == true);
}
