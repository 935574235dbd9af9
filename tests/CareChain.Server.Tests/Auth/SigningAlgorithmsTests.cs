using System.Security.Cryptography;
using CareChain.Server.Auth;
using Microsoft.IdentityModel.Tokens;

namespace CareChain.Server.Tests.Auth;

public sealed class SigningAlgorithmsTests
{
    public static TheoryData<string, string, bool> Pairings => new()
    {
        { "HMAC", "HS256", true },
        { "HMAC", "HS384", false },
        { "HMAC", "HS512", false },
        { "HMAC", "RS256", false },
        { "HMAC", "none", false },
        { "RSA", "RS256", true },
        { "RSA", "RS384", true },
        { "RSA", "RS512", true },
        { "RSA", "PS256", true },
        { "RSA", "PS384", true },
        { "RSA", "PS512", true },
        { "RSA", "HS256", false },
        { "RSA", "ES256", false },
        { "RSA", "none", false },
        { "RSA", "rs256", false },
        { "RSA", "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256", false },
        { "P-256", "ES256", true },
        { "P-256", "ES384", false },
        { "P-256", "HS256", false },
        { "P-256", "RS256", false },
        { "P-384", "ES384", true },
        { "P-384", "ES256", false },
        { "P-521", "ES512", true },
        { "P-521", "ES384", false },
    };

    [Theory]
    [MemberData(nameof(Pairings))]
    public void A_key_verifies_only_the_algorithms_of_its_own_family(string kind, string algorithm, bool allowed)
    {
        using var rsa = RSA.Create(2048);
        using var ecdsa = kind switch
        {
            "P-384" => ECDsa.Create(ECCurve.NamedCurves.nistP384),
            "P-521" => ECDsa.Create(ECCurve.NamedCurves.nistP521),
            _ => ECDsa.Create(ECCurve.NamedCurves.nistP256),
        };
        SecurityKey key = kind switch
        {
            "HMAC" => new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(64)),
            "RSA" => new RsaSecurityKey(rsa),
            _ => new ECDsaSecurityKey(ecdsa),
        };

        Assert.Equal(allowed, SigningAlgorithms.IsAllowed(algorithm, key));
    }

    [Fact]
    public void Keys_of_other_types_and_missing_values_verify_nothing()
    {
        Assert.False(SigningAlgorithms.IsAllowed("RS256", new JsonWebKey { Kty = "RSA" }));
        Assert.False(SigningAlgorithms.IsAllowed(null, new SymmetricSecurityKey(new byte[32])));
        Assert.False(SigningAlgorithms.IsAllowed("HS256", null));
    }
}
