using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace CareChain.Grains.Fhir.Resources;

/// <summary>
/// The JSON form resources are kept in. Grains only ever read JSON the FHIR layer validated or that
/// they wrote themselves, so parsing here is a round trip, not a trust boundary.
/// </summary>
public static class ResourceJson
{
    private static readonly JsonSerializerOptions Options = new JsonSerializerOptions().ForFhir(ModelInfo.ModelInspector);

    public static string Serialize(Resource resource) => JsonSerializer.Serialize(resource, Options);

    public static Resource Parse(string json) =>
        JsonSerializer.Deserialize<Resource>(json, Options) ?? throw new JsonException("The stored resource is empty.");

    public static T Parse<T>(string json)
        where T : Resource =>
        Parse(json) as T ?? throw new JsonException($"The stored resource is not a {typeof(T).Name}.");
}
