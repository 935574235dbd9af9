namespace CareChain.Server.Tests.Fhir.Support.Matrix;

/// <summary>
/// Who calls in a matrix row: a label for the row name, how to get the bearer token (none for an anonymous
/// caller), and the extra headers the caller sends (purpose of use, break-the-glass).
/// </summary>
internal sealed record MatrixCaller(string Label, Func<MatrixServer, string?> Token, IReadOnlyList<(string Name, string Value)> Headers)
{
    public const string BreakGlassReason = "unconscious in ED";

    public static MatrixCaller Anonymous { get; } = new("anonymous", _ => null, []);

    public static MatrixCaller MalformedToken { get; } = new("malformed token", _ => "not-a-jwt", []);

    public static MatrixCaller ExpiredToken { get; } = new("expired token", server => BadTokens.Expired(server.Server.Settings.AuthSigningKey), []);

    public static MatrixCaller WrongKeyToken { get; } = new("token signed with another key", _ => BadTokens.SignedWithAnotherKey(), []);

    public static MatrixCaller PatientP1 { get; } = Subject("Patient/p1", "patient/*.cruds");

    public static MatrixCaller PatientP1ObservationsOnly { get; } = Subject("Patient/p1", "patient/Observation.rs");

    public static MatrixCaller DrLee { get; } = Subject(MatrixServer.DrLee, "user/*.rs");

    public static MatrixCaller DrLeeBreakingGlass { get; } = Subject(
        MatrixServer.DrLee, "user/*.rs", ("X-Purpose-Of-Use", "ETREAT"), ("X-Break-Glass-Reason", BreakGlassReason));

    public static MatrixCaller DrLeeEmergencyWithoutReason { get; } = Subject(MatrixServer.DrLee, "user/*.rs", ("X-Purpose-Of-Use", "ETREAT"));

    public static MatrixCaller DrLeeReasonWithTreatment { get; } = Subject(
        MatrixServer.DrLee, "user/*.rs", ("X-Purpose-Of-Use", "TREAT"), ("X-Break-Glass-Reason", BreakGlassReason));

    public static MatrixCaller DrWho { get; } = Subject("Practitioner/dr-who", "user/*.rs");

    public static MatrixCaller Feed { get; } = Subject(MatrixServer.FeedSubject, "system/*.cruds");

    public static MatrixCaller PrivacyOffice { get; } = Subject("Organization/privacy-office", "system/AuditEvent.rs");

    private static MatrixCaller Subject(string subject, string scope, params (string Name, string Value)[] headers)
    {
        var label = $"{subject} [{scope}]" + string.Concat(headers.Select(header => $" {header.Name}: {header.Value}"));
        return new MatrixCaller(label, server => server.Server.Token(subject, scope), headers);
    }

    public override string ToString() => Label;
}
