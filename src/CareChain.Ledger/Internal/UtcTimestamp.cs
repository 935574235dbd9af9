using System.Numerics;

namespace CareChain.Ledger.Internal;

/// <summary>
/// The one timestamp spelling in ledger formats: UTC, exactly millisecond precision,
/// <c>yyyy-MM-ddTHH:mm:ss.fffZ</c>. Written and parsed by hand because this sits on the
/// verifier's per-entry path and format strings cost more than the rest of an entry.
/// </summary>
internal static class UtcTimestamp
{
    public const int Length = 24;

    /// <summary>True when the value carries nothing finer than a millisecond.</summary>
    public static bool IsWholeMilliseconds(DateTimeOffset value) => value.UtcTicks % TimeSpan.TicksPerMillisecond == 0;

    public static void Write(DateTimeOffset value, Span<byte> destination)
    {
        var utc = value.UtcDateTime;
        var d = destination[..Length];
        WriteDigits(d[..4], utc.Year);
        d[4] = (byte)'-';
        WriteDigits(d.Slice(5, 2), utc.Month);
        d[7] = (byte)'-';
        WriteDigits(d.Slice(8, 2), utc.Day);
        d[10] = (byte)'T';
        WriteDigits(d.Slice(11, 2), utc.Hour);
        d[13] = (byte)':';
        WriteDigits(d.Slice(14, 2), utc.Minute);
        d[16] = (byte)':';
        WriteDigits(d.Slice(17, 2), utc.Second);
        d[19] = (byte)'.';
        WriteDigits(d.Slice(20, 3), utc.Millisecond);
        d[23] = (byte)'Z';
    }

    public static bool TryParse<T>(ReadOnlySpan<T> text, out DateTimeOffset value)
        where T : unmanaged, IBinaryInteger<T>
    {
        value = default;
        if (text.Length != Length
            || !Is(text[4], '-') || !Is(text[7], '-') || !Is(text[10], 'T') || !Is(text[13], ':')
            || !Is(text[16], ':') || !Is(text[19], '.') || !Is(text[23], 'Z')
            || !TryDigits(text[..4], out var year) || !TryDigits(text.Slice(5, 2), out var month)
            || !TryDigits(text.Slice(8, 2), out var day) || !TryDigits(text.Slice(11, 2), out var hour)
            || !TryDigits(text.Slice(14, 2), out var minute) || !TryDigits(text.Slice(17, 2), out var second)
            || !TryDigits(text.Slice(20, 3), out var millisecond))
        {
            return false;
        }

        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        value = new DateTimeOffset(year, month, day, hour, minute, second, millisecond, TimeSpan.Zero);
        return true;
    }

    private static bool Is<T>(T c, char expected)
        where T : unmanaged, IBinaryInteger<T> => int.CreateTruncating(c) == expected;

    private static bool TryDigits<T>(ReadOnlySpan<T> text, out int value)
        where T : unmanaged, IBinaryInteger<T>
    {
        value = 0;
        foreach (var c in text)
        {
            var digit = int.CreateTruncating(c) - '0';
            if ((uint)digit > 9)
            {
                return false;
            }

            value = (value * 10) + digit;
        }

        return true;
    }

    private static void WriteDigits(Span<byte> destination, int value)
    {
        for (var i = destination.Length - 1; i >= 0; i--)
        {
            destination[i] = (byte)('0' + (value % 10));
            value /= 10;
        }
    }
}
