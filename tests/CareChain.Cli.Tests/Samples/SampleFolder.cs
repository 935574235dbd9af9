using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace CareChain.Cli.Tests.Samples;

/// <summary>The repository's <c>fhir-samples</c> folder, found by walking up from the test binaries, and its files parsed strictly.</summary>
internal static class SampleFolder
{
    private static readonly Lazy<string> Location = new(Find);
    private static readonly FhirJsonDeserializer Strict = new(new DeserializerSettings().UsingMode(DeserializationMode.Strict));

    public static string Path => Location.Value;

    public static string ReadmePath => System.IO.Path.Combine(Path, "README.md");

    public static IReadOnlyList<string> BundlePaths =>
        Directory.GetFiles(Path, "*.json").Order(StringComparer.Ordinal).ToList();

    public static Resource ParseStrictly(string path) => Strict.DeserializeResource(File.ReadAllText(path));

    public static Bundle ReadBundle(string path) => Assert.IsType<Bundle>(ParseStrictly(path));

    /// <summary>Every sample bundle, keyed by file name.</summary>
    public static IReadOnlyDictionary<string, Bundle> ReadAll() =>
        BundlePaths.ToDictionary(path => System.IO.Path.GetFileName(path), ReadBundle, StringComparer.Ordinal);

    /// <summary>The same text a server receives, for comparing what was sent with what is on disk.</summary>
    public static JsonElement ReadJson(string path) => JsonDocument.Parse(File.ReadAllText(path)).RootElement.Clone();

    private static string Find()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = System.IO.Path.Combine(folder.FullName, "fhir-samples");
            if (Directory.Exists(candidate) && File.Exists(System.IO.Path.Combine(folder.FullName, "CareChain.sln")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("fhir-samples was not found above " + AppContext.BaseDirectory);
    }
}
