using System.Collections.Concurrent;
using CareChain.Grains.Ledger.Storage;
using CareChain.Grains.Storage;
using CareChain.Ledger.Pseudonyms;

namespace CareChain.Grains.Ledger.Pseudonyms;

/// <summary>
/// The erasable map from keyed pseudonym back to the reference it stands for (table
/// <c>pseudonym_directory</c>), so an audit view can show <c>Patient/123</c> where the ledger only
/// holds a pseudonym. The ledger never depends on it: forgetting a row (right to erasure) leaves
/// every entry and proof intact, only unreadable.
/// </summary>
public sealed class PseudonymDirectory
{
    /// <summary>How many pseudonyms the in-memory set remembers before it starts over.</summary>
    public const int CacheCapacity = 100_000;

    /// <summary>Most pseudonyms in one IN list, well under SQLite's and PostgreSQL's parameter limits.</summary>
    internal const int BatchSize = DbCommandParameters.MaxListLength;

    private readonly Pseudonymizer _pseudonymizer;
    private readonly ILedgerConnectionSource _connections;

    // Pseudonyms known to be in the table; only an optimisation, so losing it costs a round trip.
    private readonly ConcurrentDictionary<string, byte> _known = new(StringComparer.Ordinal);

    public PseudonymDirectory(Pseudonymizer pseudonymizer, ILedgerConnectionSource connections)
    {
        ArgumentNullException.ThrowIfNull(pseudonymizer);
        ArgumentNullException.ThrowIfNull(connections);
        _pseudonymizer = pseudonymizer;
        _connections = connections;
    }

    /// <summary>How many pseudonyms the in-memory set holds (for tests and diagnostics).</summary>
    public int CachedCount => _known.Count;

    /// <summary>The pseudonym of <paramref name="reference"/>, without recording it: for look-ups.</summary>
    /// <exception cref="ArgumentException">The reference is not acceptable to <see cref="Pseudonymizer"/>.</exception>
    public string Pseudonymize(string reference) => _pseudonymizer.Pseudonymize(reference);

    /// <summary>
    /// The pseudonym of <paramref name="reference"/>, after making sure the directory can map it
    /// back. Call it before writing the pseudonym to the ledger.
    /// </summary>
    /// <exception cref="ArgumentException">The reference is not acceptable to <see cref="Pseudonymizer"/>.</exception>
    public async ValueTask<string> PseudonymizeAsync(string reference, CancellationToken cancellationToken)
    {
        var pseudonym = _pseudonymizer.Pseudonymize(reference);
        if (_known.ContainsKey(pseudonym))
        {
            return pseudonym;
        }

        await using (var connection = await _connections.OpenConnectionAsync(cancellationToken))
        await using (var command = connection.CreateCommand())
        {
            command.CommandText =
                "INSERT INTO pseudonym_directory (pseudonym, reference) VALUES (@pseudonym, @reference) ON CONFLICT (pseudonym) DO NOTHING";
            command.AddParameter("pseudonym", pseudonym);
            command.AddParameter("reference", reference);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        Remember(pseudonym);
        return pseudonym;
    }

    /// <summary>The references the directory knows for <paramref name="pseudonyms"/>; unknown or forgotten ones are absent.</summary>
    public async Task<IReadOnlyDictionary<string, string>> ResolveAsync(IReadOnlyCollection<string> pseudonyms, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pseudonyms);
        var resolved = new Dictionary<string, string>(StringComparer.Ordinal);
        var distinct = pseudonyms.Where(pseudonym => pseudonym is not null).Distinct(StringComparer.Ordinal).ToList();
        if (distinct.Count == 0)
        {
            return resolved;
        }

        await using var connection = await _connections.OpenConnectionAsync(cancellationToken);
        foreach (var batch in distinct.Chunk(BatchSize))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT pseudonym, reference FROM pseudonym_directory WHERE pseudonym IN (" + command.AddParameterList("p", batch) + ")";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                resolved[reader.GetString(0)] = reader.GetString(1);
            }
        }

        return resolved;
    }

    /// <summary>
    /// Erases the directory rows of <paramref name="pseudonyms"/> and forgets them here. Returns
    /// how many rows were deleted. A later <see cref="PseudonymizeAsync"/> of the same reference
    /// records it again.
    /// </summary>
    public async Task<int> ForgetAsync(IReadOnlyCollection<string> pseudonyms, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pseudonyms);
        var distinct = pseudonyms.Where(pseudonym => pseudonym is not null).Distinct(StringComparer.Ordinal).ToList();
        foreach (var pseudonym in distinct)
        {
            _known.TryRemove(pseudonym, out _);
        }

        if (distinct.Count == 0)
        {
            return 0;
        }

        var deleted = 0;
        await using var connection = await _connections.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var batch in distinct.Chunk(BatchSize))
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "DELETE FROM pseudonym_directory WHERE pseudonym IN (" + command.AddParameterList("p", batch) + ")";
            deleted += await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        await ErasureCheckpoint.RunAsync(connection, _connections.Dialect, cancellationToken);

        // Evicted again: a concurrent PseudonymizeAsync may have re-added one while we deleted.
        foreach (var pseudonym in distinct)
        {
            _known.TryRemove(pseudonym, out _);
        }

        return deleted;
    }

    private void Remember(string pseudonym)
    {
        if (_known.Count >= CacheCapacity)
        {
            // Starting over is cheaper than tracking recency, and costs at most one upsert per pseudonym.
            _known.Clear();
        }

        _known.TryAdd(pseudonym, 0);
    }
}
