using System.Net;
using CareChain.Server.Auth;
using CareChain.Testing;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.Tokens;

namespace CareChain.Server.Tests.Auth;

/// <summary><c>Auth:JwksFile</c>: the provider's keys copied to a file, read and checked at start.</summary>
public sealed class JwksFileTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly TemporaryDirectory _folder = new("carechain-jwks");
    private readonly TestSigningKey _rsa = TestSigningKey.Rsa("rsa-1");
    private readonly TestSigningKey _ec = TestSigningKey.P256("ec-1");

    [Fact]
    public async Task Tokens_signed_with_keys_in_the_file_are_accepted_without_any_other_key()
    {
        await using var app = await StartAsync(WriteFile(TestSigningKey.Jwks(_rsa, _ec)));

        foreach (var key in new[] { _rsa, _ec })
        {
            using var response = await app.WhoAmIAsync(TestTokens.Create(key, _time.GetUtcNow()));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Fact]
    public async Task Keys_outside_the_file_and_algorithms_outside_a_keys_family_are_refused()
    {
        using var other = TestSigningKey.Rsa("rsa-2");
        await using var app = await StartAsync(WriteFile(TestSigningKey.Jwks(_rsa, _ec)));

        using var unknown = await app.WhoAmIAsync(TestTokens.Create(other, _time.GetUtcNow()));
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        var secret = new SymmetricSecurityKey(_rsa.PublicKeyDer) { KeyId = _rsa.Kid };
        using var confused = await app.WhoAmIAsync(TestTokens.Create(new SigningCredentials(secret, SecurityAlgorithms.HmacSha256), _time.GetUtcNow()));
        Assert.Equal(HttpStatusCode.Unauthorized, confused.StatusCode);
    }

    [Fact]
    public void Keys_meant_for_encryption_are_skipped()
    {
        var encryption = _rsa.PublicJwk();
        encryption["kid"] = "enc-1";
        encryption["use"] = "enc";
        var path = WriteFile(TestSigningKey.Jwks(encryption, _ec.PublicJwk()));

        var settings = AuthSettings.From(Options(path), isDevelopment: false);

        var key = Assert.Single(settings.FileKeys);
        Assert.Equal("ec-1", key.KeyId);
        Assert.Null(settings.SigningKey);
    }

    public static TheoryData<string, string> BadDocuments => new()
    {
        { "{\"keys\": [", "is not valid JSON (line 1" },
        { "not json at all", "is not valid JSON" },
        { "[]", "is not a JSON Web Key Set" },
        { "{\"keys\": \"rsa-1\"}", "is not a JSON Web Key Set" },
        { "{}", "holds no signing keys" },
        { "{\"keys\": []}", "holds no signing keys" },
    };

    [Theory]
    [MemberData(nameof(BadDocuments))]
    public void A_file_that_is_not_a_key_set_stops_the_start(string document, string message)
    {
        var path = WriteFile(document);

        var failure = Assert.Throws<InvalidOperationException>(() => AuthSettings.From(Options(path), isDevelopment: false));

        Assert.StartsWith($"Auth:JwksFile '{path}'", failure.Message, StringComparison.Ordinal);
        Assert.Contains(message, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_stops_the_start()
    {
        var path = _folder.Combine("nowhere.json");

        var failure = Assert.Throws<InvalidOperationException>(() => AuthSettings.From(Options(path), isDevelopment: false));

        Assert.Equal($"Auth:JwksFile names '{path}', which does not exist.", failure.Message);
    }

    [Fact]
    public void An_rsa_private_key_stops_the_start_without_quoting_it()
    {
        var jwk = _rsa.PublicJwk();
        var secret = _rsa.PrivateExponent();
        jwk["d"] = secret;

        var failure = AssertRefused(TestSigningKey.Jwks(jwk), "key 1 (kid \"rsa-1\") holds private key material");

        Assert.DoesNotContain(secret, failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain((string)jwk["n"]!, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_ec_private_key_stops_the_start_without_quoting_it()
    {
        var jwk = _ec.PublicJwk();
        var secret = _ec.PrivateExponent();
        jwk["d"] = secret;

        var failure = AssertRefused(TestSigningKey.Jwks(_rsa.PublicJwk(), jwk), "key 2 (kid \"ec-1\") holds private key material");

        Assert.DoesNotContain(secret, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_shared_secret_in_the_file_stops_the_start_without_quoting_it()
    {
        const string secret = "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldA";

        var failure = AssertRefused($$"""{"keys": [{"kty": "oct", "kid": "hmac", "k": "{{secret}}"}]}""", "has kty \"oct\"");

        Assert.DoesNotContain(secret, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_rsa_key_below_2048_bits_stops_the_start()
    {
        using var weak = TestSigningKey.Rsa("weak", bits: 1024);

        AssertRefused(TestSigningKey.Jwks(weak), "key 1 (kid \"weak\") is an RSA key of 1024 bits; at least 2048 are required");
    }

    public static TheoryData<string, string> UnusableKeys => new()
    {
        { "kty=OKP", "has kty \"OKP\", which is not supported" },
        { "kty=", "has no kty" },
        { "crv=secp256k1", "has crv \"secp256k1\", which is not supported" },
        { "crv=P-384", "needs x and y, each 48 bytes" },
        { "x=!!!", "needs x and y" },
        { "alg=RS256", "declares alg \"RS256\", which an EC P-256 key cannot verify" },
        { "alg=ES384", "declares alg \"ES384\", which an EC P-256 key cannot verify" },
        { "alg=HS256", "declares alg \"HS256\"" },
    };

    [Theory]
    [MemberData(nameof(UnusableKeys))]
    public void An_unusable_ec_key_stops_the_start_naming_the_key_and_the_reason(string change, string message)
    {
        var jwk = _ec.PublicJwk();
        var (name, value) = (change.Split('=')[0], change.Split('=')[1]);
        if (value.Length == 0)
        {
            jwk.Remove(name);
        }
        else
        {
            jwk[name] = value;
        }

        AssertRefused(TestSigningKey.Jwks(jwk), message);
    }

    [Fact]
    public void An_ec_point_off_the_curve_stops_the_start()
    {
        var jwk = _ec.PublicJwk();
        var y = Base64UrlEncoder.DecodeBytes((string)jwk["y"]!);
        y[^1] ^= 1;
        jwk["y"] = Base64UrlEncoder.Encode(y);

        AssertRefused(TestSigningKey.Jwks(jwk), "key 1 (kid \"ec-1\") is not a point on P-256");
    }

    [Fact]
    public void An_rsa_key_without_its_exponent_stops_the_start()
    {
        var jwk = _rsa.PublicJwk();
        jwk.Remove("e");

        AssertRefused(TestSigningKey.Jwks(jwk), "key 1 (kid \"rsa-1\") needs n and e");
    }

    [Fact]
    public void Several_keys_need_a_kid_each()
    {
        var unnamed = _ec.PublicJwk();
        unnamed.Remove("kid");

        AssertRefused(TestSigningKey.Jwks(_rsa.PublicJwk(), unnamed), "key 2 has no kid");
    }

    [Fact]
    public void A_single_key_needs_no_kid()
    {
        var unnamed = _rsa.PublicJwk();
        unnamed.Remove("kid");

        var key = Assert.Single(AuthSettings.From(Options(WriteFile(TestSigningKey.Jwks(unnamed))), isDevelopment: false).FileKeys);

        Assert.Null(key.KeyId);
    }

    [Fact]
    public async Task A_bad_file_stops_the_app_from_starting()
    {
        var jwk = _rsa.PublicJwk();
        jwk["d"] = _rsa.PrivateExponent();
        var path = WriteFile(TestSigningKey.Jwks(jwk));

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => StartAsync(path));

        Assert.Contains("Auth:JwksFile", failure.Message, StringComparison.Ordinal);
        Assert.Contains("private key material", failure.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _rsa.Dispose();
        _ec.Dispose();
        _folder.Dispose();
    }

    private static AuthOptions Options(string path) => new() { Issuer = TestTokens.Issuer, JwksFile = path };

    private InvalidOperationException AssertRefused(string document, string message)
    {
        var path = WriteFile(document);

        var failure = Assert.Throws<InvalidOperationException>(() => AuthSettings.From(Options(path), isDevelopment: false));

        Assert.StartsWith($"Auth:JwksFile '{path}': ", failure.Message, StringComparison.Ordinal);
        Assert.Contains(message, failure.Message, StringComparison.Ordinal);
        return failure;
    }

    private string WriteFile(string document)
    {
        var path = _folder.Combine($"jwks-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, document);
        return path;
    }

    private Task<AuthTestApp> StartAsync(string path) => AuthTestApp.StartAsync(
        "Production",
        new Dictionary<string, string?> { ["Auth:Issuer"] = TestTokens.Issuer, ["Auth:JwksFile"] = path },
        _time);
}
