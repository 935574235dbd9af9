namespace CareChain.Consent.Decisions;

/// <summary>What one consent's provision tree says about a request, before consents are combined.</summary>
/// <param name="Outcome">Permit or deny from the deciding provision.</param>
/// <param name="Path">Path of the deciding provision, e.g. <c>provision.provision[0]</c>.</param>
internal sealed record ProvisionVerdict(ConsentOutcome Outcome, string Path);
