namespace CareChain.Consent.Decisions;

/// <summary>
/// The consent decision function. It is pure (no clock, no I/O, no state), so the same request and
/// consents always give the same decision, which is what makes decisions replayable from the ledger.
/// </summary>
public static class ConsentEngine
{
    /// <summary>
    /// Decides a request against a patient's consents: any applicable deny wins, otherwise any
    /// applicable permit permits, otherwise the request is denied by default. Order of
    /// <paramref name="consents"/> only chooses which of several agreeing consents is named.
    /// </summary>
    public static ConsentDecision Decide(ConsentRequest request, IEnumerable<Hl7.Fhir.Model.Consent> consents)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(consents);

        ConsentDecision? permit = null;
        foreach (var consent in consents)
        {
            if (consent is null || !ConsentApplicability.IsCandidate(consent) || consent.Provision is not { } root)
            {
                continue;
            }

            var verdict = ProvisionTree.Evaluate(root, request);
            if (verdict is null)
            {
                continue;
            }

            var decision = new ConsentDecision(verdict.Outcome, consent.Id, verdict.Path, ReasonFor(verdict));
            if (verdict.Outcome == ConsentOutcome.Deny)
            {
                return decision;
            }

            permit ??= decision;
        }

        return permit ?? ConsentDecision.DefaultDeny;
    }

    private static string ReasonFor(ProvisionVerdict verdict) =>
        verdict.Outcome == ConsentOutcome.Deny
            ? $"deny rule at {verdict.Path} of an active consent matched the request"
            : $"permit rule at {verdict.Path} of an active consent matched the request and no consent denies it";
}
