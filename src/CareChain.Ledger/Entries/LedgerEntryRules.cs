using System.Numerics;
using CareChain.Ledger.Internal;

namespace CareChain.Ledger.Entries;

/// <summary>
/// Field rules shared by encode (bad entries never get written) and decode (hostile bytes never get
/// accepted). Messages name the field and the rule, never the value, so they are safe to log.
/// </summary>
internal static class LedgerEntryRules
{
    public const int PseudonymLength = 64;
    public const int ResourceHashLength = 64;

    public static readonly string ShardRule = $"shard must be between 0 and {LedgerLimits.MaxShards - 1}";
    public static readonly string SequenceRule = "seq must be between 0 and 2^53-1";
    public static readonly string TimeRule = "time must be a UTC time with whole milliseconds (yyyy-MM-ddTHH:mm:ss.fffZ)";
    public static readonly string ActionRule = $"action must be a lowercase dotted token of at most {LedgerLimits.MaxActionLength} characters";
    public static readonly string OutcomeRule = $"outcome must be a lowercase dotted token of at most {LedgerLimits.MaxOutcomeLength} characters";
    public static readonly string ActorRule = "actor must be a pseudonym (64 lowercase hex characters)";
    public static readonly string PatientRule = "patient must be a pseudonym (64 lowercase hex characters)";
    public static readonly string ResourceTypeRule = $"resourceType must be a FHIR resource type name of at most {LedgerLimits.MaxResourceTypeLength} characters";
    public static readonly string ResourcesCountRule = $"resources must list at most {LedgerLimits.MaxResources} hashes";
    public static readonly string ResourceRule = "resources must be SHA-256 hashes (64 lowercase hex characters)";
    public static readonly string PurposeRule = IdentifierRule("purpose");
    public static readonly string ConsentRule = IdentifierRule("consent");
    public static readonly string ProvisionRule = IdentifierRule("provision");
    public static readonly string ModelRule = IdentifierRule("model");
    public static readonly string DetailsRule = $"details must be 1 to {LedgerLimits.MaxDetailsLength} characters without control characters or unpaired surrogates";

    /// <summary>Returns the first rule the entry breaks, or null when it is valid.</summary>
    public static string? FindProblem(LedgerEntry entry)
    {
        if (entry.Shard is < 0 or >= LedgerLimits.MaxShards)
        {
            return ShardRule;
        }

        if (entry.Sequence is < 0 or > LedgerLimits.MaxSequence)
        {
            return SequenceRule;
        }

        if (!UtcTimestamp.IsWholeMilliseconds(entry.Timestamp))
        {
            return TimeRule;
        }

        if (entry.Action is null || !IsDottedToken(entry.Action.AsSpan(), LedgerLimits.MaxActionLength))
        {
            return ActionRule;
        }

        if (entry.Outcome is null || !IsDottedToken(entry.Outcome.AsSpan(), LedgerLimits.MaxOutcomeLength))
        {
            return OutcomeRule;
        }

        if (entry.Actor is not null && !LowerHex.IsLowerHex(entry.Actor, PseudonymLength))
        {
            return ActorRule;
        }

        if (entry.Patient is not null && !LowerHex.IsLowerHex(entry.Patient, PseudonymLength))
        {
            return PatientRule;
        }

        if (entry.ResourceType is not null && !IsResourceType(entry.ResourceType.AsSpan()))
        {
            return ResourceTypeRule;
        }

        if (entry.Resources is null)
        {
            return "resources must be present (it may be empty)";
        }

        if (entry.Resources.Count > LedgerLimits.MaxResources)
        {
            return ResourcesCountRule;
        }

        foreach (var resource in entry.Resources)
        {
            if (!LowerHex.IsLowerHex(resource, ResourceHashLength))
            {
                return ResourceRule;
            }
        }

        return FindIdentifierProblem(PurposeRule, entry.Purpose)
            ?? FindIdentifierProblem(ConsentRule, entry.Consent)
            ?? FindIdentifierProblem(ProvisionRule, entry.Provision)
            ?? FindIdentifierProblem(ModelRule, entry.Model)
            ?? (entry.Details is not null && !IsDetails(entry.Details) ? DetailsRule : null);
    }

    /// <summary>Segments of <c>[a-z][a-z0-9_-]*</c> joined by single dots. Works on UTF-16 and on UTF-8.</summary>
    public static bool IsDottedToken<T>(ReadOnlySpan<T> value, int maxLength)
        where T : unmanaged, IBinaryInteger<T>
    {
        if (value.Length == 0 || value.Length > maxLength)
        {
            return false;
        }

        var segmentStart = true;
        foreach (var item in value)
        {
            var c = int.CreateTruncating(item);
            if (segmentStart)
            {
                if (c is not (>= 'a' and <= 'z'))
                {
                    return false;
                }

                segmentStart = false;
            }
            else if (c == '.')
            {
                segmentStart = true;
            }
            else if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '-'))
            {
                return false;
            }
        }

        return !segmentStart;
    }

    /// <summary><c>[A-Z][A-Za-z0-9]*</c>, the shape of FHIR resource type names.</summary>
    public static bool IsResourceType<T>(ReadOnlySpan<T> value)
        where T : unmanaged, IBinaryInteger<T>
    {
        if (value.Length == 0 || value.Length > LedgerLimits.MaxResourceTypeLength || int.CreateTruncating(value[0]) is not (>= 'A' and <= 'Z'))
        {
            return false;
        }

        foreach (var item in value)
        {
            if (!IsAsciiLetterOrDigit(int.CreateTruncating(item)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// An alphanumeric start, then letters, digits and <c>. _ : / | # @ + [ ] -</c>: enough for codes,
    /// references, URLs and versions, not enough for free text.
    /// </summary>
    public static bool IsIdentifier<T>(ReadOnlySpan<T> value)
        where T : unmanaged, IBinaryInteger<T>
    {
        if (value.Length == 0 || value.Length > LedgerLimits.MaxIdentifierLength || !IsAsciiLetterOrDigit(int.CreateTruncating(value[0])))
        {
            return false;
        }

        foreach (var item in value)
        {
            var c = int.CreateTruncating(item);
            if (!IsAsciiLetterOrDigit(c) && c is not ('.' or '_' or ':' or '/' or '|' or '#' or '@' or '+' or '[' or ']' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    public static bool IsDetails(string value)
    {
        if (value.Length == 0 || value.Length > LedgerLimits.MaxDetailsLength)
        {
            return false;
        }

        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsControl(c))
            {
                return false;
            }

            if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= value.Length || !char.IsLowSurrogate(value[i + 1]))
                {
                    return false;
                }

                i++;
            }
            else if (char.IsLowSurrogate(c))
            {
                return false;
            }
        }

        return true;
    }

    private static string IdentifierRule(string field) =>
        $"{field} must be an identifier of at most {LedgerLimits.MaxIdentifierLength} characters (letters, digits and . _ : / | # @ + [ ] -)";

    private static string? FindIdentifierProblem(string rule, string? value) =>
        value is not null && !IsIdentifier(value.AsSpan()) ? rule : null;

    private static bool IsAsciiLetterOrDigit(int c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9');
}
