using System.Globalization;
using System.Text.RegularExpressions;

namespace CareChain.Grains.Fhir.Search;

/// <summary>
/// Reads FHIR date, dateTime and instant text into the range it denotes: <c>2024</c> is all of 2024,
/// <c>2024-03-01T10:00Z</c> is that minute, seconds cover their second and fractions their millisecond.
/// A value without a time zone is taken as UTC, on resources and in queries alike, so results never
/// depend on the server's zone.
/// </summary>
internal static partial class FhirDate
{
    public static bool TryParse(string? text, out DateRange range)
    {
        range = default;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var match = Pattern().Match(text);
        if (!match.Success)
        {
            return false;
        }

        try
        {
            var year = Number(match.Groups["y"]);
            if (year < 1)
            {
                return false;
            }

            if (!match.Groups["M"].Success)
            {
                var start = new DateTimeOffset(year, 1, 1, 0, 0, 0, TimeSpan.Zero);
                range = Make(start, start.AddYears(1));
                return true;
            }

            var month = Number(match.Groups["M"]);
            if (!match.Groups["d"].Success)
            {
                var start = new DateTimeOffset(year, month, 1, 0, 0, 0, TimeSpan.Zero);
                range = Make(start, start.AddMonths(1));
                return true;
            }

            var day = Number(match.Groups["d"]);
            if (!match.Groups["h"].Success)
            {
                var start = new DateTimeOffset(year, month, day, 0, 0, 0, TimeSpan.Zero);
                range = Make(start, start.AddDays(1));
                return true;
            }

            var offset = Offset(match.Groups["z"]);
            var minuteStart = new DateTimeOffset(year, month, day, Number(match.Groups["h"]), Number(match.Groups["m"]), 0, offset);
            if (!match.Groups["s"].Success)
            {
                range = Make(minuteStart, minuteStart.AddMinutes(1));
                return true;
            }

            var second = Number(match.Groups["s"]);
            if (second > 59)
            {
                return false;
            }

            var secondStart = minuteStart.AddSeconds(second);
            if (!match.Groups["f"].Success)
            {
                range = Make(secondStart, secondStart.AddSeconds(1));
                return true;
            }

            var fraction = match.Groups["f"].Value;
            var digits = Math.Min(fraction.Length, 3);
            var milliseconds = Number(fraction[..digits]) * (int)Math.Pow(10, 3 - digits);
            var low = secondStart.ToUnixTimeMilliseconds() + milliseconds;
            range = new DateRange(low, low + (long)Math.Pow(10, 3 - digits));
            return true;
        }
        catch (ArgumentException)
        {
            // Month 13, February 30th, hour 25, an offset beyond 14 hours: not a date.
            return false;
        }
    }

    /// <summary>An instant the model already parsed (for example meta.lastUpdated): its millisecond.</summary>
    public static DateRange Instant(DateTimeOffset instant)
    {
        var low = instant.ToUnixTimeMilliseconds();
        return new DateRange(low, low + 1);
    }

    private static DateRange Make(DateTimeOffset start, DateTimeOffset end) =>
        new(start.ToUnixTimeMilliseconds(), end.ToUnixTimeMilliseconds());

    private static int Number(Group group) => Number(group.Value);

    private static int Number(string digits) => int.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);

    private static TimeSpan Offset(Group zone)
    {
        if (!zone.Success || zone.Value == "Z")
        {
            return TimeSpan.Zero;
        }

        var sign = zone.Value[0] == '-' ? -1 : 1;
        var hours = Number(zone.Value.Substring(1, 2));
        var minutes = Number(zone.Value.Substring(4, 2));
        if (minutes > 59)
        {
            throw new ArgumentOutOfRangeException(nameof(zone));
        }

        return sign * new TimeSpan(hours, minutes, 0);
    }

    [GeneratedRegex(@"^(?<y>[0-9]{4})(-(?<M>[0-9]{2})(-(?<d>[0-9]{2})(T(?<h>[0-9]{2}):(?<m>[0-9]{2})(:(?<s>[0-9]{2})(\.(?<f>[0-9]{1,9}))?)?(?<z>Z|[+-][0-9]{2}:[0-9]{2})?)?)?)?$", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex Pattern();
}
