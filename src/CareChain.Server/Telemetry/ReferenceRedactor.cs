using System.Text.RegularExpressions;
using CareChain.Ledger.Pseudonyms;
using CareChain.Server.Fhir.Resources;

namespace CareChain.Server.Telemetry;

/// <summary>
/// Replaces every reference to a patient or a patient's record (<c>Patient/{id}</c>, <c>Observation/{id}</c>,
/// <c>Consent/{id}</c>: the <see cref="ResourceKind"/>s) in log text with <c>{type}#{pseudonym}</c>, the keyed
/// pseudonym the ledger records for that reference. The log still tells one patient from another, and an auditor
/// can find the ledger entries that concern it, but it holds no id. An id runs to the next character that cannot
/// continue it in a message, a path or a grain id (whitespace, quotes, brackets, separators), and never ends in a
/// full stop, so a reference at the end of a sentence is read as the ledger reads it.
/// </summary>
public sealed class ReferenceRedactor(Pseudonymizer pseudonymizer)
{
    private static readonly Regex Reference = new(
        $@"\b(?<type>{string.Join('|', ResourceKind.All.Select(kind => kind.TypeName))})/(?<id>[^\s""'`(){{}}\[\]<>,;|?&#=/\\]*[^\s""'`(){{}}\[\]<>,;|?&#=/\\.])",
        RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture | RegexOptions.Compiled);

    /// <summary>True when <paramref name="text"/> holds something <see cref="Redact"/> would replace.</summary>
    public static bool Finds(string? text) => text is not null && text.Contains('/', StringComparison.Ordinal) && Reference.IsMatch(text);

    public string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Finds(text) ? Reference.Replace(text, match => $"{match.Groups["type"].Value}#{Pseudonym(match.Value)}") : text;
    }

    // Logging must not throw: a reference the pseudonymizer refuses (overlong, broken UTF-16) is replaced all the same.
    private string Pseudonym(string reference)
    {
        try
        {
            return pseudonymizer.Pseudonymize(reference);
        }
        catch (ArgumentException)
        {
            return "unreadable";
        }
    }
}
