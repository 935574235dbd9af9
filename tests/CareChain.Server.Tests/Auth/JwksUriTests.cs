using System.Net;
using System.Security.Cryptography;
using CareChain.Server.Auth;
using CareChain.Server.Tests.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CareChain.Server.Tests.Auth;

/// <summary>
/// Tokens signed by an identity provider that publishes its keys at <c>Auth:JwksUri</c>, served here by a
/// real loopback listener that counts its fetches. Time is a <see cref="FakeTimeProvider"/>: refresh and
/// throttling are driven by advancing it, never by waiting.
/// </summary>
public sealed class JwksUriTests
{
    private static readonly string SharedKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public static TheoryData<string, string> KeyKinds => new()
    {
        { "RSA", SecurityAlgorithms.RsaSha256 },
        { "RSA", SecurityAlgorithms.RsaSha384 },
        { "RSA", SecurityAlgorithms.RsaSsaPssSha256 },
        { "P-256", SecurityAlgorithms.EcdsaSha256 },
        { "P-384", SecurityAlgorithms.EcdsaSha384 },
        { "P-521", SecurityAlgorithms.EcdsaSha512 },
    };

    [Theory]
    [MemberData(nameof(KeyKinds))]
    public async Task A_token_signed_with_a_published_key_is_accepted(string kind, string algorithm)
    {
        using var key = kind switch
        {
            "RSA" => TestSigningKey.Rsa("rsa-1"),
            "P-256" => TestSigningKey.Ec("ec-1", ECCurve.NamedCurves.nistP256, algorithm),
            "P-384" => TestSigningKey.Ec("ec-1", ECCurve.NamedCurves.nistP384, algorithm),
            _ => TestSigningKey.Ec("ec-1", ECCurve.NamedCurves.nistP521, algorithm),
        };
        await using var idp = await JwksServer.StartAsync(key);
        await using var app = await StartAppAsync(idp);

        using var response = await app.WhoAmIAsync(TestTokens.Create(key, _time.GetUtcNow(), algorithm));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"{TestTokens.Subject} {TestTokens.Scope}", await response.Content.ReadAsStringAsync(Cancellation));
    }

    [Fact]
    public async Task Keys_are_fetched_at_first_use_and_then_kept()
    {
        using var rsa = TestSigningKey.Rsa("rsa-1");
        using var ec = TestSigningKey.P256("ec-1");
        await using var idp = await JwksServer.StartAsync(rsa, ec);
        await using var app = await StartAppAsync(idp);
        Assert.Equal(0, idp.Fetches);

        for (var i = 0; i < 3; i++)
        {
            await AssertAcceptedAsync(app, TestTokens.Create(rsa, _time.GetUtcNow()));
            await AssertAcceptedAsync(app, TestTokens.Create(ec, _time.GetUtcNow()));
        }

        Assert.Equal(1, idp.Fetches);
    }

    [Fact]
    public async Task The_keys_are_fetched_again_after_the_refresh_interval()
    {
        using var key = TestSigningKey.Rsa("rsa-1");
        await using var idp = await JwksServer.StartAsync(key);
        await using var app = await StartAppAsync(idp, new() { ["Auth:JwksRefreshInterval"] = "02:00:00" });
        await AssertAcceptedAsync(app, TestTokens.Create(key, _time.GetUtcNow()));

        _time.Advance(TimeSpan.FromHours(2) - TimeSpan.FromSeconds(1));
        await AssertAcceptedAsync(app, TestTokens.Create(key, _time.GetUtcNow()));
        Assert.Equal(1, idp.Fetches);

        _time.Advance(TimeSpan.FromSeconds(1));
        await AssertAcceptedAsync(app, TestTokens.Create(key, _time.GetUtcNow()));
        Assert.Equal(2, idp.Fetches);
    }

    [Fact]
    public async Task A_token_signed_with_another_key_under_a_published_kid_is_refused()
    {
        using var published = TestSigningKey.Rsa("rsa-1");
        using var impostor = TestSigningKey.Rsa("rsa-1");
        await using var idp = await JwksServer.StartAsync(published);
        await using var app = await StartAppAsync(idp);

        await AssertRefusedAsync(app, TestTokens.Create(impostor, _time.GetUtcNow()));
    }

    [Fact]
    public async Task A_token_naming_an_unknown_kid_is_refused()
    {
        using var published = TestSigningKey.Rsa("rsa-1");
        using var unpublished = TestSigningKey.Rsa("rsa-2");
        await using var idp = await JwksServer.StartAsync(published);
        await using var app = await StartAppAsync(idp);

        await AssertRefusedAsync(app, TestTokens.Create(unpublished, _time.GetUtcNow()));
    }

    [Fact]
    public async Task A_rotated_key_is_accepted_at_once_after_one_fetch_and_a_withdrawn_key_is_refused()
    {
        using var old = TestSigningKey.Rsa("2026-02");
        using var rotated = TestSigningKey.Rsa("2026-03");
        await using var idp = await JwksServer.StartAsync(old);
        await using var app = await StartAppAsync(idp);
        await AssertAcceptedAsync(app, TestTokens.Create(old, _time.GetUtcNow()));

        idp.Serve(rotated);
        await AssertAcceptedAsync(app, TestTokens.Create(rotated, _time.GetUtcNow()));
        Assert.Equal(2, idp.Fetches);

        // No "last known good" keys: what the provider no longer publishes no longer signs.
        await AssertRefusedAsync(app, TestTokens.Create(old, _time.GetUtcNow()));
    }

    [Fact]
    public async Task Unknown_kids_make_at_most_one_extra_fetch_per_interval()
    {
        using var published = TestSigningKey.Rsa("rsa-1");
        using var forger = TestSigningKey.Rsa("forger");
        await using var idp = await JwksServer.StartAsync(published);
        await using var app = await StartAppAsync(idp);
        await AssertAcceptedAsync(app, TestTokens.Create(published, _time.GetUtcNow()));

        for (var i = 0; i < 25; i++)
        {
            await AssertRefusedAsync(app, Forge(forger, $"made-up-{i}"));
        }

        Assert.Equal(2, idp.Fetches);

        _time.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));
        await AssertRefusedAsync(app, Forge(forger, "one-second-early"));
        Assert.Equal(2, idp.Fetches);

        _time.Advance(TimeSpan.FromSeconds(1));
        for (var i = 0; i < 25; i++)
        {
            await AssertRefusedAsync(app, Forge(forger, $"next-window-{i}"));
        }

        Assert.Equal(3, idp.Fetches);
        await AssertAcceptedAsync(app, TestTokens.Create(published, _time.GetUtcNow()));
        Assert.Equal(3, idp.Fetches);
    }

    [Fact]
    public async Task Hs256_keyed_with_the_providers_public_key_is_refused()
    {
        using var published = TestSigningKey.Rsa("rsa-1");
        await using var idp = await JwksServer.StartAsync(published);
        await using var app = await StartAppAsync(idp, new() { ["Auth:SigningKey"] = SharedKey });
        await AssertAcceptedAsync(app, TestTokens.Create(published, _time.GetUtcNow()));
        var modulus = Base64UrlEncoder.DecodeBytes((string)published.PublicJwk()["n"]!);

        // The classic confusion: the public key is public, so if a verifier fed it to HMAC anyone could sign.
        foreach (var publicBytes in new[] { published.PublicKeyDer, modulus, System.Text.Encoding.UTF8.GetBytes(TestSigningKey.Jwks(published)) })
        {
            var secret = new SymmetricSecurityKey(publicBytes) { KeyId = published.Kid };
            var forged = TestTokens.Create(new SigningCredentials(secret, SecurityAlgorithms.HmacSha256), _time.GetUtcNow());
            Assert.True(await IsWellFormedAsync(forged, secret), "the forged token must be valid under a naive HMAC check");

            await AssertRefusedAsync(app, forged);
        }
    }

    [Fact]
    public async Task An_unsigned_token_is_refused()
    {
        using var published = TestSigningKey.Rsa("rsa-1");
        await using var idp = await JwksServer.StartAsync(published);
        await using var app = await StartAppAsync(idp, new() { ["Auth:SigningKey"] = SharedKey });
        var unsigned = TestTokens.Create(credentials: null, _time.GetUtcNow());
        Assert.Equal("none", new JsonWebToken(unsigned).Alg);

        await AssertRefusedAsync(app, unsigned);
        // The same with the published key's kid in the header, and with "none" in other spellings.
        foreach (var alg in new[] { "none", "None", "NONE" })
        {
            await AssertRefusedAsync(app, Unsigned(alg, published.Kid));
        }
    }

    [Fact]
    public async Task With_several_published_keys_a_token_must_name_its_kid()
    {
        using var first = TestSigningKey.Rsa("rsa-1");
        using var second = TestSigningKey.Rsa("rsa-2");
        using var stranger = TestSigningKey.Rsa("stranger");
        await using var idp = await JwksServer.StartAsync(first, second);
        await using var app = await StartAppAsync(idp);

        await AssertRefusedAsync(app, TestTokens.Create(WithoutKid(first), _time.GetUtcNow()));

        // With a single published key there is nothing to choose between, so the kid may be left out; the
        // stranger's token is what makes the next fetch (one early fetch per five minutes) pick up the change.
        idp.Serve(first);
        _time.Advance(TimeSpan.FromMinutes(5));
        await AssertRefusedAsync(app, TestTokens.Create(WithoutKid(stranger), _time.GetUtcNow()));
        Assert.Equal(3, idp.Fetches);
        await AssertAcceptedAsync(app, TestTokens.Create(WithoutKid(first), _time.GetUtcNow()));
    }

    [Fact]
    public async Task A_token_from_another_issuer_is_refused_even_with_a_published_key()
    {
        using var key = TestSigningKey.Rsa("rsa-1");
        await using var idp = await JwksServer.StartAsync(key);
        await using var app = await StartAppAsync(idp);

        await AssertRefusedAsync(app, TestTokens.Create(key.Credentials(), _time.GetUtcNow(), issuer: "https://evil.example"));
    }

    [Fact]
    public async Task An_expired_provider_token_is_refused_by_the_injected_clock()
    {
        using var key = TestSigningKey.Rsa("rsa-1");
        await using var idp = await JwksServer.StartAsync(key);
        await using var app = await StartAppAsync(idp);
        var token = TestTokens.Create(key, _time.GetUtcNow());
        await AssertAcceptedAsync(app, token);

        _time.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1));

        await AssertRefusedAsync(app, token);
    }

    [Fact]
    public async Task An_unreachable_provider_gives_401_logged_once_without_the_token_while_hs256_still_works()
    {
        using var key = TestSigningKey.Rsa("rsa-1");
        var logs = new CapturedLogs();
        await using var idp = await JwksServer.StartAsync(key);
        await idp.StopAsync();
        await using var app = await StartAppAsync(idp, new() { ["Auth:SigningKey"] = SharedKey }, logs);
        var tokens = new List<string>();

        for (var i = 0; i < 5; i++)
        {
            var token = TestTokens.Create(key, _time.GetUtcNow());
            tokens.Add(token);
            await AssertRefusedAsync(app, token);
            _time.Advance(TimeSpan.FromSeconds(40));
        }

        var shared = new TokenIssuer(app.Services.GetRequiredService<AuthSettings>(), _time).Issue("Organization/acme", "system/Consent.rs");
        await AssertAcceptedAsync(app, shared.AccessToken);

        var unavailable = Assert.Single(logs.WithEventId(3001));
        Assert.Equal(LogLevel.Warning, unavailable.Level);
        Assert.Contains(idp.JwksUri.ToString(), unavailable.Message, StringComparison.Ordinal);
        foreach (var token in tokens)
        {
            Assert.DoesNotContain(logs.Entries, entry => entry.Text.Contains(token.Split('.')[2], StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData(503, null)]
    [InlineData(404, null)]
    [InlineData(200, "<html>maintenance</html>")]
    [InlineData(200, """{"keys": []}""")]
    [InlineData(200, """{"keys": [{"kty": "oct", "k": "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldA"}]}""")]
    public async Task A_provider_that_answers_without_usable_keys_gives_401(int status, string? document)
    {
        using var key = TestSigningKey.Rsa("rsa-1");
        await using var idp = await JwksServer.StartAsync(key);
        if (document is null)
        {
            idp.Fail(status);
        }
        else
        {
            idp.Serve(document);
        }

        var logs = new CapturedLogs();
        await using var app = await StartAppAsync(idp, logs: logs);

        await AssertRefusedAsync(app, TestTokens.Create(key, _time.GetUtcNow()));
        Assert.Single(logs.WithEventId(3001));
    }

    [Fact]
    public async Task Keys_already_held_stay_in_use_while_the_provider_is_down()
    {
        using var key = TestSigningKey.Rsa("rsa-1");
        var logs = new CapturedLogs();
        await using var idp = await JwksServer.StartAsync(key);
        await using var app = await StartAppAsync(idp, logs: logs);
        await AssertAcceptedAsync(app, TestTokens.Create(key, _time.GetUtcNow()));

        idp.Fail(StatusCodes.Status503ServiceUnavailable);
        _time.Advance(TimeSpan.FromHours(6));
        await AssertAcceptedAsync(app, TestTokens.Create(key, _time.GetUtcNow()));
        Assert.Equal(2, idp.Fetches);

        // Retries back off (1 s, 2 s, …) and are not logged again.
        await AssertAcceptedAsync(app, TestTokens.Create(key, _time.GetUtcNow()));
        Assert.Equal(2, idp.Fetches);
        _time.Advance(TimeSpan.FromSeconds(1));
        await AssertAcceptedAsync(app, TestTokens.Create(key, _time.GetUtcNow()));
        Assert.Equal(3, idp.Fetches);
        Assert.Single(logs.WithEventId(3001));

        idp.Serve(key);
        _time.Advance(TimeSpan.FromSeconds(2));
        await AssertAcceptedAsync(app, TestTokens.Create(key, _time.GetUtcNow()));
        Assert.Equal(4, idp.Fetches);
        Assert.Single(logs.WithEventId(3002));
    }

    [Fact]
    public async Task In_development_the_provider_and_the_development_token_endpoint_work_side_by_side()
    {
        using var key = TestSigningKey.Rsa("rsa-1");
        await using var idp = await JwksServer.StartAsync(key);
        await using var app = await AuthTestApp.StartAsync(
            "Development",
            new Dictionary<string, string?> { ["Auth:Issuer"] = TestTokens.Issuer, ["Auth:JwksUri"] = idp.JwksUri.ToString() },
            _time);

        await AssertAcceptedAsync(app, TestTokens.Create(key, _time.GetUtcNow()));
        await AssertAcceptedAsync(app, app.Services.GetRequiredService<TokenIssuer>().Issue("Patient/1", "patient/*.rs").AccessToken);
    }

    [Theory]
    [InlineData("http://idp.example/jwks", "must use https")]
    [InlineData("http://10.0.0.7/jwks", "must use https")]
    [InlineData("/realms/care/certs", "must be an absolute https URL")]
    [InlineData("ftp://idp.example/jwks", "must be an absolute https URL")]
    [InlineData("not a url", "must be an absolute https URL")]
    public async Task A_jwks_url_that_is_not_https_or_loopback_stops_the_start(string jwksUri, string message)
    {
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => AuthTestApp.StartAsync(
            "Production", new Dictionary<string, string?> { ["Auth:Issuer"] = TestTokens.Issuer, ["Auth:JwksUri"] = jwksUri }));

        Assert.Contains("Auth:JwksUri", failure.Message, StringComparison.Ordinal);
        Assert.Contains(message, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_https_jwks_url_starts_without_contacting_the_provider()
    {
        await using var app = await AuthTestApp.StartAsync(
            "Production",
            new Dictionary<string, string?> { ["Auth:Issuer"] = TestTokens.Issuer, ["Auth:JwksUri"] = "https://idp.invalid/realms/care/certs" },
            _time);

        Assert.Equal(new Uri("https://idp.invalid/realms/care/certs"), app.Services.GetRequiredService<AuthSettings>().JwksUri);
    }

    private async Task<AuthTestApp> StartAppAsync(JwksServer idp, Dictionary<string, string?>? extra = null, CapturedLogs? logs = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Auth:Issuer"] = TestTokens.Issuer,
            ["Auth:Audience"] = TestTokens.Audience,
            ["Auth:JwksUri"] = idp.JwksUri.ToString(),
        };
        foreach (var (name, value) in extra ?? [])
        {
            settings[name] = value;
        }

        return await AuthTestApp.StartAsync("Production", settings, _time, logs);
    }

    // A well-signed token from a key nobody published, naming a kid nobody published.
    private string Forge(TestSigningKey forger, string kid) =>
        TestTokens.Create(new SigningCredentials(new RsaSecurityKey(((RsaSecurityKey)forger.PrivateKey).Rsa) { KeyId = kid }, SecurityAlgorithms.RsaSha256), _time.GetUtcNow());

    private static SigningCredentials WithoutKid(TestSigningKey key) =>
        new(new RsaSecurityKey(((RsaSecurityKey)key.PrivateKey).Rsa), SecurityAlgorithms.RsaSha256);

    private string Unsigned(string alg, string kid)
    {
        var signed = new JsonWebToken(TestTokens.Create(credentials: null, _time.GetUtcNow()));
        var header = Base64UrlEncoder.Encode($$"""{"alg":"{{alg}}","typ":"JWT","kid":"{{kid}}"}""");
        return $"{header}.{signed.EncodedPayload}.";
    }

    private static async Task<bool> IsWellFormedAsync(string token, SecurityKey naiveKey)
    {
        var naive = new TokenValidationParameters
        {
            ValidIssuer = TestTokens.Issuer,
            ValidAudience = TestTokens.Audience,
            IssuerSigningKey = naiveKey,
            LifetimeValidator = (_, _, _, _) => true,
        };
        return (await new JsonWebTokenHandler().ValidateTokenAsync(token, naive)).IsValid;
    }

    private static async Task AssertAcceptedAsync(AuthTestApp app, string token)
    {
        using var response = await app.WhoAmIAsync(token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task AssertRefusedAsync(AuthTestApp app, string token)
    {
        using var response = await app.WhoAmIAsync(token);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
