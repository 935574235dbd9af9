namespace CareChain.Server.Fhir.Formatting;

/// <summary>The media types of the FHIR R4 wire formats (http://hl7.org/fhir/R4/http.html#mime-type).</summary>
public static class FhirMediaTypes
{
    public const string Json = "application/fhir+json";
    public const string Xml = "application/fhir+xml";
    public const string JsonContentType = Json + "; charset=utf-8";
    public const string XmlContentType = Xml + "; charset=utf-8";

    /// <summary>The Content-Type header value written for a response in <paramref name="format"/>.</summary>
    public static string ContentType(FhirFormat format) => format == FhirFormat.Xml ? XmlContentType : JsonContentType;

    /// <summary>
    /// The format a media type names, for request bodies and <c>_format</c>: the FHIR types and the plain
    /// JSON/XML types clients commonly send. Null for anything else.
    /// </summary>
    public static FhirFormat? FromMediaType(ReadOnlySpan<char> mediaType)
    {
        if (mediaType.Equals(Json, StringComparison.OrdinalIgnoreCase) || mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return FhirFormat.Json;
        }

        if (mediaType.Equals(Xml, StringComparison.OrdinalIgnoreCase)
            || mediaType.Equals("application/xml", StringComparison.OrdinalIgnoreCase)
            || mediaType.Equals("text/xml", StringComparison.OrdinalIgnoreCase))
        {
            return FhirFormat.Xml;
        }

        return null;
    }
}
