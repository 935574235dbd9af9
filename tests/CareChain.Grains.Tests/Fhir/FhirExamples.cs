using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace CareChain.Grains.Tests.Fhir;

/// <summary>
/// Loads the official FHIR R4 examples from <c>../shared/fhir-examples/r4</c> relative to the repository
/// root (the folder holding CareChain.sln), found by walking up from the test binaries.
/// </summary>
internal static class FhirExamples
{
    private static readonly JsonSerializerOptions Options = new JsonSerializerOptions().ForFhir(ModelInfo.ModelInspector);

    public static T Load<T>(string fileName)
        where T : Resource
    {
        var path = Path.Combine(Folder(), fileName);
        return JsonSerializer.Deserialize<T>(File.ReadAllText(path), Options)
            ?? throw new InvalidOperationException($"{path} did not parse as a {typeof(T).Name}.");
    }

    private static string Folder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CareChain.sln")))
            {
                var candidate = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "fhir-examples", "r4"));
                if (Directory.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new DirectoryNotFoundException("../shared/fhir-examples/r4 next to CareChain.sln was not found above " + AppContext.BaseDirectory);
    }
}
