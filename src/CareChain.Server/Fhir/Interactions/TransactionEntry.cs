using CareChain.Grains.Fhir.Resources;
using CareChain.Server.Fhir.Access;
using CareChain.Server.Fhir.Resources;
using Hl7.Fhir.Model;

namespace CareChain.Server.Fhir.Interactions;

/// <summary>One planned entry of a transaction: what it does, to which resource of which patient.</summary>
internal sealed class TransactionEntry(int index, FhirInteraction interaction, ResourceKind kind, string id, Resource? resource, int? ifMatch)
{
    public int Index { get; } = index;

    public FhirInteraction Interaction { get; } = interaction;

    public ResourceKind Kind { get; } = kind;

    public string Id { get; } = id;

    /// <summary>The resource to store; null for a delete.</summary>
    public Resource? Resource { get; } = resource;

    public int? IfMatch { get; } = ifMatch;

    public string Reference => Kind.TypeName + "/" + Id;

    public string? PatientId { get; set; }

    /// <summary>What the grain did, once applied; the undo log of a failed transaction.</summary>
    public WriteResult? Result { get; set; }

    public string Expression => $"Bundle.entry[{Index}]";
}
