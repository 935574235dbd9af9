using System.Globalization;
using System.Text;

namespace CareChain.Cli.Terminal;

/// <summary>
/// Makes text safe to print as part of a single output line. Messages can carry text from a
/// hostile server or file (problem details, exception messages); without this a newline would
/// break the one-line contract and an escape sequence could rewrite the user's terminal.
/// </summary>
public static class OneLine
{
    private const int DefaultMaxLength = 300;

    public static string Sanitize(string? text, int maxLength = DefaultMaxLength)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var builder = new StringBuilder(Math.Min(text.Length, maxLength + 1));
        var previousWasSpace = false;
        foreach (var rune in text.EnumerateRunes())
        {
            if (builder.Length >= maxLength)
            {
                builder.Append('…');
                break;
            }

            var isSpace = Rune.IsWhiteSpace(rune) || IsUnprintable(rune);
            if (isSpace)
            {
                // Runs of whitespace and control characters collapse to one space.
                if (!previousWasSpace && builder.Length > 0)
                {
                    builder.Append(' ');
                }
            }
            else
            {
                builder.Append(rune.ToString());
            }

            previousWasSpace = isSpace;
        }

        return builder.ToString().TrimEnd();
    }

    private static bool IsUnprintable(Rune rune) =>
        Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control
            or UnicodeCategory.Format
            or UnicodeCategory.LineSeparator
            or UnicodeCategory.ParagraphSeparator
            or UnicodeCategory.Surrogate
            or UnicodeCategory.PrivateUse
            or UnicodeCategory.OtherNotAssigned;
}
