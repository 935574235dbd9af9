using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Text;

namespace CareChain.Grains.Storage;

/// <summary>
/// Parameters for the project's hand-written SQL, the same on SQLite and PostgreSQL: values never
/// reach the command text, only parameter names do.
/// </summary>
public static class DbCommandParameters
{
    /// <summary>Most values to put in one <c>IN (...)</c> list, well under SQLite's and PostgreSQL's parameter limits.</summary>
    public const int MaxListLength = 500;

    /// <summary>Adds parameter <paramref name="name"/>; a null value is sent as SQL NULL.</summary>
    public static DbParameter AddParameter(this DbCommand command, string name, object? value, DbType? type = null)
    {
        ArgumentNullException.ThrowIfNull(command);
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        if (type is { } dbType)
        {
            parameter.DbType = dbType;
        }

        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return parameter;
    }

    /// <summary>
    /// Adds one parameter per value, named <paramref name="prefix"/>0, 1, ..., and returns them as
    /// the comma-separated list an <c>IN (...)</c> clause takes.
    /// </summary>
    public static string AddParameterList(this DbCommand command, string prefix, IReadOnlyList<string> values)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(values);
        var names = new StringBuilder();
        for (var i = 0; i < values.Count; i++)
        {
            var name = "@" + prefix + i.ToString(CultureInfo.InvariantCulture);
            names.Append(i == 0 ? string.Empty : ", ").Append(name);
            command.AddParameter(name, values[i]);
        }

        return names.ToString();
    }
}
