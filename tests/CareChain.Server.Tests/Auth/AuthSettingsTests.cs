using System.Security.Cryptography;
using CareChain.Server.Auth;

namespace CareChain.Server.Tests.Auth;

public sealed class AuthSettingsTests
{
    private static readonly string Key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    [Fact]
    public void Development_fills_in_the_issuer_and_a_random_key()
    {
        var first = AuthSettings.From(new AuthOptions(), isDevelopment: true);
        var second = AuthSettings.From(new AuthOptions(), isDevelopment: true);

        Assert.Equal(AuthOptions.DevelopmentIssuer, first.Issuer);
        Assert.Equal("carechain", first.Audience);
        Assert.Equal(TimeSpan.FromHours(1), first.TokenLifetime);
        Assert.NotNull(first.SigningKey);
        Assert.NotNull(second.SigningKey);
        Assert.Equal(32, first.SigningKey.Key.Length);
        Assert.NotEqual(first.SigningKey.Key, second.SigningKey.Key);
        Assert.Null(first.JwksUri);
        Assert.Empty(first.FileKeys);
    }

    [Fact]
    public void Configured_settings_are_used_as_given()
    {
        var settings = AuthSettings.From(
            new AuthOptions { Issuer = "https://auth.example", Audience = "api", SigningKey = Key, TokenLifetime = TimeSpan.FromMinutes(10) },
            isDevelopment: false);

        Assert.Equal("https://auth.example", settings.Issuer);
        Assert.Equal("api", settings.Audience);
        Assert.Equal(Convert.FromBase64String(Key), settings.SigningKey?.Key);
        Assert.Equal(TimeSpan.FromMinutes(10), settings.TokenLifetime);
    }

    [Fact]
    public void Outside_development_a_missing_issuer_stops_the_start()
    {
        var failure = Assert.Throws<InvalidOperationException>(() => AuthSettings.From(new AuthOptions { SigningKey = Key }, isDevelopment: false));

        Assert.Contains("Auth:Issuer is required", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Outside_development_a_missing_key_stops_the_start()
    {
        var failure = Assert.Throws<InvalidOperationException>(
            () => AuthSettings.From(new AuthOptions { Issuer = "https://auth.example" }, isDevelopment: false));

        Assert.Contains("One of Auth:SigningKey, Auth:JwksUri or Auth:JwksFile is required", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Outside_development_an_identity_providers_jwks_url_is_enough()
    {
        var settings = AuthSettings.From(
            new AuthOptions { Issuer = "https://idp.example/realms/care", JwksUri = "https://idp.example/realms/care/certs" }, isDevelopment: false);

        Assert.Null(settings.SigningKey);
        Assert.Equal(new Uri("https://idp.example/realms/care/certs"), settings.JwksUri);
        Assert.Equal(TimeSpan.FromHours(6), settings.JwksRefreshInterval);
        Assert.Equal(TimeSpan.FromMinutes(5), settings.JwksUnknownKeyRefreshInterval);
    }

    [Theory]
    [InlineData("http://localhost:8081/jwks")]
    [InlineData("http://127.0.0.1:8081/jwks")]
    [InlineData("http://[::1]:8081/jwks")]
    public void Plain_http_is_accepted_for_loopback_only(string loopback)
    {
        var options = new AuthOptions { Issuer = "https://idp.example", JwksUri = loopback };

        Assert.NotNull(AuthSettings.From(options, isDevelopment: false).JwksUri);
        options.JwksUri = loopback.Replace("localhost", "idp.example", StringComparison.Ordinal)
            .Replace("127.0.0.1", "192.0.2.1", StringComparison.Ordinal).Replace("[::1]", "[2001:db8::1]", StringComparison.Ordinal);
        var failure = Assert.Throws<InvalidOperationException>(() => AuthSettings.From(options, isDevelopment: false));
        Assert.Contains("Auth:JwksUri must use https", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(nameof(AuthOptions.JwksRefreshInterval))]
    [InlineData(nameof(AuthOptions.JwksUnknownKeyRefreshInterval))]
    public void Jwks_intervals_must_be_positive(string interval)
    {
        var options = new AuthOptions { Issuer = "https://idp.example", JwksUri = "https://idp.example/certs" };
        if (interval == nameof(AuthOptions.JwksRefreshInterval))
        {
            options.JwksRefreshInterval = TimeSpan.Zero;
        }
        else
        {
            options.JwksUnknownKeyRefreshInterval = -TimeSpan.FromMinutes(1);
        }

        var failure = Assert.Throws<InvalidOperationException>(() => AuthSettings.From(options, isDevelopment: false));

        Assert.Contains($"Auth:{interval} must be positive", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_short_key_is_refused_even_in_development()
    {
        var shortKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(31));

        var failure = Assert.Throws<InvalidOperationException>(() => AuthSettings.From(new AuthOptions { SigningKey = shortKey }, isDevelopment: true));

        Assert.Contains("at least 32 bytes", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(shortKey, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_that_is_not_base64_is_refused_without_quoting_it()
    {
        const string secret = "this is not base64 but it is a secret!";

        var failure = Assert.Throws<InvalidOperationException>(
            () => AuthSettings.From(new AuthOptions { Issuer = "https://auth.example", SigningKey = secret }, isDevelopment: false));

        Assert.Contains("Auth:SigningKey is not valid base64", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("-00:05:00")]
    public void A_lifetime_that_is_not_positive_is_refused(string lifetime)
    {
        var options = new AuthOptions { TokenLifetime = TimeSpan.Parse(lifetime, System.Globalization.CultureInfo.InvariantCulture) };

        var failure = Assert.Throws<InvalidOperationException>(() => AuthSettings.From(options, isDevelopment: true));

        Assert.Contains("Auth:TokenLifetime", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_options_never_print_the_key()
    {
        Assert.DoesNotContain(Key, new AuthOptions { SigningKey = Key }.ToString(), StringComparison.Ordinal);
    }
}
