using System.Globalization;

namespace CareChain.Server.Fhir.Interactions;

/// <summary>Reads the version an <c>If-Match</c> header names: <c>W/"3"</c> or <c>"3"</c>.</summary>
public static class IfMatch
{
    /// <summary>False when the header is present but is not one version ETag.</summary>
    public static bool TryParse(HttpRequest request, out int? version)
    {
        ArgumentNullException.ThrowIfNull(request);
        var values = request.Headers.IfMatch;
        if (values.Count == 0)
        {
            version = null;
            return true;
        }

        return TryParse(values.Count == 1 ? values[0] : null, out version) && version is not null;
    }

    /// <summary>
    /// Reads an ETag value (the header, or a transaction entry's <c>request.ifMatch</c>): null text is no
    /// condition; otherwise false unless it names one positive version.
    /// </summary>
    public static bool TryParse(string? text, out int? version)
    {
        version = null;
        if (text is null)
        {
            return true;
        }

        var etag = text.Trim();
        if (etag.StartsWith("W/", StringComparison.Ordinal))
        {
            etag = etag[2..];
        }

        if (etag.Length < 3 || etag[0] != '"' || etag[^1] != '"'
            || !int.TryParse(etag.AsSpan(1, etag.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) || parsed < 1)
        {
            return false;
        }

        version = parsed;
        return true;
    }
}
