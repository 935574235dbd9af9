using System.Collections.Frozen;
using Microsoft.IdentityModel.Tokens;

namespace CareChain.Server.Auth;

/// <summary>
/// Which token algorithm each kind of key may verify. A key answers only for its own family: the
/// shared secret for HS256, an RSA key for RS*/PS*, an EC key for the one ES* of its curve. Every
/// other pairing (<c>none</c>, HS256 with an RSA key's bytes as the secret, ES384 on a P-256 key) is
/// a forgery or a mistake, and is refused before any signature is computed.
/// </summary>
internal static class SigningAlgorithms
{
    public static FrozenSet<string> Rsa { get; } = FrozenSet.Create(
        StringComparer.Ordinal,
        SecurityAlgorithms.RsaSha256,
        SecurityAlgorithms.RsaSha384,
        SecurityAlgorithms.RsaSha512,
        SecurityAlgorithms.RsaSsaPssSha256,
        SecurityAlgorithms.RsaSsaPssSha384,
        SecurityAlgorithms.RsaSsaPssSha512);

    /// <summary>True when <paramref name="algorithm"/> (a JWS <c>alg</c>) may be verified with <paramref name="key"/>.</summary>
    public static bool IsAllowed(string? algorithm, SecurityKey? key) => algorithm is not null && key switch
    {
        SymmetricSecurityKey => string.Equals(algorithm, SecurityAlgorithms.HmacSha256, StringComparison.Ordinal),
        RsaSecurityKey => Rsa.Contains(algorithm),
        ECDsaSecurityKey { ECDsa: { } ecdsa } => string.Equals(algorithm, ForCurveSize(ecdsa.KeySize), StringComparison.Ordinal),
        // Keys of any other type (X.509, a raw JsonWebKey) are never built here, so nothing may use them.
        _ => false,
    };

    /// <summary>The one ES algorithm of a NIST curve of <paramref name="keySize"/> bits; null for any other size.</summary>
    public static string? ForCurveSize(int keySize) => keySize switch
    {
        256 => SecurityAlgorithms.EcdsaSha256,
        384 => SecurityAlgorithms.EcdsaSha384,
        521 => SecurityAlgorithms.EcdsaSha512,
        _ => null,
    };
}
