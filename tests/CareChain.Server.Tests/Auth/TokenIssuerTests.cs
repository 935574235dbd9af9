using System.Security.Cryptography;
using CareChain.Server.Auth;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CareChain.Server.Tests.Auth;

public sealed class TokenIssuerTests
{
    private const string Issuer = "https://auth.carechain.test";
    private static readonly string Key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task An_issued_token_validates_and_carries_its_claims()
    {
        var settings = Settings();
        var issued = new TokenIssuer(settings, _time).Issue("Patient/123", "openid patient/Consent.read patient/Consent.read");

        var result = await ValidateAsync(issued.AccessToken, settings);

        Assert.True(result.IsValid, result.Exception?.Message);
        Assert.Equal(3600, issued.ExpiresIn);
        var token = (JsonWebToken)result.SecurityToken;
        Assert.Equal("HS256", token.Alg);
        Assert.Equal("Patient/123", token.Subject);
        Assert.Equal("openid patient/Consent.rs", token.GetPayloadValue<string>("scope"));
        Assert.Equal(Issuer, token.Issuer);
        Assert.Equal(["carechain"], token.Audiences);
        Assert.Equal(_time.GetUtcNow().UtcDateTime, token.IssuedAt);
        Assert.Equal(_time.GetUtcNow().UtcDateTime, token.ValidFrom);
        Assert.Equal(_time.GetUtcNow().UtcDateTime.AddHours(1), token.ValidTo);
        Assert.False(string.IsNullOrEmpty(token.Id));
    }

    [Fact]
    public void Every_token_has_its_own_id()
    {
        var issuer = new TokenIssuer(Settings(), _time);

        var first = new JsonWebToken(issuer.Issue("Patient/123", "patient/*.rs").AccessToken);
        var second = new JsonWebToken(issuer.Issue("Patient/123", "patient/*.rs").AccessToken);

        Assert.NotEqual(first.Id, second.Id);
    }

    [Fact]
    public void The_lifetime_comes_from_the_settings()
    {
        var issued = new TokenIssuer(Settings(lifetime: TimeSpan.FromMinutes(5)), _time).Issue("Practitioner/7", "user/*.rs");

        Assert.Equal(300, issued.ExpiresIn);
        Assert.Equal(_time.GetUtcNow().UtcDateTime.AddMinutes(5), new JsonWebToken(issued.AccessToken).ValidTo);
    }

    [Fact]
    public async Task A_token_signed_with_another_key_is_rejected()
    {
        var issued = new TokenIssuer(Settings(key: Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))), _time).Issue("Patient/123", "patient/*.rs");

        var result = await ValidateAsync(issued.AccessToken, Settings());

        Assert.False(result.IsValid);
        Assert.IsType<SecurityTokenSignatureKeyNotFoundException>(result.Exception, exactMatch: false);
    }

    [Fact]
    public async Task A_token_from_another_issuer_is_rejected()
    {
        var issued = new TokenIssuer(Settings(issuer: "https://evil.example"), _time).Issue("Patient/123", "patient/*.rs");

        var result = await ValidateAsync(issued.AccessToken, Settings());

        Assert.False(result.IsValid);
        Assert.IsType<SecurityTokenInvalidIssuerException>(result.Exception);
    }

    [Fact]
    public async Task A_token_for_another_audience_is_rejected()
    {
        var issued = new TokenIssuer(Settings(audience: "someone-else"), _time).Issue("Patient/123", "patient/*.rs");

        var result = await ValidateAsync(issued.AccessToken, Settings());

        Assert.False(result.IsValid);
        Assert.IsType<SecurityTokenInvalidAudienceException>(result.Exception);
    }

    [Fact]
    public async Task A_token_is_accepted_up_to_the_clock_skew_after_expiry_and_rejected_after()
    {
        var settings = Settings();
        var issued = new TokenIssuer(settings, _time).Issue("Patient/123", "patient/*.rs");

        _time.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(29));
        Assert.True((await ValidateAsync(issued.AccessToken, settings)).IsValid);

        _time.Advance(TimeSpan.FromSeconds(2));
        var result = await ValidateAsync(issued.AccessToken, settings);
        Assert.False(result.IsValid);
        Assert.IsType<SecurityTokenExpiredException>(result.Exception);
    }

    [Fact]
    public async Task A_token_from_the_future_is_rejected()
    {
        var settings = Settings();
        var slightlyAhead = new TokenIssuer(settings, new FakeTimeProvider(_time.GetUtcNow().AddSeconds(20))).Issue("Patient/123", "patient/*.rs");
        var farAhead = new TokenIssuer(settings, new FakeTimeProvider(_time.GetUtcNow().AddMinutes(1))).Issue("Patient/123", "patient/*.rs");

        Assert.True((await ValidateAsync(slightlyAhead.AccessToken, settings)).IsValid);
        var result = await ValidateAsync(farAhead.AccessToken, settings);

        Assert.False(result.IsValid);
        Assert.IsType<SecurityTokenNotYetValidException>(result.Exception);
    }

    [Fact]
    public async Task A_token_without_expiry_is_rejected()
    {
        var settings = Settings();
        var token = Handler().CreateToken(Descriptor(settings, new SigningCredentials(settings.SigningKey!, SecurityAlgorithms.HmacSha256)));

        var result = await ValidateAsync(token, settings);

        Assert.False(result.IsValid);
        Assert.IsType<SecurityTokenNoExpirationException>(result.Exception);
    }

    [Fact]
    public async Task Only_hs256_is_accepted()
    {
        var key = RandomNumberGenerator.GetBytes(64);
        var settings = Settings(key: Convert.ToBase64String(key));
        var descriptor = Descriptor(settings, new SigningCredentials(new SymmetricSecurityKey(key), SecurityAlgorithms.HmacSha512));
        descriptor.Expires = _time.GetUtcNow().UtcDateTime.AddHours(1);

        var token = Handler().CreateToken(descriptor);

        Assert.False((await ValidateAsync(token, settings)).IsValid);
        // The same token passes once the algorithm restriction is lifted: HS512 is all that was wrong with it.
        var unrestricted = AuthServiceCollectionExtensions.CreateTokenValidationParameters(settings, _time);
        unrestricted.AlgorithmValidator = null;
        Assert.True((await Handler().ValidateTokenAsync(token, unrestricted)).IsValid);
    }

    [Fact]
    public async Task An_unsigned_token_is_rejected()
    {
        var settings = Settings();
        var descriptor = Descriptor(settings, signingCredentials: null);
        descriptor.Expires = _time.GetUtcNow().UtcDateTime.AddHours(1);

        var result = await ValidateAsync(Handler().CreateToken(descriptor), settings);

        Assert.False(result.IsValid);
    }

    [Theory]
    [InlineData("Device/1", "patient/*.rs")]
    [InlineData("Patient/123", "patient/Banana.rs")]
    public void Invalid_claims_are_not_issued(string subject, string scope)
    {
        Assert.Throws<FormatException>(() => new TokenIssuer(Settings(), _time).Issue(subject, scope));
    }

    private static AuthSettings Settings(string issuer = Issuer, string audience = "carechain", string? key = null, TimeSpan? lifetime = null) =>
        AuthSettings.From(
            new AuthOptions { Issuer = issuer, Audience = audience, SigningKey = key ?? Key, TokenLifetime = lifetime ?? TimeSpan.FromHours(1) },
            isDevelopment: false);

    private Task<TokenValidationResult> ValidateAsync(string token, AuthSettings settings) =>
        Handler().ValidateTokenAsync(token, AuthServiceCollectionExtensions.CreateTokenValidationParameters(settings, _time));

    private SecurityTokenDescriptor Descriptor(AuthSettings settings, SigningCredentials? signingCredentials) => new()
    {
        Issuer = settings.Issuer,
        Audience = settings.Audience,
        IssuedAt = _time.GetUtcNow().UtcDateTime,
        SigningCredentials = signingCredentials,
        Claims = new Dictionary<string, object> { ["sub"] = "Patient/123", ["scope"] = "patient/*.rs" },
    };

    private static JsonWebTokenHandler Handler() => new() { SetDefaultTimesOnTokenCreation = false, MapInboundClaims = false };
}
