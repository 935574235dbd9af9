namespace CareChain.Server.Auth;

/// <summary>
/// How access tokens are checked (and, in Development, issued); bound from <c>Auth</c>. Tokens are
/// HS256 JWTs signed with <see cref="SigningKey"/>, or tokens an identity provider signs with RSA or EC
/// keys that it publishes at <see cref="JwksUri"/> or that are copied to <see cref="JwksFile"/>; any of
/// the three may be combined. Outside Development, <see cref="Issuer"/> and at least one of them must be
/// configured (the shared key from a secret store or environment variable).
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

    /// <summary>
    /// The absolute URL of the identity provider's JSON Web Key Set (its <c>jwks_uri</c>), e.g.
    /// <c>https://idp.example/realms/care/protocol/openid-connect/certs</c>. HTTPS, except on loopback.
    /// </summary>
    public string? JwksUri { get; set; }

    /// <summary>How often the keys at <see cref="JwksUri"/> are fetched again even when nothing asks for it.</summary>
    public TimeSpan JwksRefreshInterval { get; set; } = TimeSpan.FromHours(6);

    /// <summary>
    /// The least time between two early fetches of <see cref="JwksUri"/>, which a token signed with a key we do
    /// not hold asks for (the provider may have rotated its keys). Bounds what forged tokens can make us send.
    /// </summary>
    public TimeSpan JwksUnknownKeyRefreshInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The path of a JSON Web Key Set file with the identity provider's public keys, for sites that cannot reach it.</summary>
    public string? JwksFile { get; set; }

    /// <summary>How long a development token lives.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    // The default ToString would be harmless today, but a debugger or a structured log must never show the key.
    public override string ToString() =>
        $"Issuer={Issuer}, Audience={Audience}, JwksUri={JwksUri}, JwksFile={JwksFile}, TokenLifetime={TokenLifetime}";
}
