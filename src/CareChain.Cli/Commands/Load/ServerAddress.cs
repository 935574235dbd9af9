namespace CareChain.Cli.Commands.Load;

/// <summary>Addresses under a server's base URL, which may itself have a path (e.g. behind a proxy).</summary>
internal static class ServerAddress
{
    /// <summary>Without the trailing slash, a relative address would replace the base's last path segment instead of extending it.</summary>
    public static Uri WithTrailingSlash(Uri server) =>
        server.AbsolutePath.EndsWith('/') ? server : new Uri(server.AbsoluteUri + "/");

    public static Uri FhirEndpoint(Uri server) => new(WithTrailingSlash(server), "fhir");

    /// <summary>The server as shown in messages: scheme, host, port and path, never user info.</summary>
    public static string Display(Uri server) =>
        server.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped).TrimEnd('/');
}
