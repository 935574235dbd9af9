using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.IdentityModel.Tokens;

namespace CareChain.Server.Auth;

/// <summary>Host set-up for authentication: JWT bearer tokens carrying SMART on FHIR scopes.</summary>
public static class AuthServiceCollectionExtensions
{
    /// <summary>The leeway for clocks that disagree between the token's issuer and this server.</summary>
    internal static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Reads and checks the <c>Auth</c> section now (a missing or bad setting outside Development, a
    /// bad key set file or a JWKS URL that is not https stops the start here), then registers JWT bearer
    /// authentication, the identity provider's key cache when <c>Auth:JwksUri</c> is set, authorization
    /// and, in Development only, the <see cref="TokenIssuer"/>. No endpoint is made to require
    /// authorization: the FHIR endpoints read <see cref="Caller.FromPrincipal"/> and answer 401 themselves.
    /// </summary>
    public static WebApplicationBuilder AddCareChainAuth(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Configuration.GetSection(AuthOptions.SectionName).Get<AuthOptions>() ?? new AuthOptions();
        var isDevelopment = builder.Environment.IsDevelopment();
        var settings = AuthSettings.From(options, isDevelopment);

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(settings);
        if (settings.JwksUri is not null)
        {
            builder.Services.AddHttpClient(JwksCache.HttpClientName, client =>
            {
                client.Timeout = JwksCache.FetchTimeout;
                client.MaxResponseContentBufferSize = JwksCache.MaximumDocumentBytes;
                client.DefaultRequestHeaders.Accept.ParseAdd("application/jwk-set+json, application/json");
            });
            builder.Services.AddSingleton<JwksCache>();
        }

        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<AuthSettings, TimeProvider, IServiceProvider>((bearer, auth, time, services) =>
            {
                // Keep "sub" and "scope" as they are in the token instead of mapping them to long XML names.
                bearer.MapInboundClaims = false;
                bearer.TimeProvider = time;
                bearer.TokenValidationParameters = CreateTokenValidationParameters(auth, time);

                // The handler passes this on to the token handler, which fetches the provider's keys through it
                // and asks it for a refresh when a token names a key it does not know.
                bearer.ConfigurationManager = services.GetService<JwksCache>();
            });
        builder.Services.AddAuthorization();

        if (isDevelopment)
        {
            builder.Services.AddSingleton(provider => new TokenIssuer(
                provider.GetRequiredService<AuthSettings>(), provider.GetRequiredService<TimeProvider>()));
        }

        return builder;
    }

    /// <summary>
    /// How every incoming token is checked: signed with a key we trust, by an algorithm that key's
    /// family allows (<see cref="SigningAlgorithms"/>) and, for the identity provider's keys, by the key
    /// its <c>kid</c> names (<see cref="SigningKeyResolver"/>); from our issuer, for our audience, and
    /// current by <paramref name="time"/> give or take <see cref="ClockSkew"/>.
    /// </summary>
    internal static TokenValidationParameters CreateTokenValidationParameters(AuthSettings settings, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(time);
        return new TokenValidationParameters
        {
            ValidateIssuer = true,
            ValidIssuer = settings.Issuer,
            ValidateAudience = true,
            ValidAudience = settings.Audience,
            ValidateIssuerSigningKey = true,
            IssuerSigningKey = settings.SigningKey,
            IssuerSigningKeys = settings.FileKeys,
            IssuerSigningKeyResolverUsingConfiguration = (_, _, kid, parameters, configuration) =>
                SigningKeyResolver.Resolve(kid, parameters, configuration),
            // Trying every key when none is named would let a token skip the kid match.
            TryAllIssuerSigningKeys = false,
            RequireSignedTokens = true,
            // Per key, not one list for all: "none", HS256 keyed with an RSA key's public bytes, or ES384 on a
            // P-256 key are classic forgeries. (With a validator set, ValidAlgorithms would be ignored.)
            AlgorithmValidator = (algorithm, key, _, _) => SigningAlgorithms.IsAllowed(algorithm, key),
            ValidateLifetime = true,
            RequireExpirationTime = true,
            ClockSkew = ClockSkew,
            // The handler's own lifetime check reads the wall clock; this one reads the injected TimeProvider.
            LifetimeValidator = (notBefore, expires, _, parameters) => IsCurrent(notBefore, expires, time.GetUtcNow().UtcDateTime, parameters.ClockSkew),
            NameClaimType = Caller.SubjectClaim,
        };
    }

    private static bool IsCurrent(DateTime? notBefore, DateTime? expires, DateTime now, TimeSpan skew)
    {
        if (expires is null)
        {
            throw new SecurityTokenNoExpirationException("The token has no expiry (exp).");
        }

        if (notBefore is { } start && start.ToUniversalTime() > now + skew)
        {
            throw new SecurityTokenNotYetValidException("The token is not valid yet (nbf).") { NotBefore = start };
        }

        if (expires.Value.ToUniversalTime() < now - skew)
        {
            throw new SecurityTokenExpiredException("The token has expired (exp).") { Expires = expires.Value };
        }

        return true;
    }
}
