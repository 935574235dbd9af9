using System.Diagnostics;
using System.Globalization;

namespace CareChain.Benchmarks.Fhir;

/// <summary>
/// Per-call latency percentiles. BenchmarkDotNet's percentile columns are percentiles of iteration
/// means (thousands of calls each), which hide the tail; a latency target is about single calls,
/// so the decision benchmarks also time every call of a sample run with this and print the result.
/// </summary>
internal static class LatencySample
{
    /// <summary>
    /// Runs <paramref name="call"/> <paramref name="callsPerCaller"/> times from each of
    /// <paramref name="callers"/> concurrent callers, timing each call, and returns a one-line summary.
    /// </summary>
    public static async Task<string> MeasureAsync(string label, int callers, int callsPerCaller, Func<ValueTask> call)
    {
        var perCaller = new long[callers][];
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, callers).Select(c => Task.Run(async () =>
        {
            var ticks = new long[callsPerCaller];
            for (var i = 0; i < callsPerCaller; i++)
            {
                var start = Stopwatch.GetTimestamp();
                await call();
                ticks[i] = Stopwatch.GetTimestamp() - start;
            }

            perCaller[c] = ticks;
        })));
        var elapsed = Stopwatch.GetElapsedTime(started);

        var all = perCaller.SelectMany(t => t).ToArray();
        Array.Sort(all);
        return string.Create(CultureInfo.InvariantCulture, $"// latency {label}, {callers} caller(s), {all.Length:N0} calls: " +
            $"p50 {Micros(all, 0.50)} us, p90 {Micros(all, 0.90)} us, p99 {Micros(all, 0.99)} us, p99.9 {Micros(all, 0.999)} us, " +
            $"max {Micros(all, 1.0)} us; {all.Length / elapsed.TotalSeconds:N0} calls/s");
    }

    private static string Micros(long[] sorted, double quantile)
    {
        // Nearest-rank percentile.
        var rank = (int)Math.Ceiling(quantile * sorted.Length) - 1;
        var ticks = sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
        return (ticks * 1_000_000.0 / Stopwatch.Frequency).ToString("F1", CultureInfo.InvariantCulture);
    }
}
