using System.Globalization;
using CareChain.Grains.Ledger.Details;
using CareChain.Grains.Ledger.Pseudonyms;
using CareChain.Ledger.Entries;
using CareChain.Server.Storage;
using CareChain.Server.Tests.Fhir.Support;
using CareChain.Testing;
using Hl7.Fhir.Model;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Task = System.Threading.Tasks.Task;

namespace CareChain.Server.Tests.Fhir.Api;

/// <summary>Emergency access without consent is allowed by policy, ledgered as such, and shown to the patient.</summary>
public sealed class BreakGlassTests(PostgresServer postgres)
{
    [Fact]
    public async Task Break_the_glass_read_is_allowed_and_the_patient_sees_it()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await FhirServer.StartAsync(StorageProvider.Sqlite, postgres);
        var feed = server.Feed();
        await feed.Client.UpdateAsync(ClinicalData.Patient("p1"), ct: ct);
        var glucose = await feed.Client.CreateAsync(ClinicalData.Observation("p1", ClinicalData.Glucose, 41, "mg/dL"), ct: ct);
        var emergency = server.Practitioner("dr-er", ("X-Purpose-Of-Use", "ETREAT"), ("X-Break-Glass-Reason", "unresponsive on arrival, suspected hypoglycaemia"));

        var read = await emergency.Client.ReadAsync<Observation>($"Observation/{glucose!.Id}", ct: ct);

        Assert.Equal(ClinicalData.Glucose, read!.Code!.Coding[0].Code);
        var trail = await server.Patient("p1").Client.SearchAsync<AuditEvent>(["agent=Practitioner/dr-er"], ct: ct);
        var seen = Assert.Single(trail!.Entry.Select(e => e.Resource).OfType<AuditEvent>(), e => e.Subtype.Any(s => s.Code == "read"));
        Assert.Equal(AuditEvent.AuditEventOutcome.N0, seen.Outcome);
        Assert.Contains(seen.PurposeOfEvent, purpose => purpose.Coding.Any(c => c.Code == "ETREAT"));
        Assert.Contains("break-the-glass", seen.OutcomeDesc, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_justification_is_kept_off_the_ledger_shown_with_the_access_and_erasable()
    {
        const string Reason = "unresponsive on arrival, suspected hypoglycaemia";
        var ct = TestContext.Current.CancellationToken;
        await using var server = await FhirServer.StartAsync(StorageProvider.Sqlite, postgres);
        var feed = server.Feed();
        await feed.Client.UpdateAsync(ClinicalData.Patient("p1"), ct: ct);
        var glucose = await feed.Client.CreateAsync(ClinicalData.Observation("p1", ClinicalData.Glucose, 41, "mg/dL"), ct: ct);
        var emergency = server.Practitioner("dr-er", ("X-Purpose-Of-Use", "ETREAT"), ("X-Break-Glass-Reason", Reason));

        await emergency.Client.ReadAsync<Observation>($"Observation/{glucose!.Id}", ct: ct);

        // The ledger commits to the sealed reason by digest and holds none of its words.
        var position = emergency.LastLedgerEntry!.Split('/');
        var stored = await server.Host.Store.ReadShardAsync(int.Parse(position[0], CultureInfo.InvariantCulture), long.Parse(position[1], CultureInfo.InvariantCulture), 1, ct).SingleAsync(ct);
        var entry = LedgerEntryCodec.Decode(stored.Body);
        Assert.StartsWith("break-glass justification:", entry.Details, StringComparison.Ordinal);
        Assert.Equal(-1, stored.Body.AsSpan().IndexOf("hypoglycaemia"u8));

        var id = $"{position[0]}-{position[1]}";
        Assert.Equal(Reason, EmergencyPurpose(await server.Patient("p1").Client.ReadAsync<AuditEvent>($"AuditEvent/{id}", ct: ct)).Text);
        Assert.Equal(Reason, EmergencyPurpose(await server.Auditor().Client.ReadAsync<AuditEvent>($"AuditEvent/{id}", ct: ct)).Text);

        // Erasure destroys the patient's data key: the reason is gone, the entry and its proofs stay valid.
        var ledgerFile = Path.Combine(server.Settings.DataPath, StorageOptions.LedgerDatabaseFileName);
        var erasable = await ErasableBytesAsync(ledgerFile, ct);
        var patient = server.Host.Services.GetRequiredService<PseudonymDirectory>().Pseudonymize("Patient/p1");
        Assert.True(await server.Host.Services.GetRequiredService<SealedDetailStore>().ShredAsync(patient, ct));

        // Not just unreachable: the key and the sealed reason are gone from the database files on disk.
        var onDisk = await OnDiskAsync(ledgerFile, ct);
        Assert.Equal(2, erasable.Count);
        Assert.All(erasable, bytes => Assert.Equal(-1, onDisk.AsSpan().IndexOf(bytes)));

        var erased = EmergencyPurpose(await server.Patient("p1").Client.ReadAsync<AuditEvent>($"AuditEvent/{id}", ct: ct));
        Assert.Contains("erased", erased.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("hypoglycaemia", erased.Text, StringComparison.Ordinal);
        await server.Host.CheckpointAsync();
        var report = await server.Host.VerifyAsync();
        Assert.True(report.IsIntact, report.ToString());
    }

    [Fact]
    public async Task A_rotated_details_key_keeps_every_justification_readable_without_the_old_key()
    {
        const string Reason = "anaphylaxis, no response";
        var ct = TestContext.Current.CancellationToken;
        await using var first = await FhirServer.StartAsync(StorageProvider.Sqlite, postgres);
        await first.Feed().Client.UpdateAsync(ClinicalData.Patient("p1"), ct: ct);
        var glucose = await first.Feed().Client.CreateAsync(ClinicalData.Observation("p1", ClinicalData.Glucose, 41, "mg/dL"), ct: ct);
        var emergency = first.Practitioner("dr-er", ("X-Purpose-Of-Use", "ETREAT"), ("X-Break-Glass-Reason", Reason));
        await emergency.Client.ReadAsync<Observation>($"Observation/{glucose!.Id}", ct: ct);
        var id = emergency.LastLedgerEntry!.Replace('/', '-');
        var oldKey = first.Settings.DetailsKey;
        var newKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

        // Rotation: the new key in charge, the old one retired; the silo re-wraps at start.
        await using var rotating = await first.RestartAsync(settings => settings with { DetailsKey = newKey, RetiredDetailsKeys = [oldKey] });
        Assert.Equal(Reason, EmergencyPurpose(await rotating.Patient("p1").Client.ReadAsync<AuditEvent>($"AuditEvent/{id}", ct: ct)).Text);

        // The old key destroyed: nothing it wrapped is left, yet the reason still opens.
        await using var rotated = await rotating.RestartAsync(settings => settings with { RetiredDetailsKeys = [] });
        Assert.Equal(Reason, EmergencyPurpose(await rotated.Patient("p1").Client.ReadAsync<AuditEvent>($"AuditEvent/{id}", ct: ct)).Text);
    }

    [Fact]
    public async Task Emergency_purpose_without_a_stated_reason_is_still_bound_by_consent()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await FhirServer.StartAsync(StorageProvider.Sqlite, postgres);
        var feed = server.Feed();
        await feed.Client.UpdateAsync(ClinicalData.Patient("p1"), ct: ct);
        var glucose = await feed.Client.CreateAsync(ClinicalData.Observation("p1", ClinicalData.Glucose, 41, "mg/dL"), ct: ct);

        var error = await FhirCaller.FailsAsync(() =>
            server.Practitioner("dr-er", ("X-Purpose-Of-Use", "ETREAT")).Client.ReadAsync<Observation>($"Observation/{glucose!.Id}", ct: ct));

        Assert.Equal(System.Net.HttpStatusCode.Forbidden, error.Status);
    }

    private static async Task<List<byte[]>> ErasableBytesAsync(string ledgerFile, CancellationToken ct)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = ledgerFile, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT wrapped FROM patient_data_keys UNION ALL SELECT sealed FROM sealed_details";
        await using var reader = await command.ExecuteReaderAsync(ct);
        var values = new List<byte[]>();
        while (await reader.ReadAsync(ct))
        {
            values.Add((byte[])reader.GetValue(0));
        }

        return values;
    }

    private static async Task<byte[]> OnDiskAsync(string ledgerFile, CancellationToken ct)
    {
        using var bytes = new MemoryStream();
        foreach (var path in new[] { ledgerFile, ledgerFile + "-wal" }.Where(File.Exists))
        {
            await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            await file.CopyToAsync(bytes, ct);
        }

        return bytes.ToArray();
    }

    private static CodeableConcept EmergencyPurpose(AuditEvent? audit) =>
        Assert.Single(audit!.PurposeOfEvent, purpose => purpose.Coding.Any(coding => coding.Code == "ETREAT"));
}
