using System.Text.Json.Serialization;

namespace CareChain.Cli.Commands.Load;

/// <summary>The body of <c>POST /auth/dev-token</c>'s answer.</summary>
internal sealed record DevTokenResponse(
    [property: JsonPropertyName("access_token")] string? AccessToken,
    [property: JsonPropertyName("token_type")] string? TokenType,
    [property: JsonPropertyName("expires_in")] int? ExpiresIn);
