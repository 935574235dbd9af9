using System.Data;
using System.Data.Common;
using CareChain.Grains.Fhir.Search;
using CareChain.Grains.Storage;

namespace CareChain.Grains.Fhir.Index;

/// <summary>
/// The FHIR search index on SQLite or PostgreSQL (tables from deploy/sql/*/fhir-index.sql). Every
/// statement is parameterized; writes for one resource run in one transaction.
/// </summary>
public sealed class SqlFhirIndex(IFhirIndexConnectionSource connections) : IFhirIndex
{
    private const string InsertOwner =
        "INSERT INTO fhir_resources (resource_type, resource_id, patient_id) VALUES (@type, @id, @patient) ON CONFLICT (resource_type, resource_id) DO NOTHING";

    private const string SelectOwner = "SELECT patient_id FROM fhir_resources WHERE resource_type = @type AND resource_id = @id";

    private const string InsertTerm =
        "INSERT INTO fhir_search_terms (resource_type, resource_id, patient_id, parameter, value, low, high) VALUES (@type, @id, @patient, @parameter, @value, @low, @high)";

    public async Task<string?> FindOwnerAsync(string resourceType, string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resourceType);
        ArgumentNullException.ThrowIfNull(id);
        await using var connection = await connections.OpenConnectionAsync(cancellationToken);
        return await OwnerAsync(connection, null, resourceType, id, cancellationToken);
    }

    public async Task<bool> ClaimAsync(string resourceType, string id, string patientId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resourceType);
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(patientId);
        await using var connection = await connections.OpenConnectionAsync(cancellationToken);
        var owner = await ClaimAsync(connection, null, resourceType, id, patientId, cancellationToken);
        return owner == patientId;
    }

    public Task AddTermsAsync(string resourceType, string id, string patientId, IReadOnlyList<SearchTerm> terms, CancellationToken cancellationToken) =>
        WriteTermsAsync(resourceType, id, patientId, terms, replace: false, cancellationToken);

    public Task ReplaceTermsAsync(string resourceType, string id, string patientId, IReadOnlyList<SearchTerm> terms, CancellationToken cancellationToken) =>
        WriteTermsAsync(resourceType, id, patientId, terms, replace: true, cancellationToken);

    public async Task<IReadOnlyList<string>> FindPatientsAsync(SearchQuery query, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        await using var connection = await connections.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        CandidateSql.Build(command, query, limit);
        return await ReadStringsAsync(command, cancellationToken);
    }

    public async Task<IReadOnlyList<string>> ListPatientsAsync(int offset, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        await using var connection = await connections.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText =
            "SELECT DISTINCT patient_id FROM fhir_resources WHERE resource_type = 'Patient' ORDER BY patient_id LIMIT @limit OFFSET @offset";
        command.AddParameter("@limit", (long)limit, DbType.Int64);
        command.AddParameter("@offset", (long)offset, DbType.Int64);
        return await ReadStringsAsync(command, cancellationToken);
    }

    private async Task WriteTermsAsync(
        string resourceType, string id, string patientId, IReadOnlyList<SearchTerm> terms, bool replace, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resourceType);
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(patientId);
        ArgumentNullException.ThrowIfNull(terms);
        await using var connection = await connections.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var owner = await ClaimAsync(connection, transaction, resourceType, id, patientId, cancellationToken);
        if (owner != patientId)
        {
            // Terms filed under the wrong owner would send searches to a grain that does not hold the resource.
            throw new InvalidOperationException($"The {resourceType} resource is owned by another patient; its index terms were not changed.");
        }

        var wanted = new HashSet<SearchTerm>(terms);
        if (replace)
        {
            await using var delete = Command(connection, transaction,
                "DELETE FROM fhir_search_terms WHERE resource_type = @type AND resource_id = @id", resourceType, id);
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }
        else if (wanted.Count > 0)
        {
            wanted.ExceptWith(await ExistingTermsAsync(connection, transaction, resourceType, id, cancellationToken));
        }

        if (wanted.Count > 0)
        {
            await using var insert = Command(connection, transaction, InsertTerm, resourceType, id);
            insert.AddParameter("@patient", patientId, DbType.String);
            var parameter = insert.AddParameter("@parameter", null, DbType.String);
            var value = insert.AddParameter("@value", null, DbType.String);
            var low = insert.AddParameter("@low", null, DbType.Int64);
            var high = insert.AddParameter("@high", null, DbType.Int64);
            foreach (var term in wanted)
            {
                parameter.Value = term.Parameter;
                value.Value = (object?)term.Value ?? DBNull.Value;
                low.Value = (object?)term.Low ?? DBNull.Value;
                high.Value = (object?)term.High ?? DBNull.Value;
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task<List<SearchTerm>> ExistingTermsAsync(
        DbConnection connection, DbTransaction transaction, string resourceType, string id, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction,
            "SELECT parameter, value, low, high FROM fhir_search_terms WHERE resource_type = @type AND resource_id = @id", resourceType, id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var existing = new List<SearchTerm>();
        while (await reader.ReadAsync(cancellationToken))
        {
            existing.Add(new SearchTerm(
                reader.GetString(0),
                reader.IsDBNull(1) ? null : reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetInt64(2),
                reader.IsDBNull(3) ? null : reader.GetInt64(3)));
        }

        return existing;
    }

    /// <summary>Inserts the owner row if absent, then reads the owner: two racing claims agree on one winner.</summary>
    private static async Task<string?> ClaimAsync(
        DbConnection connection, DbTransaction? transaction, string resourceType, string id, string patientId, CancellationToken cancellationToken)
    {
        await using (var insert = Command(connection, transaction, InsertOwner, resourceType, id))
        {
            insert.AddParameter("@patient", patientId, DbType.String);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        return await OwnerAsync(connection, transaction, resourceType, id, cancellationToken);
    }

    private static async Task<string?> OwnerAsync(
        DbConnection connection, DbTransaction? transaction, string resourceType, string id, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, SelectOwner, resourceType, id);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    private static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, string resourceType, string id)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.AddParameter("@type", resourceType, DbType.String);
        command.AddParameter("@id", id, DbType.String);
        return command;
    }

    private static async Task<IReadOnlyList<string>> ReadStringsAsync(DbCommand command, CancellationToken cancellationToken)
    {
        var values = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }
}
