using System.Net;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;

namespace CareChain.Server.Tests.Fhir.Support.Matrix;

/// <summary>Further checks of an answer, beyond its status, ledger header and OperationOutcome.</summary>
internal static class MatrixChecks
{
    /// <summary>The denial names the consent rule: no active consent permits the request.</summary>
    public static Task NoConsentPermits(MatrixServer server, MatrixResponse response, CancellationToken cancellationToken) =>
        Diagnostics("no active consent permits")(server, response, cancellationToken);

    /// <summary>The denial names the missing SMART scope.</summary>
    public static Task MissingScope(MatrixServer server, MatrixResponse response, CancellationToken cancellationToken) =>
        Diagnostics("scope")(server, response, cancellationToken);

    public static Func<MatrixServer, MatrixResponse, CancellationToken, Task> Diagnostics(string expected) =>
        (_, response, _) =>
        {
            var outcome = response.Parse<OperationOutcome>();
            Assert.Contains(outcome.Issue, issue => issue.Diagnostics?.Contains(expected, StringComparison.Ordinal) == true);
            return Task.CompletedTask;
        };

    /// <summary>The search returned at least one resource.</summary>
    public static Task SomethingFound(MatrixServer server, MatrixResponse response, CancellationToken cancellationToken)
    {
        Assert.NotEmpty(response.Parse<Bundle>().Entry);
        return Task.CompletedTask;
    }

    /// <summary>The body is the resource <paramref name="type"/>/<paramref name="id"/> itself.</summary>
    public static Func<MatrixServer, MatrixResponse, CancellationToken, Task> Returns(string type, string id) =>
        (_, response, _) =>
        {
            var resource = response.Parse<Resource>();
            Assert.Equal(type, resource.TypeName);
            Assert.Equal(id, resource.Id);
            return Task.CompletedTask;
        };

    /// <summary>
    /// The search returned nothing, yet the patient's matching data was withheld on the record: one of the
    /// response's ledger entries, read back by the privacy office, is a denial (outcome 4) by the caller.
    /// </summary>
    public static Func<MatrixServer, MatrixResponse, CancellationToken, Task> NothingReturnedButDenialLedgered(string agent) =>
        async (server, response, ct) =>
        {
            var bundle = response.Parse<Bundle>();
            Assert.Empty(bundle.Entry);
            Assert.Equal(0, bundle.Total);
            var events = new List<AuditEvent>();
            foreach (var id in response.AuditEventIds)
            {
                var audit = await server.SendAsync(MatrixCaller.PrivacyOffice, new MatrixRequest(HttpMethod.Get, "AuditEvent/" + id), ct);
                Assert.Equal(HttpStatusCode.OK, audit.Status);
                events.Add(audit.Parse<AuditEvent>());
            }

            Assert.Contains(events, e => e.Outcome == AuditEvent.AuditEventOutcome.N4 && e.Agent.Any(a => a.Who?.Reference == agent));
        };

    /// <summary>Every AuditEvent listed is an access by <paramref name="agent"/>, and there is at least one.</summary>
    public static Func<MatrixServer, MatrixResponse, CancellationToken, Task> OnlyAccessesBy(string agent) =>
        (_, response, _) =>
        {
            var events = response.Parse<Bundle>().Entry.Select(entry => Assert.IsType<AuditEvent>(entry.Resource)).ToList();
            Assert.NotEmpty(events);
            Assert.All(events, e => Assert.Equal(agent, e.Agent[0].Who?.Reference));
            return Task.CompletedTask;
        };
}
