namespace CareChain.Consent.Decisions;

/// <summary>
/// The answer plus enough provenance to audit it: which consent and which provision decided.
/// The reason never contains PHI so it can be logged and ledgered as is.
/// </summary>
/// <param name="Outcome">Permit or deny.</param>
/// <param name="ConsentId">The <c>Consent.id</c> that decided; null when no consent applied.</param>
/// <param name="ProvisionPath">Path of the deciding provision, e.g. <c>provision.provision[1]</c>; null when no consent applied.</param>
/// <param name="Reason">A short sentence naming the rule that decided.</param>
public sealed record ConsentDecision(
    ConsentOutcome Outcome,
    string? ConsentId,
    string? ProvisionPath,
    string Reason)
{
    /// <summary>Reason given when nothing applied, so callers and tests can recognise the default.</summary>
    public const string DefaultDenyReason = "no active consent permits this request";

    /// <summary>The deny-by-default answer.</summary>
    public static ConsentDecision DefaultDeny { get; } = new(ConsentOutcome.Deny, null, null, DefaultDenyReason);
}
