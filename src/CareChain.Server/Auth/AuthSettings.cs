using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace CareChain.Server.Auth;

/// <summary>
/// <see cref="AuthOptions"/> checked and made ready to use: the shared key decoded, the key set file
/// read, the development defaults filled in. Built once at start, so a bad setting stops the start.
/// </summary>
internal sealed class AuthSettings
{
    private AuthSettings(AuthOptions options, string issuer, SymmetricSecurityKey? signingKey, Uri? jwksUri, IReadOnlyList<SecurityKey> fileKeys)
    {
        Issuer = issuer;
        Audience = options.Audience;
        SigningKey = signingKey;
        TokenLifetime = options.TokenLifetime;
        JwksUri = jwksUri;
        JwksRefreshInterval = options.JwksRefreshInterval;
        JwksUnknownKeyRefreshInterval = options.JwksUnknownKeyRefreshInterval;
        FileKeys = fileKeys;
    }

    public string Issuer { get; }

    public string Audience { get; }

    /// <summary>The HS256 key; null outside Development when only an identity provider's keys are configured.</summary>
    public SymmetricSecurityKey? SigningKey { get; }

    public TimeSpan TokenLifetime { get; }

    /// <summary>Where the identity provider publishes its keys; null when it is not configured.</summary>
    public Uri? JwksUri { get; }

    public TimeSpan JwksRefreshInterval { get; }

    public TimeSpan JwksUnknownKeyRefreshInterval { get; }

    /// <summary>The keys of <c>Auth:JwksFile</c>; empty when it is not configured.</summary>
    public IReadOnlyList<SecurityKey> FileKeys { get; }

    /// <summary>
    /// Checks <paramref name="options"/>. In Development a missing issuer or key is replaced by the
    /// development issuer and a random in-memory key (tokens then die with the process); anywhere
    /// else it throws an <see cref="InvalidOperationException"/> naming the missing setting.
    /// </summary>
    public static AuthSettings From(AuthOptions options, bool isDevelopment)
    {
        ArgumentNullException.ThrowIfNull(options);
        var issuer = options.Issuer;
        if (string.IsNullOrWhiteSpace(issuer))
        {
            issuer = isDevelopment
                ? AuthOptions.DevelopmentIssuer
                : throw new InvalidOperationException(
                    $"{AuthOptions.SectionName}:Issuer is required outside Development: set it to the URL that issues CareChain's access tokens.");
        }

        if (string.IsNullOrWhiteSpace(options.Audience))
        {
            throw new InvalidOperationException($"{AuthOptions.SectionName}:Audience must not be empty (the default is \"{AuthOptions.DefaultAudience}\").");
        }

        if (options.TokenLifetime <= TimeSpan.Zero)
        {
            throw new InvalidOperationException($"{AuthOptions.SectionName}:TokenLifetime must be positive, e.g. \"01:00:00\".");
        }

        var jwksUri = ParseJwksUri(options.JwksUri);
        if (jwksUri is not null)
        {
            RequirePositive(options.JwksRefreshInterval, nameof(AuthOptions.JwksRefreshInterval), "06:00:00");
            RequirePositive(options.JwksUnknownKeyRefreshInterval, nameof(AuthOptions.JwksUnknownKeyRefreshInterval), "00:05:00");
        }

        IReadOnlyList<SecurityKey> fileKeys = string.IsNullOrWhiteSpace(options.JwksFile) ? [] : JwksFile.Read(options.JwksFile);

        SymmetricSecurityKey? signingKey = null;
        if (!string.IsNullOrWhiteSpace(options.SigningKey))
        {
            signingKey = new SymmetricSecurityKey(DecodeKey(options.SigningKey));
        }
        else if (isDevelopment)
        {
            // The development token endpoint always needs a key to sign with, whatever else is configured.
            signingKey = new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(AuthOptions.MinimumKeyBytes));
        }
        else if (jwksUri is null && fileKeys.Count == 0)
        {
            throw new InvalidOperationException(
                $"One of {AuthOptions.SectionName}:SigningKey, {AuthOptions.SectionName}:JwksUri or {JwksFile.Setting} is required outside Development: " +
                $"a base64 HMAC-SHA-256 secret of at least {AuthOptions.MinimumKeyBytes} bytes (from a secret store or the environment), " +
                "the identity provider's JWKS URL, or a file with its JSON Web Key Set.");
        }

        return new AuthSettings(options, issuer, signingKey, jwksUri, fileKeys);
    }

    private static Uri? ParseJwksUri(string? value)
    {
        const string setting = $"{AuthOptions.SectionName}:JwksUri";
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (!Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw new InvalidOperationException($"{setting} must be an absolute https URL, such as https://idp.example/realms/care/protocol/openid-connect/certs.");
        }

        // Over plain HTTP anyone on the path could hand us their own keys and so sign any token they like.
        if (uri.Scheme == Uri.UriSchemeHttp && !uri.IsLoopback)
        {
            throw new InvalidOperationException(
                $"{setting} must use https: the keys it serves decide who may sign tokens, so they must not travel in the clear. " +
                "Plain http is accepted only for a loopback address.");
        }

        return uri;
    }

    private static void RequirePositive(TimeSpan value, string name, string example)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new InvalidOperationException($"{AuthOptions.SectionName}:{name} must be positive, e.g. \"{example}\".");
        }
    }

    // The messages never quote the value: it is a secret even when it is malformed.
    private static byte[] DecodeKey(string base64)
    {
        byte[] key;
        try
        {
            key = Convert.FromBase64String(base64.Trim());
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"{AuthOptions.SectionName}:SigningKey is not valid base64.");
        }

        return key.Length >= AuthOptions.MinimumKeyBytes
            ? key
            : throw new InvalidOperationException(
                $"{AuthOptions.SectionName}:SigningKey must decode to at least {AuthOptions.MinimumKeyBytes} bytes; it has {key.Length}.");
    }
}
