using System.Globalization;

namespace CareChain.Ledger.Canonicalization;

/// <summary>
/// Formats a double the way ECMAScript's Number.prototype.toString does, which is what RFC 8785
/// requires. .NET's "R" format already yields the shortest round-tripping digits; only the layout
/// (where the point goes, when to switch to an exponent, how the exponent is spelled) differs.
/// </summary>
internal static class EcmaScriptNumber
{
    public const int MaxLength = 32;

    public static string Format(double value)
    {
        Span<byte> buffer = stackalloc byte[MaxLength];
        var written = Format(value, buffer);
        return System.Text.Encoding.ASCII.GetString(buffer[..written]);
    }

    /// <summary>Writes ASCII into <paramref name="destination"/> (at least <see cref="MaxLength"/> bytes) and returns the length.</summary>
    public static int Format(double value, Span<byte> destination)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentException("NaN and infinities have no JSON representation.", nameof(value));
        }

        if (value == 0)
        {
            // Covers -0 too: ECMAScript prints both zeros as "0".
            destination[0] = (byte)'0';
            return 1;
        }

        var position = 0;
        if (value < 0)
        {
            destination[position++] = (byte)'-';
            value = -value;
        }

        Span<char> text = stackalloc char[MaxLength];
        if (!value.TryFormat(text, out var length, "R", CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException("Number did not fit its buffer.");
        }

        // Split .NET's output into significant digits and the position of the decimal point
        // (value = 0.d1d2...dk × 10^point).
        Span<byte> digits = stackalloc byte[24];
        var count = 0;
        var point = -1;
        var exponent = 0;
        var i = 0;
        for (; i < length; i++)
        {
            var c = text[i];
            if (c == '.')
            {
                point = count;
            }
            else if (c is 'E' or 'e')
            {
                exponent = int.Parse(text[(i + 1)..length], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
                break;
            }
            else
            {
                digits[count++] = (byte)c;
            }
        }

        if (point < 0)
        {
            point = count;
        }

        var start = 0;
        while (start < count - 1 && digits[start] == (byte)'0')
        {
            start++;
            point--;
        }

        var end = count;
        while (end > start + 1 && digits[end - 1] == (byte)'0')
        {
            end--;
        }

        var s = digits[start..end];
        var k = s.Length;
        var n = point + exponent;

        if (k <= n && n <= 21)
        {
            // Integer: digits then n-k zeros.
            s.CopyTo(destination[position..]);
            position += k;
            destination.Slice(position, n - k).Fill((byte)'0');
            return position + n - k;
        }

        if (0 < n && n <= 21)
        {
            s[..n].CopyTo(destination[position..]);
            position += n;
            destination[position++] = (byte)'.';
            s[n..].CopyTo(destination[position..]);
            return position + k - n;
        }

        if (-6 < n && n <= 0)
        {
            destination[position++] = (byte)'0';
            destination[position++] = (byte)'.';
            destination.Slice(position, -n).Fill((byte)'0');
            position += -n;
            s.CopyTo(destination[position..]);
            return position + k;
        }

        destination[position++] = s[0];
        if (k > 1)
        {
            destination[position++] = (byte)'.';
            s[1..].CopyTo(destination[position..]);
            position += k - 1;
        }

        destination[position++] = (byte)'e';
        var e = n - 1;
        destination[position++] = e < 0 ? (byte)'-' : (byte)'+';
        var magnitude = Math.Abs(e).ToString(CultureInfo.InvariantCulture);
        foreach (var c in magnitude)
        {
            destination[position++] = (byte)c;
        }

        return position;
    }
}
