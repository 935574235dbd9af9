using System.Security.Cryptography;
using CareChain.Ledger.Pseudonyms;
using CareChain.Server.Telemetry;
using CareChain.Server.Tests.Hosting;
using Microsoft.Extensions.Logging;

namespace CareChain.Server.Tests.Telemetry;

public sealed partial class RedactingLoggerFactoryTests : IDisposable
{
    private readonly Pseudonymizer _pseudonymizer = new(RandomNumberGenerator.GetBytes(32));
    private readonly CapturedLogs _logs = new();
    private readonly RedactingLoggerFactory _factory;

    public RedactingLoggerFactoryTests() =>
        _factory = new RedactingLoggerFactory(new LoggerFactory([_logs]), new ReferenceRedactor(_pseudonymizer));

    [Theory]
    [InlineData("Error from storage provider during WriteStateAsync for grain patient/Patient/p-1(null)", "Error from storage provider during WriteStateAsync for grain patient/{0}(null)")]
    [InlineData("GrainId=Patient/p-1 ETag=1.", "GrainId={0} ETag=1.")]
    [InlineData("RequestPath:/fhir/Patient/p-1/_history/2 RequestId:0HN", "RequestPath:/fhir/{0}/_history/2 RequestId:0HN")]
    [InlineData("The request named Patient/p-1.", "The request named {0}.")]
    public void Patient_references_become_the_ledgers_pseudonym(string text, string expected)
    {
        var redacted = new ReferenceRedactor(_pseudonymizer).Redact(text);

        Assert.Equal(expected.Replace("{0}", "Patient#" + _pseudonymizer.Pseudonymize("Patient/p-1"), StringComparison.Ordinal), redacted);
    }

    [Theory]
    [InlineData("Signed ledger checkpoint 3 over 40 entries")]
    [InlineData("http://hl7.org/fhir/Patient and patient/ and MyPatient/x")]
    public void Text_without_a_reference_is_left_alone(string text) =>
        Assert.Same(text, new ReferenceRedactor(_pseudonymizer).Redact(text));

    [Fact]
    public void Message_values_exception_and_scopes_are_redacted()
    {
        var logger = _factory.CreateLogger("Orleans.Storage.AdoNetGrainStorage");
        var failure = new InvalidOperationException("State write failed for Observation/o-9", new TimeoutException("grain patient-record/Patient/p-1"));

        using (logger.BeginScope(new Dictionary<string, object?> { ["RequestPath"] = "/fhir/Observation/o-9" }))
        {
            GrainStateWriteFailed(logger, failure, "Patient/p-1", 3);
        }

        var entry = Assert.Single(_logs.Entries);
        Assert.DoesNotContain("p-1", entry.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("o-9", entry.Text, StringComparison.Ordinal);
        Assert.Contains("GrainId=Patient#" + _pseudonymizer.Pseudonymize("Patient/p-1"), entry.Message, StringComparison.Ordinal);
        Assert.Contains(entry.State, pair => pair.Key == "ETag" && pair.Value == "3");
        Assert.Contains("System.TimeoutException: grain patient-record/Patient#", entry.Exception!.ToString(), StringComparison.Ordinal);
        Assert.Contains("/fhir/Observation#" + _pseudonymizer.Pseudonymize("Observation/o-9"), Assert.Single(entry.Scopes), StringComparison.Ordinal);
    }

    [Fact]
    public void An_entry_without_a_reference_is_passed_on_as_it_was()
    {
        var failure = new InvalidOperationException("injected failure");

        CommitFailed(_factory.CreateLogger("CareChain.Grains.Ledger"), failure, 2, 1);

        var entry = Assert.Single(_logs.Entries);
        Assert.Same(failure, entry.Exception);
        Assert.Equal("Ledger commit of 2 entries on shard 1 failed", entry.Message);
    }

    public void Dispose() => _factory.Dispose();

    [LoggerMessage(1, LogLevel.Error, "Error writing grain state: GrainId={GrainId} ETag={ETag}")]
    private static partial void GrainStateWriteFailed(ILogger logger, Exception exception, string grainId, int eTag);

    [LoggerMessage(2, LogLevel.Error, "Ledger commit of {Entries} entries on shard {Shard} failed")]
    private static partial void CommitFailed(ILogger logger, Exception exception, int entries, int shard);
}
