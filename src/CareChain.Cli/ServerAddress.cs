namespace CareChain.Cli;

/// <summary>
/// A server's base URL as every command takes it (<c>--server</c>), and the addresses under it; the
/// base may itself have a path (e.g. behind a proxy).
/// </summary>
internal static class ServerAddress
{
    /// <summary>The base URL in <paramref name="value"/>, or null unless it is an absolute http(s) URL without query or fragment.</summary>
    public static Uri? Parse(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.Fragment)
            ? uri
            : null;

    /// <summary>Without the trailing slash, a relative address would replace the base's last path segment instead of extending it.</summary>
    public static Uri WithTrailingSlash(Uri server) =>
        server.AbsolutePath.EndsWith('/') ? server : new Uri(server.AbsoluteUri + "/");

    public static Uri FhirEndpoint(Uri server) => new(WithTrailingSlash(server), "fhir");

    /// <summary>The server as shown in messages: scheme, host, port and path, never user info.</summary>
    public static string Display(Uri server) =>
        server.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped).TrimEnd('/');
}
