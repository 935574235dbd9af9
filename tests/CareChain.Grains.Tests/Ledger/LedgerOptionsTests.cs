using CareChain.Grains.Ledger;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CareChain.Grains.Tests.Ledger;

public sealed class LedgerOptionsTests
{
    [Theory]
    [InlineData("Shards", "0", "Ledger:Shards")]
    [InlineData("Shards", "5000", "Ledger:Shards")]
    [InlineData("CheckpointInterval", "00:00:00.100", "Ledger:CheckpointInterval")]
    [InlineData("MaxBatchSize", "0", "Ledger:MaxBatchSize")]
    public void Out_of_range_ledger_settings_are_refused_naming_the_setting(string key, string value, string named)
    {
        using var services = Build(new() { ["Ledger:" + key] = value });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<LedgerOptions>>().Value);

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Defaults_are_sixteen_shards_and_a_thirty_second_checkpoint_interval()
    {
        using var services = Build([]);

        var options = services.GetRequiredService<IOptions<LedgerOptions>>().Value;

        Assert.Equal(16, options.Shards);
        Assert.Equal(TimeSpan.FromSeconds(30), options.CheckpointInterval);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings) =>
        new ServiceCollection()
            .AddCareChainLedger(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .BuildServiceProvider();
}
