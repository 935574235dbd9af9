using System.Collections.Concurrent;
using CareChain.Grains.Fhir.Index;
using CareChain.Grains.Fhir.Resources;
using CareChain.Server.Fhir.Resources;

namespace CareChain.Server.Fhir.Interactions;

/// <summary>
/// Finds which patient's grains hold a resource: a Patient is its own; others through the index's owner
/// rows. An owner row, once claimed, never changes (a resource cannot move to another patient, and a
/// deleted one keeps its id), so owners found are remembered and later reads skip the database.
/// </summary>
public sealed class ResourceLocator(IFhirIndex index, IGrainFactory grains)
{
    /// <summary>Most owners remembered; the memory is dropped and refilled when it is full.</summary>
    public const int CacheCapacity = 100_000;

    private readonly ConcurrentDictionary<(string Type, string Id), string> _owners = new();

    public async Task<string?> PatientOfAsync(ResourceKind kind, string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(kind);
        if (kind == ResourceKind.Patient)
        {
            return id;
        }

        if (_owners.TryGetValue((kind.TypeName, id), out var known))
        {
            return known;
        }

        var owner = await index.FindOwnerAsync(kind.TypeName, id, cancellationToken);
        if (owner is not null)
        {
            if (_owners.Count >= CacheCapacity)
            {
                _owners.Clear();
            }

            _owners[(kind.TypeName, id)] = owner;
        }

        return owner;
    }

    /// <summary>True when the patient exists and is not deleted: observations and consents must belong to one.</summary>
    public async Task<bool> PatientExistsAsync(string patientId)
    {
        var read = await ResourceKind.Patient.Grain(grains, patientId).ReadAsync(ResourceKind.Patient.TypeName, patientId, null);
        return read.Status == ReadStatus.Found;
    }
}
