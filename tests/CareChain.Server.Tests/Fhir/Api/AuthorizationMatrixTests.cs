using System.Net;
using CareChain.Server.Tests.Fhir.Support.Matrix;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;

namespace CareChain.Server.Tests.Fhir.Api;

/// <summary>
/// Who may do what through the FHIR API: every endpoint × every kind of caller against one seeded server
/// (see <see cref="MatrixServer"/>), with raw HTTP so statuses are exact. Every answer to an authenticated
/// caller names its ledger entry; every 401 and 403 explains itself in an OperationOutcome.
/// </summary>
public sealed class AuthorizationMatrixTests(MatrixServer server) : IClassFixture<MatrixServer>
{
    private const string LedgerEntryList = @"^\d+/\d+(\s*,\s*\d+/\d+)*$";

    public static IEnumerable<TheoryDataRow<MatrixRow>> Rows => AuthorizationMatrix.Rows;

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task Caller_gets_the_exact_status_with_ledger_entry_and_outcome(MatrixRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var ct = TestContext.Current.CancellationToken;
        var cell = row.Case;
        var request = await cell.Endpoint.Prepare(server, cell.Caller, ct);

        var response = await server.SendAsync(cell.Caller, request, ct);

        Assert.True(
            response.Status == cell.Status,
            $"{request} as {cell.Caller}: expected {(int)cell.Status}, got {(int)response.Status} {response.Body}");
        if (response.Status == HttpStatusCode.Unauthorized)
        {
            // Nobody to hold to account: an unauthenticated request must not grow the ledger.
            Assert.Null(response.LedgerEntry);
        }
        else if (cell.Ledgered)
        {
            Assert.True(
                response.LedgerEntry is not null,
                $"{request} as {cell.Caller} answered {(int)response.Status} without an X-Ledger-Entry header: {response.Body}");
            Assert.Matches(LedgerEntryList, response.LedgerEntry);
        }

        if (response.Status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            var outcome = response.Parse<OperationOutcome>();
            Assert.Contains(outcome.Issue, issue => issue.Severity is OperationOutcome.IssueSeverity.Error or OperationOutcome.IssueSeverity.Fatal);
            Assert.Contains(
                outcome.Issue,
                issue => issue.Code == (response.Status == HttpStatusCode.Unauthorized ? OperationOutcome.IssueType.Login : OperationOutcome.IssueType.Forbidden));
        }

        if (cell.Check is { } check)
        {
            await check(server, response, ct);
        }
    }

    [Fact]
    public async Task Denied_attempts_are_ledgered_with_the_patient()
    {
        var ct = TestContext.Current.CancellationToken;
        var denied = await server.SendAsync(
            MatrixCaller.DrLee, new MatrixRequest(HttpMethod.Get, "Observation/" + MatrixServer.ObservationP2), ct);
        Assert.Equal(HttpStatusCode.Forbidden, denied.Status);
        var deniedEventId = MatrixServer.AuditEventId(denied.LedgerEntry);

        var audit = await server.SendAsync(
            MatrixCaller.PrivacyOffice, new MatrixRequest(HttpMethod.Get, $"AuditEvent?patient={MatrixServer.P2}&_count=200"), ct);

        Assert.Equal(HttpStatusCode.OK, audit.Status);
        var events = audit.Parse<Bundle>().Entry.Select(entry => Assert.IsType<AuditEvent>(entry.Resource)).ToList();
        var denial = Assert.Single(events, e => e.Id == deniedEventId);
        Assert.Equal(AuditEvent.AuditEventOutcome.N4, denial.Outcome);
        Assert.Equal(MatrixServer.DrLee, denial.Agent[0].Who?.Reference);
    }
}
