using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;

namespace CareChain.Server.Fhir.Formatting;

/// <summary>
/// A FHIR response: a status code and optionally a resource, written in the format the request negotiates
/// (<see cref="FhirFormatNegotiation"/>), with the FHIR versioning headers. When the client accepts no FHIR
/// format the answer is a 406 OperationOutcome in JSON instead.
/// </summary>
public sealed class FhirResourceResult(int statusCode, Resource? resource) : IResult, IStatusCodeHttpResult
{
    // Results also run outside a DI scope (tests, the exception handler before services exist).
    private static readonly FhirWire FallbackWire = new();

    public int StatusCode { get; } = statusCode;

    int? IStatusCodeHttpResult.StatusCode => StatusCode;

    public Resource? Resource { get; } = resource;

    /// <summary>The resource version; written as <c>ETag: W/"version"</c>.</summary>
    public string? ETag { get; init; }

    public DateTimeOffset? LastModified { get; init; }

    public string? Location { get; init; }

    /// <summary>Further response headers, e.g. the ledger entry that recorded the access.</summary>
    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var request = httpContext.Request;
        var response = httpContext.Response;
        var wire = httpContext.RequestServices?.GetService<FhirWire>() ?? FallbackWire;

        var format = FhirFormatNegotiation.Negotiate(request);
        if (format is null)
        {
            response.StatusCode = StatusCodes.Status406NotAcceptable;
            await WriteAsync(response, wire.Serialize(FhirOutcomes.NotAcceptable(), FhirFormat.Json), FhirFormat.Json, httpContext.RequestAborted);
            return;
        }

        response.StatusCode = StatusCode;
        WriteHeaders(request, response);
        if (Resource is null)
        {
            return;
        }

        var body = wire.Serialize(Resource, format.Value, FhirFormatNegotiation.IsPretty(request));
        await WriteAsync(response, body, format.Value, httpContext.RequestAborted);
    }

    private void WriteHeaders(HttpRequest request, HttpResponse response)
    {
        if (ETag is not null)
        {
            response.Headers.ETag = $"W/\"{ETag}\"";
        }

        if (LastModified is { } lastModified)
        {
            response.Headers.LastModified = lastModified.ToUniversalTime().ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        }

        if (Location is not null)
        {
            response.Headers.Location = Location;
        }

        if (StatusCode == StatusCodes.Status401Unauthorized)
        {
            // RFC 6750 §3.1: a token was sent and refused, or none was sent at all.
            response.Headers.WWWAuthenticate = request.Headers.Authorization.Count > 0 ? "Bearer error=\"invalid_token\"" : "Bearer";
        }

        if (Headers is not null)
        {
            foreach (var (name, value) in Headers)
            {
                response.Headers[name] = value;
            }
        }
    }

    private static async Task WriteAsync(HttpResponse response, byte[] body, FhirFormat format, CancellationToken ct)
    {
        response.ContentType = FhirMediaTypes.ContentType(format);
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, ct);
    }
}
