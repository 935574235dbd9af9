namespace CareChain.Server.Auth;

/// <summary>A signed access token and its lifetime in seconds (OAuth's <c>expires_in</c>).</summary>
public sealed record IssuedToken(string AccessToken, int ExpiresIn);
