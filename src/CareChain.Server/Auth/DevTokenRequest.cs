using System.Text.Json.Serialization;

namespace CareChain.Server.Auth;

/// <summary>The body of <c>POST /auth/dev-token</c>.</summary>
internal sealed record DevTokenRequest(
    [property: JsonPropertyName("sub")] string? Sub,
    [property: JsonPropertyName("scope")] string? Scope);
