using CareChain.Grains.Fhir.Index;
using CareChain.Server.Fhir.Resources;

namespace CareChain.Server.Fhir.Interactions;

/// <summary>Finds which patient's grains hold a resource: a Patient is its own; others through the index's owner rows.</summary>
public sealed class ResourceLocator(IFhirIndex index)
{
    public async Task<string?> PatientOfAsync(ResourceKind kind, string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(kind);
        return kind == ResourceKind.Patient ? id : await index.FindOwnerAsync(kind.TypeName, id, cancellationToken);
    }
}
