using System.Globalization;

namespace CareChain.Server.Ledger;

/// <summary>
/// Reads integer query and route values with messages a caller can act on, instead of the
/// framework's bare 400 for a failed binding.
/// </summary>
internal static class QueryParameter
{
    public static bool TryRead(string? raw, string name, long min, long max, long? fallback, out long value, out string? error)
    {
        value = 0;
        error = null;
        if (string.IsNullOrEmpty(raw))
        {
            if (fallback is { } defaultValue)
            {
                value = defaultValue;
                return true;
            }

            error = $"Query parameter '{name}' is required.";
            return false;
        }

        if (!long.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out value))
        {
            error = $"'{name}' must be a non-negative integer; got '{Truncate(raw)}'.";
            return false;
        }

        if (value < min || value > max)
        {
            error = $"'{name}' must be between {min} and {max}; got {value}.";
            return false;
        }

        return true;
    }

    private static string Truncate(string raw) => raw.Length <= 32 ? raw : string.Concat(raw.AsSpan(0, 32), "…");
}
