using CareChain.Cli.Commands.Ledger;
using CareChain.Ledger.Verification;
using Microsoft.Extensions.Time.Testing;

namespace CareChain.Cli.Tests.Commands.Ledger;

[Trait("Category", "Cli")]
public sealed class VerificationProgressWriterTests : IDisposable
{
    private readonly FakeTimeProvider _time = new();
    private readonly StringWriter _error = new();

    public void Dispose() => _error.Dispose();

    [Fact]
    public void Nothing_is_shown_before_the_first_interval_passes()
    {
        var sut = new VerificationProgressWriter(_error, _time);

        sut.Report(new VerificationProgress(0, 65_536));
        _time.Advance(TimeSpan.FromMilliseconds(249));
        sut.Report(new VerificationProgress(0, 131_072));

        Assert.Empty(_error.ToString());
    }

    [Fact]
    public void Progress_is_rewritten_in_place_at_most_once_per_interval()
    {
        var sut = new VerificationProgressWriter(_error, _time);

        _time.Advance(VerificationProgressWriter.Interval);
        sut.Report(new VerificationProgress(1, 1_000_000));
        sut.Report(new VerificationProgress(1, 1_065_536));
        _time.Advance(VerificationProgressWriter.Interval);
        sut.Report(new VerificationProgress(2, 70));

        Assert.Equal(
            "\rverifying: shard 1, 1,000,000 entries checked" + "\rverifying: shard 2, 70 entries checked       ",
            _error.ToString());
    }

    [Fact]
    public void Clear_erases_the_line_and_leaves_the_cursor_at_its_start()
    {
        var sut = new VerificationProgressWriter(_error, _time);
        _time.Advance(VerificationProgressWriter.Interval);
        sut.Report(new VerificationProgress(0, 5));

        sut.Clear();

        var shown = "verifying: shard 0, 5 entries checked";
        Assert.Equal("\r" + shown + "\r" + new string(' ', shown.Length) + "\r", _error.ToString());
    }
}
