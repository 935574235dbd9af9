using Microsoft.IdentityModel.Tokens;

namespace CareChain.Server.Auth;

/// <summary>
/// Picks the keys a token may have been signed with: the shared HS256 key, and the identity
/// provider's key whose <c>kid</c> the token names. A token without a <c>kid</c> may use the
/// provider's key only when there is exactly one; otherwise it would be tried against every key.
/// Which algorithm each key may verify is <see cref="SigningAlgorithms"/>' decision, not this one's.
/// </summary>
internal static class SigningKeyResolver
{
    /// <summary>Fits <see cref="TokenValidationParameters.IssuerSigningKeyResolverUsingConfiguration"/>.</summary>
    public static IEnumerable<SecurityKey> Resolve(
        string? kid, TokenValidationParameters parameters, BaseConfiguration? configuration)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var candidates = new List<SecurityKey>(2);

        // The shared key has no kid (tokens from the development issuer carry none); only HS256 may use it.
        if (parameters.IssuerSigningKey is { } shared)
        {
            candidates.Add(shared);
        }

        var published = (parameters.IssuerSigningKeys ?? []).Concat(configuration?.SigningKeys ?? []).ToList();
        if (string.IsNullOrEmpty(kid))
        {
            if (published.Count == 1)
            {
                candidates.Add(published[0]);
            }
        }
        else
        {
            candidates.AddRange(published.Where(key => string.Equals(key.KeyId, kid, StringComparison.Ordinal)));
        }

        return candidates;
    }
}
