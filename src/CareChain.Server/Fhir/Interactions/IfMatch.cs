using System.Globalization;

namespace CareChain.Server.Fhir.Interactions;

/// <summary>Reads the version an <c>If-Match</c> header names: <c>W/"3"</c> or <c>"3"</c>.</summary>
public static class IfMatch
{
    /// <summary>False when the header is present but is not one version ETag.</summary>
    public static bool TryParse(HttpRequest request, out int? version)
    {
        ArgumentNullException.ThrowIfNull(request);
        version = null;
        var values = request.Headers.IfMatch;
        if (values.Count == 0)
        {
            return true;
        }

        var text = values.Count == 1 ? values[0]?.Trim() : null;
        if (text is null)
        {
            return false;
        }

        if (text.StartsWith("W/", StringComparison.Ordinal))
        {
            text = text[2..];
        }

        if (text.Length < 3 || text[0] != '"' || text[^1] != '"'
            || !int.TryParse(text.AsSpan(1, text.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) || parsed < 1)
        {
            return false;
        }

        version = parsed;
        return true;
    }
}
