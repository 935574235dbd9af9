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
        Assert.Equal(32, first.SigningKey.Key.Length);
        Assert.NotEqual(first.SigningKey.Key, second.SigningKey.Key);
    }

    [Fact]
    public void Configured_settings_are_used_as_given()
    {
        var settings = AuthSettings.From(
            new AuthOptions { Issuer = "https://auth.example", Audience = "api", SigningKey = Key, TokenLifetime = TimeSpan.FromMinutes(10) },
            isDevelopment: false);

        Assert.Equal("https://auth.example", settings.Issuer);
        Assert.Equal("api", settings.Audience);
        Assert.Equal(Convert.FromBase64String(Key), settings.SigningKey.Key);
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

        Assert.Contains("Auth:SigningKey is required", failure.Message, StringComparison.Ordinal);
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
