using Hl7.Fhir.Model;

namespace CareChain.Server.Fhir.Formatting;

/// <summary>
/// Builds the OperationOutcomes the FHIR endpoints answer with. Diagnostics name the element and the kind of
/// problem; they never carry resource contents.
/// </summary>
public static class FhirOutcomes
{
    public static OperationOutcome Error(OperationOutcome.IssueType code, string diagnostics, string? expression = null) =>
        Single(OperationOutcome.IssueSeverity.Error, code, diagnostics, expression);

    public static OperationOutcome Warning(OperationOutcome.IssueType code, string diagnostics, string? expression = null) =>
        Single(OperationOutcome.IssueSeverity.Warning, code, diagnostics, expression);

    public static OperationOutcome Information(string diagnostics) =>
        Single(OperationOutcome.IssueSeverity.Information, OperationOutcome.IssueType.Informational, diagnostics, null);

    public static OperationOutcome NotFound(string resourceType, string id) =>
        Error(OperationOutcome.IssueType.NotFound, $"{resourceType}/{id} is not known to this server.");

    public static OperationOutcome Gone(string resourceType, string id) =>
        Error(OperationOutcome.IssueType.Deleted, $"{resourceType}/{id} has been deleted.");

    public static OperationOutcome Unauthenticated() =>
        Error(OperationOutcome.IssueType.Login, "The request needs a valid bearer token.");

    public static OperationOutcome Forbidden(string diagnostics) =>
        Error(OperationOutcome.IssueType.Forbidden, diagnostics);

    public static OperationOutcome VersionConflict(string expected, string actual) =>
        Error(OperationOutcome.IssueType.Conflict, $"The request expected version {expected} but the current version is {actual}.");

    public static OperationOutcome Unsupported(string diagnostics) =>
        Error(OperationOutcome.IssueType.NotSupported, diagnostics);

    public static OperationOutcome NotAcceptable() =>
        Error(
            OperationOutcome.IssueType.NotSupported,
            $"None of the requested formats can be produced; ask for {FhirMediaTypes.Json} or {FhirMediaTypes.Xml}.");

    /// <summary>An outcome holding the given issues, in order.</summary>
    public static OperationOutcome Of(IEnumerable<OperationOutcome.IssueComponent> issues) => new() { Issue = [.. issues] };

    /// <summary>One error issue, for collecting several into <see cref="Of"/>.</summary>
    public static OperationOutcome.IssueComponent Issue(OperationOutcome.IssueType code, string diagnostics, string? expression = null) =>
        Issue(OperationOutcome.IssueSeverity.Error, code, diagnostics, expression);

    private static OperationOutcome Single(OperationOutcome.IssueSeverity severity, OperationOutcome.IssueType code, string diagnostics, string? expression) =>
        new() { Issue = [Issue(severity, code, diagnostics, expression)] };

    private static OperationOutcome.IssueComponent Issue(OperationOutcome.IssueSeverity severity, OperationOutcome.IssueType code, string diagnostics, string? expression)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(diagnostics);
        var issue = new OperationOutcome.IssueComponent { Severity = severity, Code = code, Diagnostics = diagnostics };
        if (expression is not null)
        {
            issue.Expression = [expression];
        }

        return issue;
    }
}
