using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace CareChain.Cli.Commands.Load;

/// <summary>
/// Asks a Development server's <c>POST /auth/dev-token</c> for a loader token. Production servers
/// do not offer the endpoint, and the failure message says so rather than leaving a bare 404.
/// </summary>
internal static class DevTokenClient
{
    /// <summary>Everything a loader does: create, read, update, delete and search any resource.</summary>
    public const string LoaderScope = "system/*.cruds";

    public static async Task<string> RequestAsync(HttpClient client, Uri server, string subject, CancellationToken cancellationToken)
    {
        var endpoint = new Uri(ServerAddress.WithTrailingSlash(server), "auth/dev-token");
        HttpResponseMessage response;
        try
        {
            response = await client.PostAsJsonAsync(
                endpoint, new DevTokenRequest(subject, LoaderScope), DevTokenJsonContext.Default.DevTokenRequest, cancellationToken);
        }
        catch (HttpRequestException failure)
        {
            throw new OperationalErrorException($"cannot reach {ServerAddress.Display(server)} for a dev token: {failure.Message}", failure);
        }
        catch (TaskCanceledException failure) when (!cancellationToken.IsCancellationRequested)
        {
            throw new OperationalErrorException($"{ServerAddress.Display(server)} did not answer the dev-token request in time", failure);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw new OperationalErrorException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"the dev-token request to {ServerAddress.Display(server)} was answered {(int)response.StatusCode} {response.ReasonPhrase}; the endpoint exists only on a server running in Development, elsewhere use --token or {BearerToken.Variable}"));
            }

            DevTokenResponse? body;
            try
            {
                body = await response.Content.ReadFromJsonAsync(DevTokenJsonContext.Default.DevTokenResponse, cancellationToken);
            }
            catch (JsonException failure)
            {
                throw new OperationalErrorException($"the dev-token answer from {ServerAddress.Display(server)} is not the expected JSON", failure);
            }

            return body is { AccessToken: { Length: > 0 } token }
                ? token
                : throw new OperationalErrorException($"the dev-token answer from {ServerAddress.Display(server)} holds no access_token");
        }
    }
}
