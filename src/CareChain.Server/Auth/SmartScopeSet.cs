namespace CareChain.Server.Auth;

/// <summary>
/// The scopes of a token (its space-separated <c>scope</c> claim), and the one question the FHIR
/// endpoints ask of them: may this context do that to this resource type?
/// </summary>
public sealed class SmartScopeSet
{
    private SmartScopeSet(IReadOnlyList<SmartScope> scopes) => Scopes = scopes;

    public static SmartScopeSet Empty { get; } = new([]);

    /// <summary>The distinct scopes in normalized form, in the order they were first given.</summary>
    public IReadOnlyList<SmartScope> Scopes { get; }

    public bool IsEmpty => Scopes.Count == 0;

    /// <summary>
    /// Parses a space-separated scope list. Null or blank gives the empty set; duplicates are dropped;
    /// any invalid scope throws a <see cref="FormatException"/> naming it, because a token asking for
    /// something we do not understand must not be half-honoured.
    /// </summary>
    public static SmartScopeSet Parse(string? spaceSeparated)
    {
        if (string.IsNullOrWhiteSpace(spaceSeparated))
        {
            return Empty;
        }

        var scopes = new List<SmartScope>();
        foreach (var text in spaceSeparated.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var scope = SmartScope.Parse(text);
            if (!scopes.Contains(scope))
            {
                scopes.Add(scope);
            }
        }

        return new SmartScopeSet(scopes.AsReadOnly());
    }

    public static bool TryParse(string? spaceSeparated, out SmartScopeSet scopes)
    {
        try
        {
            scopes = Parse(spaceSeparated);
            return true;
        }
        catch (FormatException)
        {
            scopes = Empty;
            return false;
        }
    }

    /// <summary>
    /// True when the resource scopes of <paramref name="context"/> on <paramref name="resourceType"/>
    /// or on every type (<c>*</c>) together grant every flag of <paramref name="needed"/>.
    /// </summary>
    public bool Allows(SmartContext context, string resourceType, FhirPermissions needed)
    {
        ArgumentException.ThrowIfNullOrEmpty(resourceType);
        if (needed == FhirPermissions.None || (needed & ~FhirPermissions.All) != 0)
        {
            // Asking for nothing would always pass; that is a bug in the caller, not a grant.
            throw new ArgumentOutOfRangeException(nameof(needed), needed, "Name at least one permission to check.");
        }

        var granted = FhirPermissions.None;
        foreach (var scope in Scopes)
        {
            if (scope.IsResourceScope
                && scope.Context == context
                && (scope.ResourceType == SmartScope.AnyResourceType || string.Equals(scope.ResourceType, resourceType, StringComparison.Ordinal)))
            {
                granted |= scope.Permissions;
            }
        }

        return (granted & needed) == needed;
    }

    /// <summary>True when the set holds <paramref name="scope"/> (in any of its spellings, e.g. v1 or v2).</summary>
    public bool Contains(string scope) => SmartScope.TryParse(scope, out var parsed) && Scopes.Contains(parsed);

    /// <summary>The normalized, space-separated scope list.</summary>
    public override string ToString() => string.Join(' ', Scopes);
}
