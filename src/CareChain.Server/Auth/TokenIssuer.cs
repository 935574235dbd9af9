using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CareChain.Server.Auth;

/// <summary>
/// Issues HS256 access tokens with the server's own key, for the Development token endpoint and
/// for tests. Registered only in Development: production tokens come from a real authorization server.
/// </summary>
public sealed class TokenIssuer
{
    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    private readonly AuthSettings _settings;
    private readonly TimeProvider _time;
    private readonly SigningCredentials _credentials;

    internal TokenIssuer(AuthSettings settings, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(time);
        _settings = settings;
        _time = time;
        var key = settings.SigningKey
            ?? throw new InvalidOperationException($"Tokens can be issued only with {AuthOptions.SectionName}:SigningKey, which is not configured.");
        _credentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256);
    }

    /// <summary>
    /// A token for <paramref name="subject"/> (a <c>Patient</c>, <c>Practitioner</c> or <c>Organization</c>
    /// reference) with <paramref name="scope"/> written back in normalized form. Throws a
    /// <see cref="FormatException"/> when either is invalid, so no token carries claims the API would refuse.
    /// </summary>
    public IssuedToken Issue(string subject, string scope)
    {
        var caller = Caller.Create(subject, SmartScopeSet.Parse(scope));
        var now = _time.GetUtcNow().UtcDateTime;
        var token = Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = _settings.Issuer,
            Audience = _settings.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + _settings.TokenLifetime,
            SigningCredentials = _credentials,
            Claims = new Dictionary<string, object>
            {
                [Caller.SubjectClaim] = caller.Reference,
                [Caller.ScopeClaim] = caller.Scopes.ToString(),
                [JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString("N"),
            },
        });
        return new IssuedToken(token, (int)_settings.TokenLifetime.TotalSeconds);
    }
}
