using System.Globalization;
using Hl7.Fhir.Model;

namespace CareChain.Consent.Matching;

/// <summary>
/// Interprets a FHIR <see cref="Period"/> as a half-open instant range. FHIR dates may be partial
/// (<c>2016</c>, <c>2016-01</c>, <c>2016-01-01</c>), so a bound covers its whole precision: an end of
/// <c>2016-01-01</c> includes all of that day. Values without an offset are read as UTC so the
/// answer does not depend on the server's time zone.
/// </summary>
internal static class FhirPeriodRange
{
    /// <summary>
    /// True when <paramref name="instant"/> lies inside <paramref name="period"/>; a missing bound is open.
    /// An unparseable bound never contains anything, so a malformed period fails closed.
    /// </summary>
    public static bool Contains(Period period, DateTimeOffset instant)
    {
        if (!string.IsNullOrEmpty(period.Start))
        {
            if (!TryParse(period.Start, out var startLower, out _) || instant < startLower)
            {
                return false;
            }
        }

        if (!string.IsNullOrEmpty(period.End))
        {
            if (!TryParse(period.End, out _, out var endUpperExclusive) || instant >= endUpperExclusive)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Parses a FHIR date or dateTime into the instants it starts at and ends before.</summary>
    internal static bool TryParse(string value, out DateTimeOffset lower, out DateTimeOffset upperExclusive)
    {
        lower = default;
        upperExclusive = default;
        var styles = DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal;
        switch (value.Length)
        {
            case 4 when DateTimeOffset.TryParseExact(value, "yyyy", CultureInfo.InvariantCulture, styles, out lower):
                upperExclusive = lower.AddYears(1);
                return true;
            case 7 when DateTimeOffset.TryParseExact(value, "yyyy-MM", CultureInfo.InvariantCulture, styles, out lower):
                upperExclusive = lower.AddMonths(1);
                return true;
            case 10 when DateTimeOffset.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, styles, out lower):
                upperExclusive = lower.AddDays(1);
                return true;
            case > 10 when DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, styles, out lower):
                // A full dateTime names one instant (to the second or finer); treat the bound as inclusive.
                upperExclusive = lower.AddTicks(1);
                return true;
            default:
                return false;
        }
    }
}
