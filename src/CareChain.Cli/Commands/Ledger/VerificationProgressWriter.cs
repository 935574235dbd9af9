using System.Globalization;
using CareChain.Ledger.Verification;

namespace CareChain.Cli.Commands.Ledger;

/// <summary>
/// Shows verification progress on one stderr line, rewritten in place with a carriage return and
/// at most every <see cref="Interval"/>, so reporting costs nothing noticeable on a fast run and
/// never interleaves with the summary. Reports arrive on the verifier's thread, synchronously: a
/// <see cref="Progress{T}"/> would post them to the thread pool, where a late one could land
/// after the summary.
/// </summary>
internal sealed class VerificationProgressWriter : IProgress<VerificationProgress>
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    private readonly TextWriter _error;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private long _lastWritten;
    private int _shownLength;

    public VerificationProgressWriter(TextWriter error, TimeProvider time)
    {
        _error = error;
        _time = time;

        // Nothing shows until a run has lasted one interval: quick runs stay quiet.
        _lastWritten = time.GetTimestamp();
    }

    public void Report(VerificationProgress value)
    {
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            if (_time.GetElapsedTime(_lastWritten, now) < Interval)
            {
                return;
            }

            _lastWritten = now;
            var text = string.Create(
                CultureInfo.InvariantCulture, $"verifying: shard {value.Shard}, {value.EntriesVerified:N0} entries checked");

            // Padding erases the tail of a longer previous line.
            _error.Write("\r" + text.PadRight(_shownLength));
            _error.Flush();
            _shownLength = text.Length;
        }
    }

    /// <summary>Erases the progress line so the next output starts on a clean line.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            if (_shownLength == 0)
            {
                return;
            }

            _error.Write("\r" + new string(' ', _shownLength) + "\r");
            _error.Flush();
            _shownLength = 0;
        }
    }
}
