using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace CareChain.Server.Auth;

/// <summary>
/// <see cref="AuthOptions"/> checked and made ready to use: the key decoded, the development
/// defaults filled in. Built once at start, so a bad setting stops the start.
/// </summary>
internal sealed class AuthSettings
{
    private AuthSettings(string issuer, string audience, SymmetricSecurityKey signingKey, TimeSpan tokenLifetime)
    {
        Issuer = issuer;
        Audience = audience;
        SigningKey = signingKey;
        TokenLifetime = tokenLifetime;
    }

    public string Issuer { get; }

    public string Audience { get; }

    public SymmetricSecurityKey SigningKey { get; }

    public TimeSpan TokenLifetime { get; }

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

        byte[] key;
        if (string.IsNullOrWhiteSpace(options.SigningKey))
        {
            key = isDevelopment
                ? RandomNumberGenerator.GetBytes(AuthOptions.MinimumKeyBytes)
                : throw new InvalidOperationException(
                    $"{AuthOptions.SectionName}:SigningKey is required outside Development: " +
                    $"a base64 HMAC-SHA-256 secret of at least {AuthOptions.MinimumKeyBytes} bytes, from a secret store or the environment.");
        }
        else
        {
            key = DecodeKey(options.SigningKey);
        }

        return new AuthSettings(issuer, options.Audience, new SymmetricSecurityKey(key), options.TokenLifetime);
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
