namespace CareChain.Server.Auth;

/// <summary>
/// How access tokens are checked (and, in Development, issued); bound from <c>Auth</c>. Tokens are
/// HS256 JWTs signed with <see cref="SigningKey"/>. Outside Development, <see cref="Issuer"/> and
/// <see cref="SigningKey"/> must be configured (the key from a secret store or environment variable).
/// </summary>
public sealed class AuthOptions
{
    public const string SectionName = "Auth";

    /// <summary>The issuer Development uses when none is configured.</summary>
    public const string DevelopmentIssuer = "https://carechain.local/dev";

    public const string DefaultAudience = "carechain";

    /// <summary>The smallest HMAC-SHA-256 key accepted, in bytes: the hash's own size.</summary>
    public const int MinimumKeyBytes = 32;

    /// <summary>The <c>iss</c> every token must carry.</summary>
    public string? Issuer { get; set; }

    /// <summary>The <c>aud</c> every token must carry.</summary>
    public string Audience { get; set; } = DefaultAudience;

    /// <summary>The HMAC-SHA-256 secret, base64, at least <see cref="MinimumKeyBytes"/> bytes. Never logged.</summary>
    public string? SigningKey { get; set; }

    /// <summary>How long a development token lives.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    // The default ToString would be harmless today, but a debugger or a structured log must never show the key.
    public override string ToString() => $"Issuer={Issuer}, Audience={Audience}, TokenLifetime={TokenLifetime}";
}
