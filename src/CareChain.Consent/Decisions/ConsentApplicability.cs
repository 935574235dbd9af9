namespace CareChain.Consent.Decisions;

/// <summary>
/// Filters consents before any provision is read: only active patient-privacy consents with a
/// provision can say anything about access. Drafts, proposals, rejections, revocations
/// (<c>inactive</c>) and errors are ignored, and research or treatment consents are not privacy rules.
/// </summary>
internal static class ConsentApplicability
{
    /// <summary>The consentscope code system.</summary>
    internal const string ScopeSystem = "http://terminology.hl7.org/CodeSystem/consentscope";

    /// <summary>The only scope this engine enforces.</summary>
    internal const string PatientPrivacy = "patient-privacy";

    /// <summary>True when the consent is active, privacy-scoped and has a root provision.</summary>
    public static bool IsCandidate(Hl7.Fhir.Model.Consent consent) =>
        consent.Status == Hl7.Fhir.Model.Consent.ConsentState.Active
        && consent.Provision is not null
        && consent.Scope?.Coding.Any(c =>
            c is not null
            && (c.System is null || string.Equals(c.System, ScopeSystem, StringComparison.Ordinal))
            && string.Equals(c.Code, PatientPrivacy, StringComparison.Ordinal)) == true;
}
