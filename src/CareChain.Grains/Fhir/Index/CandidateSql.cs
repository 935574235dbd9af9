using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Text;
using CareChain.Grains.Fhir.Search;
using CareChain.Grains.Storage;

namespace CareChain.Grains.Fhir.Index;

/// <summary>
/// Builds the parameterized SELECT that narrows a search to candidate patients. Each criterion it can
/// narrow becomes a condition on the resource (AND across criteria, OR within values); a criterion it
/// cannot narrow (<c>:not</c>, <c>:contains</c>, <c>_lastUpdated</c>, non-patient references) adds no
/// condition, so the answer stays a superset of the matches.
/// </summary>
internal sealed class CandidateSql
{
    private readonly DbCommand _command;
    private readonly StringBuilder _sql = new();
    private int _next;

    private CandidateSql(DbCommand command) => _command = command;

    public static void Build(DbCommand command, SearchQuery query, int limit)
    {
        var builder = new CandidateSql(command);
        builder._sql.Append("SELECT DISTINCT r.patient_id FROM fhir_resources r WHERE r.resource_type = ")
            .Append(builder.Parameter(query.ResourceType));
        foreach (var criterion in query.Criteria)
        {
            builder.Append(query.ResourceType, criterion);
        }

        builder._sql.Append(" ORDER BY r.patient_id LIMIT ").Append(builder.Parameter(limit));
        command.CommandText = builder._sql.ToString();
    }

    private void Append(string resourceType, SearchCriterion criterion)
    {
        var definition = SearchParameters.Find(resourceType, criterion.Parameter);
        if (definition is null)
        {
            return;
        }

        if (criterion.Parameter == SearchParameters.Id)
        {
            if (criterion.Modifier is null)
            {
                // A value with a system never matches an id; it adds nothing to the OR.
                AppendIn("r.resource_id", criterion.Values.Where(v => string.IsNullOrEmpty(v.System) && v.Code is not null).Select(v => v.Code!));
            }

            return;
        }

        if (definition.Type == SearchParameterType.Reference)
        {
            if (criterion.Parameter is "patient" or "subject" && criterion.Values.All(v => v.System == "Patient"))
            {
                // The owner of an Observation or Consent is the patient it is about.
                AppendIn("r.patient_id", criterion.Values.Select(v => v.Code!));
            }

            return;
        }

        if (!definition.Indexed)
        {
            return;
        }

        var conditions = definition.Type switch
        {
            SearchParameterType.Token when criterion.Modifier is null => criterion.Values.Select(Token).ToList(),
            SearchParameterType.String when criterion.Modifier is null => criterion.Values.Select(v => Prefix(v.Code ?? string.Empty)).ToList(),
            SearchParameterType.String when criterion.Modifier == "exact" => criterion.Values.Select(v => Equal(SearchText.Normalize(v.Code ?? string.Empty))).ToList(),
            SearchParameterType.Date => criterion.Values.Select(Date).ToList(),
            _ => null,
        };
        if (conditions is null)
        {
            return;
        }

        _sql.Append(" AND r.resource_id IN (SELECT t.resource_id FROM fhir_search_terms t WHERE t.resource_type = r.resource_type AND t.parameter = ")
            .Append(Parameter(criterion.Parameter))
            .Append(" AND (")
            .AppendJoin(" OR ", conditions)
            .Append("))");
    }

    private void AppendIn(string column, IEnumerable<string> values)
    {
        var names = values.Distinct(StringComparer.Ordinal).Select(Parameter).ToList();
        _sql.Append(" AND ").Append(names.Count == 0 ? "1 = 0" : $"{column} IN ({string.Join(", ", names)})");
    }

    private string Token(SearchValue value) => value switch
    {
        { System: null } => Equal(value.Code ?? string.Empty),
        { Code: null } => Prefix(value.System + "|"),
        _ => Equal(value.System + "|" + value.Code),
    };

    private string Equal(string value) => "t.value = " + Parameter(value);

    /// <summary>
    /// Strings starting with <paramref name="prefix"/> as a range, so the (parameter, value) index serves
    /// it: [prefix, prefix with its last character incremented). Both databases compare in code-point
    /// order (SQLite BINARY, PostgreSQL "C"). When the last character cannot be incremented within the
    /// Basic Multilingual Plane the range is left open above, which only widens the answer.
    /// </summary>
    private string Prefix(string prefix)
    {
        if (prefix.Length == 0)
        {
            return "t.value IS NOT NULL";
        }

        var last = prefix[^1];
        var lower = "t.value >= " + Parameter(prefix);
        if (char.IsSurrogate(last) || last == char.MaxValue || char.IsSurrogate((char)(last + 1)))
        {
            return lower;
        }

        return $"({lower} AND t.value < {Parameter(string.Concat(prefix.AsSpan(0, prefix.Length - 1), new string((char)(last + 1), 1)))})";
    }

    /// <summary>The same range tests as <see cref="DateRange.Satisfies"/>, on the stored [low, high).</summary>
    private string Date(SearchValue value)
    {
        var low = Parameter(value.Low);
        var high = Parameter(value.High);
        var within = $"(t.low >= {low} AND t.high <= {high})";
        return value.Prefix switch
        {
            SearchPrefix.Eq => within,
            SearchPrefix.Ne => $"NOT {within}",
            SearchPrefix.Gt => $"t.high > {high}",
            SearchPrefix.Lt => $"t.low < {low}",
            SearchPrefix.Ge => $"(t.high > {high} OR {within})",
            SearchPrefix.Le => $"(t.low < {low} OR {within})",
            SearchPrefix.Sa => $"t.low >= {high}",
            SearchPrefix.Eb => $"t.high <= {low}",
            _ => "1 = 1",
        };
    }

    private string Parameter(string value) => Parameter(value, DbType.String);

    private string Parameter(long value) => Parameter(value, DbType.Int64);

    private string Parameter(object value, DbType type)
    {
        var name = "@p" + _next++.ToString(CultureInfo.InvariantCulture);
        _command.AddParameter(name, value, type);
        return name;
    }
}
