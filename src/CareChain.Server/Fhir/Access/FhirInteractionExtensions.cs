using CareChain.Server.Auth;

namespace CareChain.Server.Fhir.Access;

/// <summary>How an interaction maps to SMART permissions and to ledger actions.</summary>
public static class FhirInteractionExtensions
{
    /// <summary>The SMART v2 permission the interaction needs (history and vread are reads).</summary>
    public static FhirPermissions Permission(this FhirInteraction interaction) => interaction switch
    {
        FhirInteraction.Read or FhirInteraction.VRead or FhirInteraction.History => FhirPermissions.Read,
        FhirInteraction.Search => FhirPermissions.Search,
        FhirInteraction.Create => FhirPermissions.Create,
        FhirInteraction.Update => FhirPermissions.Update,
        FhirInteraction.Delete => FhirPermissions.Delete,
        _ => throw new ArgumentOutOfRangeException(nameof(interaction), interaction, "A transaction is authorized entry by entry."),
    };

    /// <summary>The ledger's action token (see docs/ledger-format.md).</summary>
    public static string LedgerAction(this FhirInteraction interaction) => interaction switch
    {
        FhirInteraction.Read => "read",
        FhirInteraction.VRead => "vread",
        FhirInteraction.History => "history",
        FhirInteraction.Search => "search",
        FhirInteraction.Create => "create",
        FhirInteraction.Update => "update",
        FhirInteraction.Delete => "delete",
        FhirInteraction.Transaction => "transaction",
        _ => throw new ArgumentOutOfRangeException(nameof(interaction), interaction, null),
    };

    public static bool IsWrite(this FhirInteraction interaction) =>
        interaction is FhirInteraction.Create or FhirInteraction.Update or FhirInteraction.Delete;
}
