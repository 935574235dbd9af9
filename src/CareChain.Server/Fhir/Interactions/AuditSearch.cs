using System.Globalization;
using CareChain.Grains.Fhir.Search;
using CareChain.Grains.Patients;
using Microsoft.Extensions.Primitives;

namespace CareChain.Server.Fhir.Interactions;

/// <summary>
/// The AuditEvent search parameters: <c>patient</c>, <c>agent</c>, <c>entity</c> (references),
/// <c>date</c> (repeatable, with prefixes), <c>purpose</c> (an ActReason code), <c>_count</c> and <c>_offset</c>.
/// Anything else is an error: an audit query that silently ignored a filter would show too much.
/// </summary>
public sealed record AuditSearch(
    string? PatientId, string? Agent, string? Entity, DateTimeOffset? Since, DateTimeOffset? Before, string? Purpose, int Count, int Offset)
{
    public const int DefaultCount = 50;
    public const int MaxCount = 200;

    private static readonly string[] Ignorable = ["_format", "_pretty"];

    private IReadOnlyList<KeyValuePair<string, string>> Applied { get; init; } = [];

    public static AuditSearch Parse(IEnumerable<KeyValuePair<string, StringValues>> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        string? patient = null, agent = null, entity = null, purpose = null;
        DateTimeOffset? since = null, before = null;
        int count = DefaultCount, offset = 0;
        var applied = new List<KeyValuePair<string, string>>();
        foreach (var (name, values) in parameters)
        {
            if (Ignorable.Contains(name))
            {
                continue;
            }

            foreach (var value in values)
            {
                var text = value ?? string.Empty;
                switch (name)
                {
                    case "patient":
                        patient = Single(patient, name, PatientReference.IdOf(text.Contains('/', StringComparison.Ordinal) ? text : PatientReference.Prefix + text));
                        break;
                    case "agent":
                        agent = Single(agent, name, IsReference(text) ? text : null);
                        break;
                    case "entity":
                        entity = Single(entity, name, IsReference(text) ? text : null);
                        break;
                    case "purpose":
                        purpose = Single(purpose, name, Access.PurposeOfUse.Parse(text));
                        break;
                    case "date":
                        if (!SearchDateBounds.TryParse(text, out var low, out var high))
                        {
                            throw new FhirSearchException(name, "The date parameter value is not a FHIR date with an optional prefix (eq, gt, ge, lt, le).");
                        }

                        since = Later(since, low);
                        before = Earlier(before, high);
                        break;
                    case "_count":
                        count = Number(text, name, 1, MaxCount);
                        break;
                    case "_offset":
                        offset = Number(text, name, 0, int.MaxValue);
                        break;
                    default:
                        throw new FhirSearchException(name, $"AuditEvent has no search parameter {name}; see /fhir/metadata.");
                }

                if (name is not "_count" and not "_offset")
                {
                    applied.Add(new(name, text));
                }
            }
        }

        return new AuditSearch(patient, agent, entity, since, before, purpose, count, offset) { Applied = applied };
    }

    /// <summary>
    /// The search as of <paramref name="now"/>: entries recorded from then on are left out, and the paging
    /// links say so (<c>date=lt…</c>). Reading the trail is itself ledgered, so without a fixed end every
    /// page would shift the newest-first order under the next one.
    /// </summary>
    public AuditSearch AsOf(DateTimeOffset now)
    {
        if (Before is { } before && before <= now)
        {
            return this;
        }

        var cutoff = now.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        return this with { Before = now, Applied = [.. Applied, new("date", "lt" + cutoff)] };
    }

    /// <summary>The applied parameters with <paramref name="offset"/>, for paging links.</summary>
    public string ToQueryString(int offset) =>
        string.Join('&', Applied
            .Append(new("_count", Count.ToString(CultureInfo.InvariantCulture)))
            .Append(new("_offset", offset.ToString(CultureInfo.InvariantCulture)))
            .Select(pair => Uri.EscapeDataString(pair.Key) + "=" + Uri.EscapeDataString(pair.Value)));

    private static string Single(string? existing, string name, string? parsed)
    {
        if (parsed is null)
        {
            throw new FhirSearchException(name, $"The {name} parameter value is not valid.");
        }

        return existing is null || existing == parsed
            ? parsed
            : throw new FhirSearchException(name, $"The {name} parameter may be given once.");
    }

    private static bool IsReference(string text)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 && slash < text.Length - 1 && text.IndexOf('/', slash + 1) < 0 && text.Length <= 200;
    }

    private static int Number(string text, string name, int min, int max) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max
            ? number
            : throw new FhirSearchException(name, $"The {name} parameter must be a whole number from {min} to {max}.");

    private static DateTimeOffset? Later(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : (a > b ? a : b);

    private static DateTimeOffset? Earlier(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : (a < b ? a : b);
}
