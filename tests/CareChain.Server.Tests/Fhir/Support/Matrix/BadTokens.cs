using System.Security.Cryptography;
using CareChain.Server.Auth;
using CareChain.Server.Tests.Hosting;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CareChain.Server.Tests.Fhir.Support.Matrix;

/// <summary>Bearer tokens the server must refuse: well-formed JWTs that are expired or signed with a key it does not hold.</summary>
internal static class BadTokens
{
    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    /// <summary>Signed with the server's own key and issuer, but expired an hour ago (far beyond the clock skew).</summary>
    public static string Expired(string signingKeyBase64)
    {
        var now = DateTime.UtcNow;
        return Sign(Convert.FromBase64String(signingKeyBase64), now.AddHours(-2), now.AddHours(-1));
    }

    /// <summary>Current and otherwise valid, but signed with a random key.</summary>
    public static string SignedWithAnotherKey()
    {
        var now = DateTime.UtcNow;
        return Sign(RandomNumberGenerator.GetBytes(32), now, now.AddHours(1));
    }

    private static string Sign(byte[] key, DateTime issued, DateTime expires) =>
        Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = ServerSettings.AuthIssuer,
            Audience = AuthOptions.DefaultAudience,
            IssuedAt = issued,
            NotBefore = issued,
            Expires = expires,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(key), SecurityAlgorithms.HmacSha256),
            Claims = new Dictionary<string, object>
            {
                [Caller.SubjectClaim] = "Organization/ehr-feed",
                [Caller.ScopeClaim] = "system/*.cruds",
                [JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString("N"),
            },
        });
}
