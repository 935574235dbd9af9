using System.Text.Json.Serialization;

namespace CareChain.Server.Auth;

/// <summary>An OAuth 2.0 token response (RFC 6749 §5.1).</summary>
internal sealed record DevTokenResponse(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("token_type")] string TokenType,
    [property: JsonPropertyName("expires_in")] int ExpiresIn,
    [property: JsonPropertyName("scope")] string Scope);
