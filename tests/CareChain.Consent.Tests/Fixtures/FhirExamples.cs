using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using FhirConsent = Hl7.Fhir.Model.Consent;

namespace CareChain.Consent.Tests.Fixtures;

/// <summary>
/// Loads the official FHIR R4 examples from the <c>shared</c> folder next to the repository
/// (CI clones <c>x/main</c> and <c>x/shared</c>), found by walking up from the test binaries.
/// </summary>
internal static class FhirExamples
{
    private static readonly JsonSerializerOptions Options = new JsonSerializerOptions().ForFhir(ModelInfo.ModelInspector);

    public static FhirConsent Consent(string id)
    {
        var path = Path.Combine(Directory(), $"Consent-{id}.json");
        var consent = JsonSerializer.Deserialize<FhirConsent>(File.ReadAllText(path), Options);
        return consent ?? throw new InvalidOperationException($"{path} did not parse as a Consent.");
    }

    private static string Directory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "fhir-examples", "r4");
            if (System.IO.Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("shared/fhir-examples/r4 was not found above " + AppContext.BaseDirectory);
    }
}
