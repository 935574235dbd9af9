using CareChain.Grains.Fhir.Search;
using CareChain.Server.Fhir.Resources;
using Hl7.Fhir.Model;

namespace CareChain.Server.Fhir.Endpoints;

/// <summary>
/// The server's CapabilityStatement, built from the same tables the endpoints and search use, so it
/// states exactly what is served: types, interactions, search parameters, formats and security.
/// </summary>
public sealed class CapabilityStatementFactory(TimeProvider time)
{
    private const string SmartCapabilities = "http://terminology.hl7.org/CodeSystem/restful-security-service";

    public CapabilityStatement Create(string baseUrl)
    {
        var statement = new CapabilityStatement
        {
            Status = PublicationStatus.Active,
            Date = time.GetUtcNow().ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            Kind = CapabilityStatementKind.Instance,
            Software = new CapabilityStatement.SoftwareComponent { Name = "CareChain" },
            Implementation = new CapabilityStatement.ImplementationComponent { Description = "CareChain consent ledger", Url = baseUrl },
            FhirVersion = FHIRVersion.N4_0_1,
            Format = ["json", "xml", "application/fhir+json", "application/fhir+xml"],
        };

        var rest = new CapabilityStatement.RestComponent
        {
            Mode = CapabilityStatement.RestfulCapabilityMode.Server,
            Documentation = "Every interaction needs a bearer token with SMART on FHIR v2 scopes and is appended to the "
                + "CareChain ledger before the response is sent (header X-Ledger-Entry). Practitioners state a purpose "
                + "of use in X-Purpose-Of-Use (default TREAT) and see only what the patient's consents permit; "
                + "break-the-glass is X-Purpose-Of-Use: ETREAT with X-Break-Glass-Reason.",
            Security = new CapabilityStatement.SecurityComponent
            {
                Cors = false,
                Service = [new CodeableConcept(SmartCapabilities, "SMART-on-FHIR")],
                Description = "OAuth 2.0 bearer tokens (JWT) with SMART on FHIR v2 scopes: patient/, user/ and system/.",
            },
            Interaction =
            [
                new CapabilityStatement.SystemInteractionComponent { Code = CapabilityStatement.SystemRestfulInteraction.Transaction },
            ],
        };

        foreach (var kind in ResourceKind.All)
        {
            rest.Resource.Add(Served(kind.TypeName));
        }

        rest.Resource.Add(AuditEvents());
        statement.Rest.Add(rest);
        return statement;
    }

    private static CapabilityStatement.ResourceComponent Served(string type) => new()
    {
        Type = type,
        Versioning = CapabilityStatement.ResourceVersionPolicy.VersionedUpdate,
        ReadHistory = true,
        UpdateCreate = true,
        ConditionalCreate = false,
        ConditionalUpdate = false,
        ConditionalDelete = CapabilityStatement.ConditionalDeleteStatus.NotSupported,
        Interaction =
        [
            .. new[]
            {
                CapabilityStatement.TypeRestfulInteraction.Read,
                CapabilityStatement.TypeRestfulInteraction.Vread,
                CapabilityStatement.TypeRestfulInteraction.Update,
                CapabilityStatement.TypeRestfulInteraction.Delete,
                CapabilityStatement.TypeRestfulInteraction.HistoryInstance,
                CapabilityStatement.TypeRestfulInteraction.Create,
                CapabilityStatement.TypeRestfulInteraction.SearchType,
            }.Select(code => new CapabilityStatement.ResourceInteractionComponent { Code = code }),
        ],
        SearchParam = [.. SearchCatalog.For(type).Select(parameter => SearchParam(parameter.Name, parameter.Type))],
        Documentation = "_sort takes up to 5 of the type's date, string and token parameters (a leading '-' sorts descending); "
            + "results without a value come last. Without _sort, the most recently updated come first.",
    };

    private static CapabilityStatement.ResourceComponent AuditEvents() => new()
    {
        Type = nameof(AuditEvent),
        Documentation = "A read-only view of the ledger: each AuditEvent is one ledger entry, id {shard}-{seq}.",
        Interaction =
        [
            new CapabilityStatement.ResourceInteractionComponent { Code = CapabilityStatement.TypeRestfulInteraction.Read },
            new CapabilityStatement.ResourceInteractionComponent { Code = CapabilityStatement.TypeRestfulInteraction.SearchType },
        ],
        SearchParam =
        [
            SearchParam("patient", SearchParamType.Reference),
            SearchParam("agent", SearchParamType.Reference),
            SearchParam("entity", SearchParamType.Reference),
            SearchParam("date", SearchParamType.Date),
            SearchParam("purpose", SearchParamType.Token),
            SearchParam("_count", SearchParamType.Number),
        ],
    };

    private static CapabilityStatement.SearchParamComponent SearchParam(string name, SearchParamType type) => new() { Name = name, Type = type };
}
