using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace CareChain.Server.Tests.Auth;

/// <summary>
/// A key pair made for one test, as an identity provider holds it: the private half signs tokens,
/// the public half is published as a JWK under <see cref="Kid"/>.
/// </summary>
internal sealed class TestSigningKey : IDisposable
{
    private readonly AsymmetricAlgorithm _algorithm;

    private TestSigningKey(string kid, AsymmetricAlgorithm algorithm, SecurityKey privateKey, string defaultAlgorithm)
    {
        Kid = kid;
        _algorithm = algorithm;
        PrivateKey = privateKey;
        DefaultAlgorithm = defaultAlgorithm;
    }

    public string Kid { get; }

    public SecurityKey PrivateKey { get; }

    /// <summary>RS256 for RSA keys; the ES algorithm of the curve for EC keys.</summary>
    public string DefaultAlgorithm { get; }

    /// <summary>The SubjectPublicKeyInfo (DER), the bytes an attacker would feed HMAC in an HS256 confusion attack.</summary>
    public byte[] PublicKeyDer => _algorithm.ExportSubjectPublicKeyInfo();

    public static TestSigningKey Rsa(string kid, int bits = 2048)
    {
        var rsa = RSA.Create(bits);
        return new TestSigningKey(kid, rsa, new RsaSecurityKey(rsa) { KeyId = kid }, SecurityAlgorithms.RsaSha256);
    }

    public static TestSigningKey Ec(string kid, ECCurve curve, string algorithm)
    {
        var ecdsa = ECDsa.Create(curve);
        return new TestSigningKey(kid, ecdsa, new ECDsaSecurityKey(ecdsa) { KeyId = kid }, algorithm);
    }

    public static TestSigningKey P256(string kid) => Ec(kid, ECCurve.NamedCurves.nistP256, SecurityAlgorithms.EcdsaSha256);

    public SigningCredentials Credentials(string? algorithm = null) => new(PrivateKey, algorithm ?? DefaultAlgorithm);

    /// <summary>The public JWK as a mutable dictionary, so tests can spoil it.</summary>
    public Dictionary<string, object?> PublicJwk()
    {
        switch (_algorithm)
        {
            case RSA rsa:
            {
                var parameters = rsa.ExportParameters(includePrivateParameters: false);
                return new() { ["kty"] = "RSA", ["kid"] = Kid, ["use"] = "sig", ["n"] = Base64UrlEncoder.Encode(parameters.Modulus), ["e"] = Base64UrlEncoder.Encode(parameters.Exponent) };
            }

            case ECDsa ecdsa:
            {
                var parameters = ecdsa.ExportParameters(includePrivateParameters: false);
                return new() { ["kty"] = "EC", ["kid"] = Kid, ["use"] = "sig", ["crv"] = $"P-{ecdsa.KeySize}", ["x"] = Base64UrlEncoder.Encode(parameters.Q.X), ["y"] = Base64UrlEncoder.Encode(parameters.Q.Y) };
            }

            default:
                throw new NotSupportedException();
        }
    }

    /// <summary>The private parameter a careless export would add to the JWK: <c>d</c>, base64url.</summary>
    public string PrivateExponent() => _algorithm switch
    {
        RSA rsa => Base64UrlEncoder.Encode(rsa.ExportParameters(includePrivateParameters: true).D),
        ECDsa ecdsa => Base64UrlEncoder.Encode(ecdsa.ExportParameters(includePrivateParameters: true).D),
        _ => throw new NotSupportedException(),
    };

    /// <summary>A JWKS document with the public halves of <paramref name="keys"/>.</summary>
    public static string Jwks(params TestSigningKey[] keys) => Jwks(keys.Select(key => key.PublicJwk()).ToArray());

    public static string Jwks(params Dictionary<string, object?>[] jwks) => JsonSerializer.Serialize(new { keys = jwks });

    public void Dispose() => _algorithm.Dispose();
}
