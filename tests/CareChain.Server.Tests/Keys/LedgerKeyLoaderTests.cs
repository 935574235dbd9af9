using System.Security.Cryptography;
using CareChain.Server.Keys;
using CareChain.Testing;
using Microsoft.Extensions.Configuration;

namespace CareChain.Server.Tests.Keys;

public sealed class LedgerKeyLoaderTests
{
    [Fact]
    public void An_embedded_node_generates_each_key_once_readable_by_the_owner_only()
    {
        using var folder = new TemporaryDirectory("carechain-keys");
        var keys = folder.Combine("keys");

        var first = new LedgerKeyLoader(new LedgerKeysOptions(), keys);
        first.LoadDetailsKey();
        first.LoadPseudonymizer();
        var detailsFile = Path.Combine(keys, "details-key.b64");
        var generated = File.ReadAllText(detailsFile);
        new LedgerKeyLoader(new LedgerKeysOptions(), keys).LoadDetailsKey();

        Assert.Equal(generated, File.ReadAllText(detailsFile));
        Assert.Equal(32, Convert.FromBase64String(generated).Length);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(detailsFile));
        }
    }

    [Fact]
    public void A_cluster_node_without_a_configured_details_key_does_not_start()
    {
        var loader = new LedgerKeyLoader(new LedgerKeysOptions(), generatedKeysFolder: null);

        var failure = Assert.Throws<InvalidOperationException>(loader.LoadDetailsKey);

        Assert.Contains("Ledger:Keys:DetailsKey", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(16)]
    [InlineData(31)]
    [InlineData(33)]
    [InlineData(64)]
    public void A_details_key_of_the_wrong_size_is_refused(int size)
    {
        var loader = new LedgerKeyLoader(new LedgerKeysOptions { DetailsKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(size)) }, null);

        var failure = Assert.Throws<InvalidOperationException>(loader.LoadDetailsKey);

        Assert.Contains("exactly 32 bytes", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Retired_details_keys_are_loaded_beside_the_current_one_and_checked_alike()
    {
        var current = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var retired = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

        var loaded = new LedgerKeyLoader(new LedgerKeysOptions { DetailsKey = current, RetiredDetailsKeys = [retired] }, null).LoadDetailsKey();
        var failure = Assert.Throws<InvalidOperationException>(
            new LedgerKeyLoader(new LedgerKeysOptions { DetailsKey = current, RetiredDetailsKeys = [retired, "c2hvcnQ="] }, null).LoadDetailsKey);

        Assert.True(loaded.HasRetiredKeys);
        Assert.Equal("The retired details key 1 must be exactly 32 bytes (AES-256).", failure.Message);
    }

    [Fact]
    public void Retired_details_keys_bind_from_configuration_as_a_list()
    {
        var retired = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Ledger:Keys:RetiredDetailsKeys:0"] = retired })
            .Build();

        var options = configuration.GetSection(LedgerKeysOptions.SectionName).Get<LedgerKeysOptions>()!;

        Assert.Equal([retired], options.RetiredDetailsKeys);
    }

    [Fact]
    public void A_malformed_details_key_is_refused_without_quoting_it()
    {
        const string Secret = "not*base64*secret";
        var loader = new LedgerKeyLoader(new LedgerKeysOptions { DetailsKey = Secret }, null);

        var failure = Assert.Throws<InvalidOperationException>(loader.LoadDetailsKey);

        Assert.Equal("The details key is not valid base64.", failure.Message);
    }

    [Fact]
    public void A_configured_key_file_that_does_not_exist_is_named()
    {
        using var folder = new TemporaryDirectory("carechain-keys");
        var missing = folder.Combine("absent.b64");
        var loader = new LedgerKeyLoader(new LedgerKeysOptions { DetailsKeyFile = missing }, null);

        var failure = Assert.Throws<InvalidOperationException>(loader.LoadDetailsKey);

        Assert.Contains("Ledger:Keys:DetailsKeyFile", failure.Message, StringComparison.Ordinal);
    }
}
