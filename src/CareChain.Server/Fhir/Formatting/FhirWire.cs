using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Xml;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Validation;
using IssueType = Hl7.Fhir.Model.OperationOutcome.IssueType;

namespace CareChain.Server.Fhir.Formatting;

/// <summary>
/// Reads and writes FHIR R4 resources on the wire (Firely SDK 6 POCO serializers) and validates what clients send.
/// </summary>
/// <remarks>
/// <para>Status codes, following http://hl7.org/fhir/R4/http.html#create: a body that cannot be parsed as FHIR is
/// <b>400</b>: malformed JSON or XML, trailing content, too deep nesting, and breaches of the FHIR JSON/XML
/// representation rules (no <c>resourceType</c>, duplicate or empty properties, choice elements without a type
/// suffix, wrong XML namespace). A body that parses but breaks the specification's content rules is <b>422</b>:
/// unknown elements, wrong data types or cardinality, invalid primitive formats, codes outside a required
/// binding, missing required elements, nested contained resources. When both kinds occur the answer is 400.
/// An unsupported Content-Type is 415, a body over <see cref="MaxBodyBytes"/> is 413.</para>
/// <para>Every problem found is reported, one OperationOutcome issue each, with the FHIRPath of the element in
/// <c>expression</c> (resources inside a Bundle carry their <c>Bundle.entry[n].resource</c> prefix). Diagnostics
/// name the element and the kind of problem, never the data.</para>
/// </remarks>
public sealed class FhirWire
{
    /// <summary>The largest request body accepted: 1 MiB.</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    // Deeper documents are no real resources, and the recursive deserializers must not exhaust the stack.
    private const int MaxDepth = 64;

    private static readonly byte[] Utf8Bom = [0xEF, 0xBB, 0xBF];

    private readonly FhirJsonDeserializer _json = new(new DeserializerSettings().UsingMode(DeserializationMode.Strict, NarrativeValidationKind.FhirXhtml));
    private readonly FhirXmlDeserializer _xml = new(new DeserializerSettings().UsingMode(DeserializationMode.Strict, NarrativeValidationKind.FhirXhtml));
    private readonly FhirJsonSerializer _jsonWriter = new();
    private readonly FhirXmlSerializer _xmlWriter = new();

    /// <summary>Compact JSON, the form resources are stored in.</summary>
    public string SerializeToJson(Resource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        return _jsonWriter.SerializeToString(resource, pretty: false);
    }

    public byte[] Serialize(Resource resource, FhirFormat format, bool pretty = false)
    {
        ArgumentNullException.ThrowIfNull(resource);
        return format == FhirFormat.Xml
            ? _xmlWriter.SerializeToBytes(resource, pretty: pretty)
            : _jsonWriter.SerializeToBytes(resource, pretty: pretty);
    }

    /// <summary>
    /// Parses a resource this server stored. It was validated on the way in, so a failure means corrupt storage:
    /// an <see cref="InvalidDataException"/>, not a client error.
    /// </summary>
    public Resource ParseStoredJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            return Parse(Encoding.UTF8.GetBytes(json), FhirFormat.Json);
        }
        catch (FhirInputException e)
        {
            throw new InvalidDataException("A stored FHIR resource does not parse. " + e.Message);
        }
    }

    public T ParseStoredJson<T>(string json)
        where T : Resource
    {
        var resource = ParseStoredJson(json);
        return resource as T
            ?? throw new InvalidDataException($"A stored FHIR resource is a {resource.TypeName}, not the expected {typeof(T).Name}.");
    }

    /// <summary>Parses and validates a resource from an untrusted source; throws <see cref="FhirInputException"/>.</summary>
    public Resource ParseUntrusted(ReadOnlySpan<byte> content, FhirFormat format) => Parse(content, format);

    /// <inheritdoc cref="ParseUntrusted(ReadOnlySpan{byte}, FhirFormat)"/>
    public Resource ParseUntrusted(string content, FhirFormat format)
    {
        ArgumentNullException.ThrowIfNull(content);
        return Parse(Encoding.UTF8.GetBytes(content), format);
    }

    /// <summary>
    /// Reads, parses and validates the body of a FHIR create/update request; throws <see cref="FhirInputException"/>
    /// with the status code and every issue found.
    /// </summary>
    public async Task<Resource> ReadRequestAsync(HttpRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var format = RequestFormat(request.ContentType);
        if (request.ContentLength > MaxBodyBytes)
        {
            throw TooLarge();
        }

        using var body = new MemoryStream();
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(buffer, ct)) > 0)
        {
            if (body.Length + read > MaxBodyBytes)
            {
                throw TooLarge();
            }

            body.Write(buffer, 0, read);
        }

        return Parse(body.GetBuffer().AsSpan(0, (int)body.Length), format);
    }

    private static FhirFormat RequestFormat(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType) || !Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var mediaType))
        {
            throw Unsupported("The request has no usable Content-Type; send application/fhir+json or application/fhir+xml.");
        }

        var format = FhirMediaTypes.FromMediaType(mediaType.MediaType.AsSpan())
            ?? throw Unsupported("The Content-Type is not supported; send application/fhir+json or application/fhir+xml.");
        var charset = mediaType.Charset;
        if (charset.HasValue && !charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase))
        {
            throw Unsupported("The request charset is not supported; send UTF-8.");
        }

        return format;
    }

    private Resource Parse(ReadOnlySpan<byte> content, FhirFormat format)
    {
        if (content.StartsWith(Utf8Bom))
        {
            content = content[Utf8Bom.Length..];
        }

        if (content.Trim(" \t\r\n"u8).IsEmpty)
        {
            throw BadRequest(IssueType.Required, "The request body is empty; it must hold a FHIR resource.");
        }

        return format == FhirFormat.Xml ? ParseXml(content) : ParseJson(content);
    }

    private Resource ParseJson(ReadOnlySpan<byte> content)
    {
        var reader = new Utf8JsonReader(content, new JsonReaderOptions { MaxDepth = MaxDepth });
        try
        {
            var peek = reader;
            if (!peek.Read() || peek.TokenType != JsonTokenType.StartObject)
            {
                throw BadRequest(IssueType.Structure, "The body must be a JSON object holding a FHIR resource.");
            }

            var resource = _json.DeserializeResource(ref reader);
            if (reader.Read())
            {
                throw BadRequest(IssueType.Structure, Malformed("JSON", "it has content after the resource", string.Create(CultureInfo.InvariantCulture, $"byte {reader.TokenStartIndex + 1}")));
            }

            return resource;
        }
        catch (JsonException e)
        {
            throw BadRequest(IssueType.Structure, Malformed("JSON", "it is not well-formed", Position((e.LineNumber ?? 0) + 1, (e.BytePositionInLine ?? 0) + 1)));
        }
        catch (DeserializationFailedException e)
        {
            throw Rejected(e);
        }
    }

    private Resource ParseXml(ReadOnlySpan<byte> content)
    {
        var bytes = content.ToArray();
        try
        {
            CheckXmlDepth(bytes);
            using var reader = XmlReader.Create(new MemoryStream(bytes, writable: false), ReaderSettings());
            return _xml.DeserializeResource(reader);
        }
        catch (XmlException e)
        {
            throw BadRequest(IssueType.Structure, Malformed("XML", "it is not well-formed", Position(e.LineNumber, e.LinePosition)));
        }
        catch (DeserializationFailedException e)
        {
            throw Rejected(e);
        }
    }

    // A cheap first pass, so a deeply nested document is refused before the recursive deserializer sees it.
    private static void CheckXmlDepth(byte[] bytes)
    {
        using var reader = XmlReader.Create(new MemoryStream(bytes, writable: false), ReaderSettings());
        while (reader.Read())
        {
            if (reader.Depth > MaxDepth)
            {
                throw BadRequest(IssueType.Structure, $"The body is not acceptable XML: it nests deeper than {MaxDepth} levels.");
            }
        }
    }

    private static XmlReaderSettings ReaderSettings() => new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersInDocument = MaxBodyBytes * 4L,
    };

    private static FhirInputException Rejected(DeserializationFailedException failure)
    {
        var rootType = failure.PartialResult is Resource partial && ModelInfo.IsKnownResource(partial.TypeName) ? partial.TypeName : "Resource";
        var issues = FhirIssues.Translate(failure.Exceptions, rootType);
        if (issues.Count == 0)
        {
            issues.Add(FhirOutcomes.Issue(IssueType.Structure, "The body is not a FHIR resource.", null));
        }

        var status = FhirIssues.AreSyntactic(failure.Exceptions) ? StatusCodes.Status400BadRequest : StatusCodes.Status422UnprocessableEntity;
        return new FhirInputException(status, FhirOutcomes.Of(issues));
    }

    private static string Malformed(string syntax, string reason, string? position) =>
        position is null ? $"The body is not acceptable {syntax}: {reason}." : $"The body is not acceptable {syntax}: {reason} ({position}).";

    private static string Position(long line, long position) =>
        string.Create(CultureInfo.InvariantCulture, $"line {line}, position {position}");

    private static FhirInputException BadRequest(IssueType code, string diagnostics) =>
        new(StatusCodes.Status400BadRequest, FhirOutcomes.Error(code, diagnostics));

    private static FhirInputException Unsupported(string diagnostics) =>
        new(StatusCodes.Status415UnsupportedMediaType, FhirOutcomes.Unsupported(diagnostics));

    private static FhirInputException TooLarge() =>
        new(StatusCodes.Status413PayloadTooLarge, FhirOutcomes.Error(IssueType.TooLong, $"The request body is larger than the {MaxBodyBytes / 1024} KiB this server accepts."));
}
