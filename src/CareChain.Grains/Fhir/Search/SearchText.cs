using System.Globalization;
using System.Text;

namespace CareChain.Grains.Fhir.Search;

/// <summary>
/// The normal form FHIR string search compares in: case- and accent-insensitive, so <c>Zoë</c>,
/// <c>ZOE</c> and <c>zoe</c> are one name. The index stores this form, so both sides must use this method.
/// </summary>
public static class SearchText
{
    /// <summary>Decomposes (FormD), drops non-spacing marks, and lower-cases with invariant rules.</summary>
    public static string Normalize(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (IsPlainLowerAscii(value))
        {
            return value;
        }

        var decomposed = value.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                // Without ICU, FormD may leave letters composed; the table gives the same base letter.
                builder.Append(SearchTextFolding.Base.TryGetValue(c, out var letter) ? letter : c);
            }
        }

        return builder.ToString().ToLowerInvariant();
    }

    private static bool IsPlainLowerAscii(string value)
    {
        foreach (var c in value)
        {
            if (c > 0x7F || char.IsAsciiLetterUpper(c))
            {
                return false;
            }
        }

        return true;
    }
}
