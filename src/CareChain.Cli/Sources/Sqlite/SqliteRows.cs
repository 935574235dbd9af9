using Microsoft.Data.Sqlite;

namespace CareChain.Cli.Sources.Sqlite;

/// <summary>
/// One query's rows, stepped one at a time under a lock shared by every query on the connection.
/// Several enumerations may be open at once (SQLite allows interleaved statements), but a
/// connection must never be used from two threads at the same moment. SQLite failures become
/// <see cref="OperationalErrorException"/> naming the file.
/// </summary>
internal sealed class SqliteRows : IAsyncDisposable
{
    private readonly SqliteCommand _command;
    private readonly string _displayPath;
    private readonly Lock _gate;
    private SqliteDataReader? _reader;

    public SqliteRows(SqliteCommand command, string displayPath, Lock gate)
    {
        _command = command;
        _displayPath = displayPath;
        _gate = gate;
    }

    /// <summary>The next row mapped by <paramref name="map"/>, or null after the last.</summary>
    public T? Next<T>(Func<SqliteDataReader, T> map, CancellationToken cancellationToken)
        where T : class
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            try
            {
                _reader ??= _command.ExecuteReader();
                return _reader.Read() ? map(_reader) : null;
            }
            catch (SqliteException failure)
            {
                throw new OperationalErrorException(SqliteFailures.Describe(_displayPath, failure), failure);
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            _reader?.Dispose();
            _command.Dispose();
        }

        return ValueTask.CompletedTask;
    }
}
