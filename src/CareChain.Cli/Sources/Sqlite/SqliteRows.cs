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
    private readonly Func<SqliteCommand> _createCommand;
    private readonly string _displayPath;
    private readonly Lock _gate;
    private SqliteCommand? _command;
    private SqliteDataReader? _reader;

    /// <param name="createCommand">Called under the lock: even creating a command touches the connection's state.</param>
    /// <param name="displayPath">The file as the user named it, for messages.</param>
    /// <param name="gate">The lock every query on the connection shares.</param>
    public SqliteRows(Func<SqliteCommand> createCommand, string displayPath, Lock gate)
    {
        _createCommand = createCommand;
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
                _command ??= _createCommand();
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
            _command?.Dispose();
        }

        return ValueTask.CompletedTask;
    }
}
