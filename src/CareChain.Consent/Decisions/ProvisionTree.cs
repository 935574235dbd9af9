using CareChain.Consent.Matching;

namespace CareChain.Consent.Decisions;

/// <summary>
/// Walks one consent's provision tree. A provision applies only when its own criteria match and its
/// parent applied; the deepest applying provision decides, because nested provisions are exceptions
/// to their parent. When sibling branches both apply and disagree, deny wins, mirroring how
/// separate consents are combined.
/// </summary>
internal static class ProvisionTree
{
    /// <summary>The root's path as written in FHIRPath-like notation in decisions and docs.</summary>
    public const string RootPath = "provision";

    /// <summary>Evaluates the tree rooted at <paramref name="root"/>; null when the root does not apply.</summary>
    public static ProvisionVerdict? Evaluate(Hl7.Fhir.Model.Consent.provisionComponent root, ConsentRequest request) =>
        Evaluate(root, RootPath, request);

    /// <summary>
    /// The effective rule of a provision. FHIR R4 forbids <c>type</c> on the root and requires it on nested
    /// provisions, so it is often absent; an untyped provision is read as deny so that a permit is only
    /// ever granted when a consent says "permit" explicitly.
    /// </summary>
    internal static ConsentOutcome EffectiveOutcome(Hl7.Fhir.Model.Consent.provisionComponent provision) =>
        provision.Type == Hl7.Fhir.Model.Consent.ConsentProvisionType.Permit ? ConsentOutcome.Permit : ConsentOutcome.Deny;

    private static ProvisionVerdict? Evaluate(Hl7.Fhir.Model.Consent.provisionComponent provision, string path, ConsentRequest request)
    {
        var outcome = EffectiveOutcome(provision);
        if (!ProvisionCriteria.Match(provision, request, outcome == ConsentOutcome.Deny))
        {
            return null;
        }

        ProvisionVerdict? permit = null;
        for (var i = 0; i < provision.Provision.Count; i++)
        {
            var child = provision.Provision[i];
            if (child is null)
            {
                continue;
            }

            var verdict = Evaluate(child, $"{path}.provision[{i}]", request);
            if (verdict?.Outcome == ConsentOutcome.Deny)
            {
                return verdict;
            }

            permit ??= verdict;
        }

        return permit ?? new ProvisionVerdict(outcome, path);
    }
}
