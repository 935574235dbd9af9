using Microsoft.Net.Http.Headers;

namespace CareChain.Server.Fhir.Formatting;

/// <summary>
/// Picks the response format of a FHIR request (http://hl7.org/fhir/R4/http.html#mime-type): the <c>_format</c>
/// query parameter wins, then the Accept header with its q-values, else JSON. A null answer means nothing the
/// client accepts can be produced, which the caller answers with 406.
/// </summary>
public static class FhirFormatNegotiation
{
    // Each format's media types, the FHIR type first. Wildcards are matched separately.
    private static readonly (FhirFormat Format, string[] MediaTypes)[] Representations =
    [
        (FhirFormat.Json, [FhirMediaTypes.Json, "application/json"]),
        (FhirFormat.Xml, [FhirMediaTypes.Xml, "application/xml", "text/xml"]),
    ];

    public static FhirFormat? Negotiate(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var format = request.Query["_format"];
        if (!string.IsNullOrWhiteSpace(format.ToString()))
        {
            return FromFormatParameter(format[0] ?? string.Empty);
        }

        var accept = request.Headers.Accept.ToString();
        return string.IsNullOrWhiteSpace(accept) ? FhirFormat.Json : FromAccept(accept);
    }

    /// <summary>Whether the client asked for indented output with <c>_pretty=true</c>.</summary>
    public static bool IsPretty(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return string.Equals(request.Query["_pretty"].ToString(), "true", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The format a <c>_format</c> value names: a short name or a media type (parameters ignored).</summary>
    public static FhirFormat? FromFormatParameter(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var mediaType = value.AsSpan();
        var parameters = mediaType.IndexOf(';');
        if (parameters >= 0)
        {
            mediaType = mediaType[..parameters];
        }

        mediaType = mediaType.Trim();
        if (mediaType.Equals("json", StringComparison.OrdinalIgnoreCase))
        {
            return FhirFormat.Json;
        }

        if (mediaType.Equals("xml", StringComparison.OrdinalIgnoreCase))
        {
            return FhirFormat.Xml;
        }

        return FhirMediaTypes.FromMediaType(mediaType);
    }

    /// <summary>
    /// The format an Accept header prefers. Each format's quality is that of the most specific range matching
    /// one of its media types (so <c>application/fhir+json;q=0, */*</c> rules JSON out); the best quality wins,
    /// ties going to the format named earliest, and to JSON when only wildcards matched. Unparseable ranges are
    /// ignored; a header with none left is treated as absent.
    /// </summary>
    public static FhirFormat? FromAccept(string accept)
    {
        ArgumentNullException.ThrowIfNull(accept);
        var ranges = new List<MediaTypeHeaderValue>();
        foreach (var part in accept.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (MediaTypeHeaderValue.TryParse(part, out var range))
            {
                ranges.Add(range);
            }
        }

        if (ranges.Count == 0)
        {
            return FhirFormat.Json;
        }

        FhirFormat? best = null;
        var bestQuality = 0.0;
        var bestPosition = int.MaxValue;
        foreach (var (format, mediaTypes) in Representations)
        {
            foreach (var mediaType in mediaTypes)
            {
                var (quality, position) = Quality(ranges, mediaType);
                if (quality > bestQuality || (quality > 0 && quality.Equals(bestQuality) && position < bestPosition))
                {
                    (best, bestQuality, bestPosition) = (format, quality, position);
                }
            }
        }

        return best;
    }

    // The quality of the most specific range that matches; its position counts only for an exact match, so a
    // wildcard never makes a later format beat JSON.
    private static (double Quality, int Position) Quality(List<MediaTypeHeaderValue> ranges, string mediaType)
    {
        var slash = mediaType.IndexOf('/', StringComparison.Ordinal);
        var type = mediaType[..slash];
        var specificity = -1;
        var quality = 0.0;
        var position = int.MaxValue;
        for (var i = 0; i < ranges.Count; i++)
        {
            var range = ranges[i];
            int rangeSpecificity;
            if (range.MatchesAllTypes)
            {
                rangeSpecificity = 0;
            }
            else if (range.MatchesAllSubTypes && range.Type.Equals(type, StringComparison.OrdinalIgnoreCase))
            {
                rangeSpecificity = 1;
            }
            else if (range.MediaType.Equals(mediaType, StringComparison.OrdinalIgnoreCase))
            {
                rangeSpecificity = 2;
            }
            else
            {
                continue;
            }

            if (rangeSpecificity > specificity)
            {
                specificity = rangeSpecificity;
                quality = range.Quality ?? 1.0;
                position = rangeSpecificity == 2 ? i : int.MaxValue;
            }
        }

        return (quality, position);
    }
}
