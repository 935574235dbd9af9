using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CareChain.Server.Tests.Auth;

/// <summary>Access tokens as an identity provider would mint them, for the issuer and audience the tests configure.</summary>
internal static class TestTokens
{
    public const string Issuer = "https://idp.carechain.test/realms/care";
    public const string Audience = "carechain";
    public const string Subject = "Practitioner/dr-7";
    public const string Scope = "user/Consent.rs";

    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    /// <summary>A token valid for an hour from <paramref name="now"/>; unsigned when <paramref name="credentials"/> is null.</summary>
    public static string Create(SigningCredentials? credentials, DateTimeOffset now, string issuer = Issuer) =>
        Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = now.UtcDateTime.AddHours(1),
            SigningCredentials = credentials,
            Claims = new Dictionary<string, object> { ["sub"] = Subject, ["scope"] = Scope },
        });

    public static string Create(TestSigningKey key, DateTimeOffset now, string? algorithm = null) => Create(key.Credentials(algorithm), now);
}
