namespace CareChain.Server.Fhir.Access;

/// <summary>
/// One access to put in the ledger, in plain references; <see cref="AccessLedger"/> turns them into
/// pseudonyms before anything is written.
/// </summary>
/// <param name="Interaction">What was attempted.</param>
/// <param name="Outcome">permit, deny, not-found or error.</param>
/// <param name="PatientId">Whose data, when known.</param>
/// <param name="ResourceType">The FHIR type involved.</param>
/// <param name="References">Version-independent references of the resources touched or returned.</param>
/// <param name="Verdict">The rule or consent that decided.</param>
public sealed record AccessRecord(
    FhirInteraction Interaction,
    string Outcome,
    string? PatientId,
    string? ResourceType,
    IReadOnlyList<string> References,
    AccessVerdict? Verdict);
