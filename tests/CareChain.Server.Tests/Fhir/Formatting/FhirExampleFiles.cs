namespace CareChain.Server.Tests.Fhir.Formatting;

/// <summary>
/// The official FHIR R4 examples in the <c>shared</c> folder beside the repository, found by walking up from the
/// test binaries to the folder holding CareChain.sln.
/// </summary>
internal static class FhirExampleFiles
{
    public static string Read(string fileName) => File.ReadAllText(Path.Combine(Directory(), fileName));

    private static string Directory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CareChain.sln")))
            {
                var examples = Path.Combine(dir.FullName, "..", "shared", "fhir-examples", "r4");
                return System.IO.Directory.Exists(examples)
                    ? examples
                    : throw new DirectoryNotFoundException($"{examples} is missing; clone the shared repository beside {dir.FullName}.");
            }
        }

        throw new DirectoryNotFoundException("No folder holding CareChain.sln was found above " + AppContext.BaseDirectory);
    }
}
