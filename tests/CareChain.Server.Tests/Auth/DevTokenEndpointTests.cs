using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CareChain.Server.Auth;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;

namespace CareChain.Server.Tests.Auth;

public sealed class DevTokenEndpointTests
{
    private static readonly Dictionary<string, string?> ProductionSettings = new()
    {
        ["Auth:Issuer"] = "https://auth.carechain.test",
        ["Auth:SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
    };

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_json_request_gets_a_token_whose_claims_round_trip_through_the_bearer_handler()
    {
        await using var app = await AuthTestApp.StartAsync("Development");

        using var response = await app.Http.PostAsJsonAsync(
            DevTokenEndpoint.Path, new { sub = "Patient/123", scope = "openid patient/*.read" }, Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore);
        using var body = await ReadJsonAsync(response);
        Assert.Equal("Bearer", body.RootElement.GetProperty("token_type").GetString());
        Assert.Equal(3600, body.RootElement.GetProperty("expires_in").GetInt32());
        Assert.Equal("openid patient/*.rs", body.RootElement.GetProperty("scope").GetString());

        var accessToken = body.RootElement.GetProperty("access_token").GetString()!;
        var token = new JsonWebToken(accessToken);
        Assert.Equal("Patient/123", token.Subject);
        Assert.Equal(AuthOptions.DevelopmentIssuer, token.Issuer);
        Assert.Equal(["carechain"], token.Audiences);

        using var whoAmI = await app.WhoAmIAsync(accessToken);
        Assert.Equal(HttpStatusCode.OK, whoAmI.StatusCode);
        Assert.Equal("Patient/123 openid patient/*.rs", await whoAmI.Content.ReadAsStringAsync(Cancellation));
    }

    [Fact]
    public async Task A_form_request_gets_a_token_too()
    {
        await using var app = await AuthTestApp.StartAsync("Development");
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["sub"] = "Practitioner/dr-7", ["scope"] = "user/Consent.cruds" });

        using var response = await app.Http.PostAsync(DevTokenEndpoint.Path, form, Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = await ReadJsonAsync(response);
        using var whoAmI = await app.WhoAmIAsync(body.RootElement.GetProperty("access_token").GetString()!);
        Assert.Equal("Practitioner/dr-7 user/Consent.cruds", await whoAmI.Content.ReadAsStringAsync(Cancellation));
    }

    [Theory]
    [InlineData("""{"sub": "Device/1", "scope": "patient/*.rs"}""", "sub")]
    [InlineData("""{"sub": "Patient/a b", "scope": "patient/*.rs"}""", "sub")]
    [InlineData("""{"scope": "patient/*.rs"}""", "sub")]
    [InlineData("""{"sub": "Patient/123", "scope": "patient/Banana.rs"}""", "patient/Banana.rs")]
    [InlineData("""{"sub": "Patient/123", "scope": "patient/*.sr"}""", "patient/*.sr")]
    [InlineData("""{"sub": "Patient/123", "scope": "   "}""", "scope")]
    [InlineData("""{"sub": "Patient/123"}""", "scope")]
    [InlineData("""{"sub": 123, "scope": "patient/*.rs"}""", "JSON")]
    [InlineData("""{"sub": "Patient/123", """, "JSON")]
    [InlineData("null", "JSON object")]
    public async Task Bad_input_gets_an_oauth_invalid_request_naming_the_problem(string json, string named)
    {
        await using var app = await AuthTestApp.StartAsync("Development");
        using var content = new StringContent(json, Encoding.UTF8, "application/json");

        using var response = await app.Http.PostAsync(DevTokenEndpoint.Path, content, Cancellation);

        await AssertInvalidRequestAsync(response, named);
    }

    [Fact]
    public async Task A_body_that_is_neither_json_nor_a_form_is_refused()
    {
        await using var app = await AuthTestApp.StartAsync("Development");
        using var content = new StringContent("sub=Patient/123", Encoding.UTF8, "text/plain");

        using var response = await app.Http.PostAsync(DevTokenEndpoint.Path, content, Cancellation);

        await AssertInvalidRequestAsync(response, "application/json");
    }

    [Fact]
    public async Task A_bad_form_field_is_named_too()
    {
        await using var app = await AuthTestApp.StartAsync("Development");
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["sub"] = "Patient/123", ["scope"] = "doctor/*.rs" });

        using var response = await app.Http.PostAsync(DevTokenEndpoint.Path, form, Cancellation);

        await AssertInvalidRequestAsync(response, "doctor/*.rs");
    }

    [Fact]
    public async Task A_token_signed_with_another_key_makes_no_caller()
    {
        await using var app = await AuthTestApp.StartAsync("Development");
        var otherKey = AuthSettings.From(new AuthOptions(), isDevelopment: true);
        var forged = new TokenIssuer(otherKey, TimeProvider.System).Issue("Patient/123", "patient/*.rs");

        using var whoAmI = await app.WhoAmIAsync(forged.AccessToken);

        Assert.Equal(HttpStatusCode.Unauthorized, whoAmI.StatusCode);
    }

    [Fact]
    public async Task The_bearer_handler_reads_the_injected_clock()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));
        await using var app = await AuthTestApp.StartAsync("Development", time: time);
        var token = app.Services.GetRequiredService<TokenIssuer>().Issue("Patient/123", "patient/*.rs");

        using (var fresh = await app.WhoAmIAsync(token.AccessToken))
        {
            Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        }

        time.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1));
        using var expired = await app.WhoAmIAsync(token.AccessToken);
        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
    }

    [Fact]
    public async Task Outside_development_the_endpoint_does_not_exist()
    {
        await using var app = await AuthTestApp.StartAsync("Production", ProductionSettings);

        using var response = await app.Http.PostAsJsonAsync(DevTokenEndpoint.Path, new { sub = "Patient/123", scope = "patient/*.rs" }, Cancellation);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Null(app.Services.GetService<TokenIssuer>());
    }

    [Fact]
    public async Task Outside_development_tokens_signed_with_the_configured_key_are_accepted()
    {
        await using var app = await AuthTestApp.StartAsync("Production", ProductionSettings);
        var issuer = new TokenIssuer(app.Services.GetRequiredService<AuthSettings>(), TimeProvider.System);

        using var whoAmI = await app.WhoAmIAsync(issuer.Issue("Organization/acme", "system/Consent.rs").AccessToken);

        Assert.Equal(HttpStatusCode.OK, whoAmI.StatusCode);
        Assert.Equal("Organization/acme system/Consent.rs", await whoAmI.Content.ReadAsStringAsync(Cancellation));
    }

    [Theory]
    [InlineData("Auth:SigningKey", "One of Auth:SigningKey, Auth:JwksUri or Auth:JwksFile is required")]
    [InlineData("Auth:Issuer", "Auth:Issuer is required")]
    public async Task Outside_development_a_missing_setting_stops_the_start(string missing, string message)
    {
        var settings = new Dictionary<string, string?>(ProductionSettings);
        settings.Remove(missing);

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => AuthTestApp.StartAsync("Production", settings));

        Assert.Contains(message, failure.Message, StringComparison.Ordinal);
    }

    private static async Task AssertInvalidRequestAsync(HttpResponseMessage response, string named)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.CacheControl?.NoStore);
        using var body = await ReadJsonAsync(response);
        Assert.Equal("invalid_request", body.RootElement.GetProperty("error").GetString());
        Assert.Contains(named, body.RootElement.GetProperty("error_description").GetString(), StringComparison.Ordinal);
    }

    private static async Task<JsonDocument> ReadJsonAsync(HttpResponseMessage response) =>
        await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(Cancellation), cancellationToken: Cancellation);
}
