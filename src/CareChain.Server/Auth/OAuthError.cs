using System.Text.Json.Serialization;

namespace CareChain.Server.Auth;

/// <summary>An OAuth 2.0 error response (RFC 6749 §5.2).</summary>
internal sealed record OAuthError(
    [property: JsonPropertyName("error")] string Error,
    [property: JsonPropertyName("error_description")] string ErrorDescription)
{
    public static OAuthError InvalidRequest(string description) => new("invalid_request", description);
}
