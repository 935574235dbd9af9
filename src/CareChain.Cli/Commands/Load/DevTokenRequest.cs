using System.Text.Json.Serialization;

namespace CareChain.Cli.Commands.Load;

/// <summary>The body of <c>POST /auth/dev-token</c>: who the token is for and what it may do.</summary>
internal sealed record DevTokenRequest(
    [property: JsonPropertyName("sub")] string Subject,
    [property: JsonPropertyName("scope")] string Scope);
