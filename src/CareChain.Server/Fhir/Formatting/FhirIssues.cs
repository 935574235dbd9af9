using System.Globalization;
using System.Text.RegularExpressions;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Utility;
using Hl7.Fhir.Validation;
using IssueType = Hl7.Fhir.Model.OperationOutcome.IssueType;

namespace CareChain.Server.Fhir.Formatting;

/// <summary>
/// Turns the Firely deserializer's findings into OperationOutcome issues. Firely's own messages quote the
/// offending literal (a birth date, a name), so each issue gets a sentence of ours that names the element and
/// the kind of problem; only a rejected code for a required binding is quoted, as codes are not free text.
/// </summary>
internal static partial class FhirIssues
{
    private const string FirelyErrorSystem = "http://firely.com/CodeSystem/ErrorMessages";
    private const int MaxQuotedCode = 64;

    private static readonly Dictionary<string, (IssueType Code, string Sentence)> Known = new(StringComparer.Ordinal)
    {
        [CodedValidationException.CHOICE_TYPE_NOT_ALLOWED_CODE] = (IssueType.Structure, "Element '{0}' has a data type that this choice element does not allow."),
        [CodedValidationException.INCORRECT_CARDINALITY_MIN_CODE] = (IssueType.Required, "Element '{0}' occurs fewer times than its minimum cardinality."),
        [CodedValidationException.INCORRECT_CARDINALITY_MAX_CODE] = (IssueType.Structure, "Element '{0}' occurs more times than its maximum cardinality allows."),
        [CodedValidationException.REPEATING_ELEMENT_CANNOT_CONTAIN_NULL_CODE] = (IssueType.Structure, "Repeating element '{0}' contains an empty entry."),
        [CodedValidationException.MANDATORY_ELEMENT_MUST_BE_PRESENT_CODE] = (IssueType.Required, "Required element '{0}' is missing."),
        [CodedValidationException.NARRATIVE_XML_IS_MALFORMED_CODE] = (IssueType.Value, "Narrative '{0}' is not well-formed XHTML."),
        [CodedValidationException.NARRATIVE_XML_IS_INVALID_CODE] = (IssueType.Value, "Narrative '{0}' uses XHTML that FHIR narrative does not allow."),
        [CodedValidationException.INVALID_CODED_VALUE_CODE] = (IssueType.CodeInvalid, "Element '{0}' has a code that is not in its required value set."),
        [CodedValidationException.CONTAINED_RESOURCES_CANNOT_BE_NESTED_CODE] = (IssueType.Invariant, "Contained resources of '{0}' must not contain resources themselves."),
        [CodedValidationException.INVALID_STRING_LENGTH_CODE] = (IssueType.TooLong, "Element '{0}' is longer than FHIR allows."),
        [CodedValidationException.INVALID_BASE64_VALUE_CODE] = (IssueType.Value, "Element '{0}' is not valid base64."),
        [CodedValidationException.INCORRECT_LITERAL_VALUE_TYPE_CODE] = (IssueType.Value, "Element '{0}' has a value of the wrong type for its data type{1}."),
        [CodedValidationException.LITERAL_INVALID_CODE] = (IssueType.Value, "Element '{0}' does not have a valid format for its data type{1}."),
        [CodedValidationException.POSITIVE_INT_MUST_BE_POSITIVE_CODE] = (IssueType.Value, "Element '{0}' must be a positive integer."),
        [CodedValidationException.UNSIGNED_INT_MUST_NOT_BE_NEGATIVE_CODE] = (IssueType.Value, "Element '{0}' must not be negative."),
        [CodedValidationException.PROPERTY_TYPE_MISMATCH_CODE] = (IssueType.Structure, "Element '{0}' has the wrong cardinality: a single value and an array were confused."),
        [CodedValidationException.UNKNOWN_ELEMENT_CODE] = (IssueType.Structure, "Element '{0}' is not defined in FHIR R4."),
        [CodedValidationException.ELEMENT_CANNOT_BE_EMPTY_CODE] = (IssueType.Value, "Element '{0}' is empty; FHIR elements need a value or children."),
        [CodedValidationException.UNKNOWN_RESOURCE_TYPE_CODE] = (IssueType.NotSupported, "The resourceType of '{0}' is not a FHIR R4 resource type."),
        [CodedValidationException.WRONG_CASED_ELEMENT_CODE] = (IssueType.Structure, "Element '{0}' is wrongly cased; FHIR element names are case-sensitive."),
        [CodedValidationException.WRONG_CASED_RESOURCE_TYPE_CODE] = (IssueType.Structure, "The resourceType of '{0}' is wrongly cased; resource types are case-sensitive."),
        [FhirJsonException.RESOURCETYPE_SHOULD_BE_STRING_CODE] = (IssueType.Structure, "The resourceType of '{0}' must be a JSON string."),
        [FhirJsonException.NO_RESOURCETYPE_PROPERTY_CODE] = (IssueType.Structure, "Resource '{0}' has no 'resourceType' property."),
        [FhirJsonException.EXPECTED_PRIMITIVE_NOT_NULL_CODE] = (IssueType.Structure, "Element '{0}' is null; leave the element out instead."),
        [FhirJsonException.CHOICE_ELEMENT_MUST_HAVE_SUFFIX_CODE] = (IssueType.Structure, "Choice element '{0}' must name its data type in a suffix, e.g. valueQuantity."),
        [FhirJsonException.OBJECTS_CANNOT_BE_EMPTY_CODE] = (IssueType.Structure, "Element '{0}' is an empty object."),
        [FhirJsonException.ARRAYS_CANNOT_BE_EMPTY_CODE] = (IssueType.Structure, "Element '{0}' is an empty array."),
        [FhirJsonException.PRIMITIVE_ARRAYS_ONLY_NULL_CODE] = (IssueType.Structure, "Element '{0}' is an array holding only nulls."),
        [FhirJsonException.DUPLICATE_PROPERTY_CODE] = (IssueType.Structure, "Element '{0}' appears more than once."),
        [FhirJsonException.NESTED_ARRAY_CODE] = (IssueType.Structure, "Element '{0}' holds an array inside an array."),
        [FhirJsonException.UNEXPECTED_PRIMITIVE_VALUE_FOR_NON_PRIMITIVE_CODE] = (IssueType.Structure, "Element '{0}' must be a JSON object, not a primitive value."),
        [FhirJsonException.UNEXPECTED_OBJECT_VALUE_FOR_PRIMITIVE_CODE] = (IssueType.Structure, "Element '{0}' must be a primitive value, not an object."),
        [FhirJsonException.USE_OF_UNDERSCORE_WITH_NON_PRIMITIVE_CODE] = (IssueType.Structure, "Element '{0}' uses the '_' prefix, which only primitive elements may have."),
        [FhirJsonException.UNDERSCORE_SHOULD_BE_OBJECT_CODE] = (IssueType.Structure, "Element '{0}' must hold an object under its '_' prefix."),
    };

    /// <summary>
    /// Whether the findings make the body unparseable as FHIR (400) rather than parseable but in breach of the
    /// specification's content rules (422): breaches of the FHIR JSON/XML representation rules are raised as
    /// <see cref="FhirJsonException"/>/<see cref="FhirXmlException"/>, content rules as <see cref="CodedValidationException"/>.
    /// </summary>
    public static bool AreSyntactic(IEnumerable<CodedException> findings) =>
        findings.Any(f => f is FhirJsonException or FhirXmlException);

    public static List<OperationOutcome.IssueComponent> Translate(IEnumerable<CodedException> findings, string rootType)
    {
        var issues = new List<OperationOutcome.IssueComponent>();
        var seen = new HashSet<(string?, string)>();
        foreach (var finding in findings)
        {
            var issue = Translate(finding, rootType);
            if (issue is not null && seen.Add((issue.Expression.FirstOrDefault(), issue.Diagnostics ?? string.Empty)))
            {
                issues.Add(issue);
            }
        }

        return issues;
    }

    private static OperationOutcome.IssueComponent? Translate(CodedException finding, string rootType)
    {
        var extended = finding as ExtendedCodedException;
        var path = extended?.InstancePath ?? string.Empty;

        // Without a resourceType Firely parses the body as an unnamed type and reports each of its elements as
        // unknown; the missing resourceType is the one problem worth naming.
        if (path.StartsWith("UnnamedResource", StringComparison.Ordinal))
        {
            return null;
        }

        var expression = Expression(finding, path, rootType);
        string diagnostics;
        IssueType code;
        if (Known.TryGetValue(finding.ErrorCode, out var known))
        {
            code = known.Code;
            diagnostics = string.Format(CultureInfo.InvariantCulture, known.Sentence, expression ?? rootType, DataTypeSuffix(finding));
            if (finding.ErrorCode == CodedValidationException.INVALID_CODED_VALUE_CODE && QuotedCode(finding) is { } rejected)
            {
                diagnostics = $"Element '{expression ?? rootType}' has the code '{rejected.Code}', which is not in the required value set {rejected.ValueSet}.";
            }
        }
        else
        {
            // Display is Firely's fixed title for the error code, never the data.
            code = extended?.IssueType ?? IssueType.Invalid;
            diagnostics = $"{extended?.Display ?? "Invalid content"} at '{expression ?? rootType}'.";
        }

        var issue = FhirOutcomes.Issue(code, diagnostics, expression);
        issue.Details = new CodeableConcept(FirelyErrorSystem, finding.ErrorCode, extended?.Display);
        if (extended?.LineNumber is { } line && extended.Position is { } position)
        {
            issue.Location = [string.Create(CultureInfo.InvariantCulture, $"line {line}, position {position}")];
        }

        return issue;
    }

    private static string? Expression(CodedException finding, string path, string rootType)
    {
        if (path.Length == 0)
        {
            // Firely gives no path for a missing resourceType; at the root that is the resource itself, nested
            // (a Bundle entry) the line and position in Location are all there is.
            return finding.ErrorCode == FhirJsonException.NO_RESOURCETYPE_PROPERTY_CODE && rootType == "Resource" ? rootType : null;
        }

        // Firely names the root "$this" when it has seen no element of it yet.
        if (path.StartsWith("$this", StringComparison.Ordinal))
        {
            path = rootType + path["$this".Length..];
        }

        if (finding.ErrorCode == FhirJsonException.DUPLICATE_PROPERTY_CODE && DuplicatePropertyPattern().Match(finding.Message) is { Success: true } duplicate)
        {
            path = $"{path}.{duplicate.Groups[1].Value}";
        }

        return path;
    }

    // The data type named in Firely's message ("... literal for a date"): a type name, never data.
    private static string DataTypeSuffix(CodedException finding)
    {
        var match = DataTypePattern().Match(finding.Message);
        return match.Success ? $" ({match.Groups[1].Value})" : string.Empty;
    }

    private static (string Code, string ValueSet)? QuotedCode(CodedException finding)
    {
        var match = InvalidCodePattern().Match(finding.Message);
        if (!match.Success || match.Groups[1].Value.Length > MaxQuotedCode || !CodePattern().IsMatch(match.Groups[1].Value))
        {
            return null;
        }

        return (match.Groups[1].Value, match.Groups[2].Value);
    }

    [GeneratedRegex(@"duplicate property '([A-Za-z0-9_]+)'")]
    private static partial Regex DuplicatePropertyPattern();

    [GeneratedRegex(@"literal for an? ([A-Za-z0-9]+)\.")]
    private static partial Regex DataTypePattern();

    [GeneratedRegex(@"^Value '(.*)' is not a correct code for valueset '([A-Za-z0-9_\-.:/]+)'")]
    private static partial Regex InvalidCodePattern();

    // FHIR's code datatype: no leading/trailing whitespace, single inner spaces.
    [GeneratedRegex(@"^[^\s]+( [^\s]+)*$")]
    private static partial Regex CodePattern();
}
