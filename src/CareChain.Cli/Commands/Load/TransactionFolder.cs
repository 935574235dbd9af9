using System.Globalization;
using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Utility;

namespace CareChain.Cli.Commands.Load;

/// <summary>
/// Reads every <c>*.json</c> file of a folder (not its subfolders, ordinal name order) and parses
/// each strictly with the Firely SDK. Everything is read before anything is sent, so one bad file
/// stops the load with nothing on the server.
/// </summary>
internal static class TransactionFolder
{
    // Strict reports every problem the SDK can see (unknown elements, bad codes, missing required
    // elements); a lenient parse would send data that silently lost fields.
    private static readonly FhirJsonDeserializer Deserializer = new(new DeserializerSettings().UsingMode(DeserializationMode.Strict));

    public static async Task<IReadOnlyList<TransactionFile>> ReadAsync(string folder, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(folder))
        {
            throw new OperationalErrorException(
                File.Exists(folder) ? $"{folder} is a file, not a folder" : $"folder {folder} does not exist");
        }

        string[] paths;
        try
        {
            paths = Directory.GetFiles(folder, "*.json", SearchOption.TopDirectoryOnly);
        }
        catch (Exception failure) when (failure is IOException or UnauthorizedAccessException)
        {
            throw new OperationalErrorException($"cannot list folder {folder}: {failure.Message}", failure);
        }

        // GetFiles("*.json") also matches "x.jsonx" on some platforms; only the real extension counts.
        paths = paths.Where(path => string.Equals(Path.GetExtension(path), ".json", StringComparison.OrdinalIgnoreCase)).ToArray();
        if (paths.Length == 0)
        {
            throw new OperationalErrorException($"folder {folder} holds no *.json files");
        }

        Array.Sort(paths, StringComparer.Ordinal);
        var files = new List<TransactionFile>(paths.Length);
        foreach (var path in paths)
        {
            var name = Path.GetFileName(path);
            var text = await ReadTextAsync(path, name, cancellationToken);
            files.Add(new TransactionFile(name, ToTransaction(Parse(text, name), name)));
        }

        return files;
    }

    /// <summary>Parses one file's text; the message of any failure names the file and the first problem.</summary>
    public static Resource Parse(string text, string name)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new OperationalErrorException($"{name}: the file is empty");
        }

        try
        {
            return Deserializer.DeserializeResource(text);
        }
        catch (DeserializationFailedException failure)
        {
            var problems = failure.Exceptions;
            var first = problems.Count > 0 ? problems.First().Message : failure.Message;
            var more = problems.Count > 1 ? string.Create(CultureInfo.InvariantCulture, $" (and {problems.Count - 1} more)") : string.Empty;
            throw new OperationalErrorException($"{name}: not valid FHIR R4: {first}{more}", failure);
        }
        catch (JsonException failure)
        {
            throw new OperationalErrorException($"{name}: not valid JSON: {failure.Message}", failure);
        }
        catch (InvalidOperationException failure)
        {
            // The deserializer reports a top level that is not an object (an array, a string) this way.
            throw new OperationalErrorException($"{name}: not a FHIR resource: {failure.Message}", failure);
        }
    }

    /// <summary>
    /// A transaction Bundle is sent as it is; a lone Patient, Observation or Consent is wrapped in a
    /// one-entry transaction, as a PUT when it has an id (so loading twice is idempotent), else a POST.
    /// </summary>
    public static Bundle ToTransaction(Resource resource, string name)
    {
        switch (resource)
        {
            case Bundle { Type: Bundle.BundleType.Transaction } bundle:
                CheckEntries(bundle, name);
                return bundle;
            case Bundle bundle:
                throw new OperationalErrorException(
                    $"{name}: a Bundle of type {bundle.Type?.GetLiteral() ?? "(none)"}; only transaction Bundles can be loaded");
            case Patient or Observation or Consent:
                var transaction = new Bundle { Type = Bundle.BundleType.Transaction };
                var request = string.IsNullOrEmpty(resource.Id)
                    ? new Bundle.RequestComponent { Method = Bundle.HTTPVerb.POST, Url = resource.TypeName }
                    : new Bundle.RequestComponent { Method = Bundle.HTTPVerb.PUT, Url = $"{resource.TypeName}/{resource.Id}" };
                transaction.Entry.Add(new Bundle.EntryComponent
                {
                    FullUrl = string.IsNullOrEmpty(resource.Id) ? $"urn:uuid:{Guid.NewGuid()}" : null,
                    Resource = resource,
                    Request = request,
                });
                return transaction;
            default:
                throw new OperationalErrorException(
                    $"{name}: a {resource.TypeName}; expected a transaction Bundle or a Patient, Observation or Consent");
        }
    }

    private static void CheckEntries(Bundle bundle, string name)
    {
        if (bundle.Entry.Count == 0)
        {
            throw new OperationalErrorException($"{name}: the transaction Bundle has no entries");
        }

        for (var index = 0; index < bundle.Entry.Count; index++)
        {
            // FHIR requires a request on every transaction entry (bdl-3); the SDK's strict parse does not check invariants.
            if (bundle.Entry[index].Request is not { Method: not null } request || string.IsNullOrEmpty(request.Url))
            {
                throw new OperationalErrorException(
                    string.Create(CultureInfo.InvariantCulture, $"{name}: entry {index} has no request method and url"));
            }
        }
    }

    private static async Task<string> ReadTextAsync(string path, string name, CancellationToken cancellationToken)
    {
        try
        {
            return await File.ReadAllTextAsync(path, cancellationToken);
        }
        catch (Exception failure) when (failure is IOException or UnauthorizedAccessException)
        {
            throw new OperationalErrorException($"{name}: cannot read the file: {failure.Message}", failure);
        }
    }
}
