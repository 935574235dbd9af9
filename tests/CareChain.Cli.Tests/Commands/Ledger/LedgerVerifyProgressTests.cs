using CareChain.Cli.Tests.Infrastructure;
using CareChain.Testing;
using Microsoft.Extensions.Time.Testing;

namespace CareChain.Cli.Tests.Commands.Ledger;

/// <summary>Progress goes to stderr, in place, only when asked for or when stderr is a terminal.</summary>
[Trait("Category", "Cli")]
public sealed class LedgerVerifyProgressTests : IAsyncLifetime
{
    private readonly TemporaryDirectory _folder = new("carechain-cli");
    private readonly TestLedger _ledger = TestLedger.Create(shards: 3, rounds: 1, perRound: 3, trailing: 0);
    private string _database = null!;

    public async ValueTask InitializeAsync()
    {
        _database = _folder.Combine("ledger.db");
        await LedgerDatabase.WriteAsync(_database, _ledger);
    }

    public ValueTask DisposeAsync()
    {
        _ledger.Dispose();
        _folder.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Progress_option_writes_progress_to_stderr_and_keeps_the_summary_clean()
    {
        // Every clock read moves a second on, so every report is due.
        var time = new FakeTimeProvider { AutoAdvanceAmount = TimeSpan.FromSeconds(1) };

        var run = await CliRun.InvokeAsync(
            ["ledger", "verify", "--db", _database, "--progress"], environment => environment with { Time = time });

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("ledger intact: 10 entries in 3 shards", Assert.Single(run.OutLines), StringComparison.Ordinal);
        Assert.DoesNotContain('\r', run.Out);
        // Shards are verified in parallel, so whichever finishes last makes the final report.
        Assert.Matches(@"\rverifying: shard [0-2], 10 entries checked", run.Error);

        // The progress line is erased before the command ends.
        Assert.EndsWith("\r", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Terminal_stderr_shows_progress_without_the_option()
    {
        var time = new FakeTimeProvider { AutoAdvanceAmount = TimeSpan.FromSeconds(1) };

        var run = await CliRun.InvokeAsync(
            ["ledger", "verify", "--db", _database], environment => environment with { Time = time, IsErrorRedirected = false });

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("\rverifying: ", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Redirected_stderr_shows_no_progress()
    {
        var time = new FakeTimeProvider { AutoAdvanceAmount = TimeSpan.FromSeconds(1) };

        var run = await CliRun.InvokeAsync(["ledger", "verify", "--db", _database], environment => environment with { Time = time });

        Assert.Equal(0, run.ExitCode);
        Assert.Empty(run.Error);
    }
}
