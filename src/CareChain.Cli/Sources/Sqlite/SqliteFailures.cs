using CareChain.Cli.Terminal;
using Microsoft.Data.Sqlite;

namespace CareChain.Cli.Sources.Sqlite;

/// <summary>One-line explanations of SQLite failures in terms of the file the user named.</summary>
internal static class SqliteFailures
{
    // Primary result codes from sqlite3.h.
    private const int Busy = 5;
    private const int Locked = 6;
    private const int Corrupt = 11;
    private const int CannotOpen = 14;
    private const int NotADatabase = 26;

    public static string Describe(string path, SqliteException failure) =>
        (failure.SqliteErrorCode & 0xFF) switch
        {
            NotADatabase => $"{path} is not an SQLite database",
            Corrupt => $"{path} is a damaged SQLite database",
            CannotOpen => $"cannot open {path}",
            Busy or Locked => $"{path} is locked by another process; try again",
            _ => $"cannot read {path}: {OneLine.Sanitize(failure.Message)}",
        };
}
