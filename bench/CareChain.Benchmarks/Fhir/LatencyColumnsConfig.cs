using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;

namespace CareChain.Benchmarks.Fhir;

/// <summary>Adds the median, P95 and P99 of the measured iterations to the default columns.</summary>
internal sealed class LatencyColumnsConfig : ManualConfig
{
    public LatencyColumnsConfig()
    {
        AddColumn(StatisticColumn.Median, StatisticColumn.P95, new PercentileColumn(99));
    }
}
