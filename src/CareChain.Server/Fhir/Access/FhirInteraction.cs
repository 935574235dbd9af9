namespace CareChain.Server.Fhir.Access;

/// <summary>The FHIR RESTful interactions CareChain serves; each is authorized and ledgered on its own terms.</summary>
public enum FhirInteraction
{
    Read,
    VRead,
    History,
    Search,
    Create,
    Update,
    Delete,
    Transaction,
}
