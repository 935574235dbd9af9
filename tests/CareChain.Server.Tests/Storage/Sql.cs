using System.Data;
using System.Data.Common;

namespace CareChain.Server.Tests.Storage;

/// <summary>Small ADO.NET helpers for looking at what the storage wrote.</summary>
internal static class Sql
{
    public static async Task<int> ExecuteAsync(DbConnection connection, string sql, params (string Name, object? Value, DbType Type)[] parameters)
    {
        await using var command = Create(connection, sql, parameters);
        return await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    public static async Task<object?> ScalarAsync(DbConnection connection, string sql, params (string Name, object? Value, DbType Type)[] parameters)
    {
        await using var command = Create(connection, sql, parameters);
        var value = await command.ExecuteScalarAsync(TestContext.Current.CancellationToken);
        return value is DBNull ? null : value;
    }

    /// <summary>Every row, each column rendered as text, so two snapshots compare as plain lists.</summary>
    public static async Task<List<string>> RowsAsync(DbConnection connection, string sql, params (string Name, object? Value, DbType Type)[] parameters)
    {
        await using var command = Create(connection, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        var rows = new List<string>();
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            var values = new object[reader.FieldCount];
            reader.GetValues(values);
            rows.Add(string.Join(" | ", values.Select(value => value switch
            {
                DBNull => "NULL",
                byte[] bytes => Convert.ToHexString(bytes),
                _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture),
            })));
        }

        return rows;
    }

    private static DbCommand Create(DbConnection connection, string sql, (string Name, object? Value, DbType Type)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value, type) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            parameter.DbType = type;
            command.Parameters.Add(parameter);
        }

        return command;
    }
}
