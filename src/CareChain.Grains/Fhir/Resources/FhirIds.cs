using System.Text.RegularExpressions;

namespace CareChain.Grains.Fhir.Resources;

/// <summary>FHIR logical ids: the R4 <c>id</c> datatype, and the ids the server assigns.</summary>
public static partial class FhirIds
{
    public static bool IsValid([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? id) => id is not null && IdPattern().IsMatch(id);

    /// <summary>A new id: a version-7 GUID, so ids sort roughly by creation time and reveal nothing else.</summary>
    public static string New(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        return Guid.CreateVersion7(time.GetUtcNow()).ToString("N");
    }

    /// <summary>Parses a <c>_history/{vid}</c> segment; null unless it is a positive version number.</summary>
    public static int? ParseVersion(string? text) =>
        int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var version) && version > 0
            ? version
            : null;

    [GeneratedRegex(@"\A[A-Za-z0-9\-\.]{1,64}\z", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();
}
