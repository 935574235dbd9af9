using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using Hl7.Fhir.Model;

namespace CareChain.Server.Auth;

/// <summary>
/// One parsed SMART on FHIR scope. Resource scopes follow <c>(patient|user|system)/(Type|*).(perms)</c>
/// with v2 permissions (<c>cruds</c>, a non-empty subset in that order) or the v1 words <c>read</c>
/// (= <c>rs</c>), <c>write</c> (= <c>cud</c>) and <c>*</c> (= <c>cruds</c>). The identity and launch
/// scopes (<c>openid</c>, <c>fhirUser</c>, <c>launch</c>, <c>launch/patient</c>, <c>offline_access</c>,
/// <c>online_access</c>) are kept but grant nothing on resources.
/// </summary>
/// <remarks>
/// Scopes are compared and printed in their v2 form, so <c>patient/Observation.read</c> equals
/// <c>patient/Observation.rs</c>. Granular scopes (<c>?category=…</c>) are not supported and are rejected
/// rather than read as the broader scope, which would grant more than was asked for.
/// </remarks>
public sealed record SmartScope
{
    /// <summary>The resource type of a scope that covers every type.</summary>
    public const string AnyResourceType = "*";

    private static readonly FrozenSet<string> ConcreteResourceTypes = ModelInfo.SupportedResources
        .Where(name => ModelInfo.IsKnownResource(name) && ModelInfo.GetTypeForFhirType(name) is { IsAbstract: false })
        .ToFrozenSet(StringComparer.Ordinal);

    private static readonly string[] NonResourceScopes =
        ["openid", "fhirUser", "launch", "launch/patient", "offline_access", "online_access"];

    private SmartScope(string value, SmartContext context, string resourceType, FhirPermissions permissions, bool isResourceScope)
    {
        Value = value;
        Context = context;
        ResourceType = resourceType;
        Permissions = permissions;
        IsResourceScope = isResourceScope;
    }

    /// <summary>The scope in normalized (v2) form, as it is written back into tokens.</summary>
    public string Value { get; }

    /// <summary>Whose data the scope is about. Meaningful only when <see cref="IsResourceScope"/>.</summary>
    public SmartContext Context { get; }

    /// <summary>A FHIR R4 resource type, or <see cref="AnyResourceType"/>; empty for a non-resource scope.</summary>
    public string ResourceType { get; }

    /// <summary>What the scope allows; <see cref="FhirPermissions.None"/> for a non-resource scope.</summary>
    public FhirPermissions Permissions { get; }

    /// <summary>False for the identity and launch scopes such as <c>openid</c>, which grant nothing on resources.</summary>
    public bool IsResourceScope { get; }

    /// <summary>Parses one scope; throws a <see cref="FormatException"/> naming it when it is not valid.</summary>
    public static SmartScope Parse(string text) =>
        TryParse(text, out var scope)
            ? scope
            : throw new FormatException(
                $"\"{text}\" is not a supported SMART scope: expected (patient|user|system)/(ResourceType|*).(cruds|read|write|*) " +
                "with a FHIR R4 resource type, or one of openid, fhirUser, launch, launch/patient, offline_access, online_access.");

    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out SmartScope? scope)
    {
        scope = null;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        if (Array.IndexOf(NonResourceScopes, text) >= 0)
        {
            scope = new SmartScope(text, default, string.Empty, FhirPermissions.None, isResourceScope: false);
            return true;
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        if (slash < 0 || dot < slash)
        {
            return false;
        }

        if (!TryParseContext(text.AsSpan(0, slash), out var context))
        {
            return false;
        }

        var resourceType = text[(slash + 1)..dot];
        if (resourceType != AnyResourceType && !IsConcreteResourceType(resourceType))
        {
            return false;
        }

        if (!TryParsePermissions(text.AsSpan(dot + 1), out var permissions))
        {
            return false;
        }

        scope = new SmartScope(Format(context, resourceType, permissions), context, resourceType, permissions, isResourceScope: true);
        return true;
    }

    public override string ToString() => Value;

    private static bool TryParseContext(ReadOnlySpan<char> text, out SmartContext context)
    {
        switch (text)
        {
            case "patient":
                context = SmartContext.Patient;
                return true;
            case "user":
                context = SmartContext.User;
                return true;
            case "system":
                context = SmartContext.System;
                return true;
            default:
                context = default;
                return false;
        }
    }

    // ModelInfo.IsKnownResource ignores case and accepts the abstract Resource and DomainResource;
    // a scope must name a concrete type exactly as FHIR spells it.
    private static bool IsConcreteResourceType(string name) => ConcreteResourceTypes.Contains(name);

    private static bool TryParsePermissions(ReadOnlySpan<char> text, out FhirPermissions permissions)
    {
        permissions = FhirPermissions.None;
        switch (text)
        {
            case "read":
                permissions = FhirPermissions.Read | FhirPermissions.Search;
                return true;
            case "write":
                permissions = FhirPermissions.Create | FhirPermissions.Update | FhirPermissions.Delete;
                return true;
            case "*":
                permissions = FhirPermissions.All;
                return true;
        }

        // v2: each letter at most once and in the order c r u d s, which is what makes the form canonical.
        const string order = "cruds";
        var next = 0;
        foreach (var letter in text)
        {
            var position = order.IndexOf(letter, next);
            if (position < 0)
            {
                permissions = FhirPermissions.None;
                return false;
            }

            permissions |= (FhirPermissions)(1 << position);
            next = position + 1;
        }

        return permissions != FhirPermissions.None;
    }

    private static string Format(SmartContext context, string resourceType, FhirPermissions permissions)
    {
        var text = new StringBuilder(context switch
        {
            SmartContext.Patient => "patient/",
            SmartContext.User => "user/",
            _ => "system/",
        });
        text.Append(resourceType).Append('.');
        const string order = "cruds";
        for (var position = 0; position < order.Length; position++)
        {
            if (permissions.HasFlag((FhirPermissions)(1 << position)))
            {
                text.Append(order[position]);
            }
        }

        return text.ToString();
    }
}
