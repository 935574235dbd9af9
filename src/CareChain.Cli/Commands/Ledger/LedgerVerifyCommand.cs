using System.CommandLine;
using System.CommandLine.Parsing;
using CareChain.Cli.Sources.Http;

namespace CareChain.Cli.Commands.Ledger;

/// <summary>
/// <c>carechain ledger verify (--server URL [--token JWT] | --db PATH) [--key FILE.pem]</c>: the
/// command line's shape and its validation. The work is in <see cref="LedgerVerifyHandler"/>.
/// </summary>
internal static class LedgerVerifyCommand
{
    private const string Description =
        """
        Verify a CareChain ledger: every entry's hash chain, every shard's Merkle root against the
        signed checkpoint, and the checkpoint signatures. Read it from a running server (--server)
        or from the server's SQLite ledger file (--db), which is opened read-only.

        The server serves entries only to an Organization token with scope system/AuditEvent.rs
        (or system/*.rs): it comes from --token, else the CARECHAIN_TOKEN environment variable.
        The checkpoint and its key are public, and --db needs no token.

        Exit codes:
          0  the ledger is intact; one summary line is written to stdout
          1  the ledger is BROKEN (tampering or corruption found); one line on stderr says where
          2  the ledger could not be verified (bad arguments, unreachable server, a token the
             server refused or none when it needs one, unreadable file)
        """;

    public static Command Create(CliEnvironment environment)
    {
        var server = new Option<string?>("--server")
        {
            Description = "Base URL of a CareChain server, e.g. http://localhost:8080.",
            HelpName = "URL",
        };
        var database = new Option<string?>("--db")
        {
            Description = "Path of a CareChain SQLite ledger file (the server's data/ledger.db).",
            HelpName = "PATH",
        };
        var key = new Option<string?>("--key")
        {
            Description = "PEM public key to pin: checkpoints must be signed by it. Without it the key is taken from the server or the file, and only self-consistency is proven.",
            HelpName = "FILE.pem",
        };
        var pageSize = new Option<int?>("--page-size")
        {
            Description = $"Entries per request with --server (1 to {HttpLedgerExportOptions.MaxPageSize}; default {HttpLedgerExportOptions.DefaultPageSize}).",
            HelpName = "N",
        };
        var token = BearerToken.CreateOption("with --server: a JWT for an Organization with scope system/AuditEvent.rs");
        var progress = new Option<bool>("--progress")
        {
            Description = "Show progress on stderr even when it is not a terminal.",
        };

        var command = new Command("verify", Description) { server, database, key, token, pageSize, progress };
        command.Validators.Add(result => Validate(result, server, database, pageSize, token));
        command.SetAction((parseResult, cancellationToken) =>
        {
            var request = new LedgerVerifyRequest(
                ServerAddress.Parse(parseResult.GetValue(server)),
                parseResult.GetValue(database),
                parseResult.GetValue(key),
                parseResult.GetValue(pageSize) ?? HttpLedgerExportOptions.DefaultPageSize,
                parseResult.GetValue(progress),
                parseResult.GetValue(token));
            return new LedgerVerifyHandler(environment).RunAsync(request, cancellationToken);
        });
        return command;
    }

    private static void Validate(
        CommandResult result, Option<string?> server, Option<string?> database, Option<int?> pageSize, Option<string?> token)
    {
        var serverValue = result.GetValue(server);
        var databaseValue = result.GetValue(database);
        if (serverValue is null == databaseValue is null)
        {
            result.AddError("give exactly one of --server URL and --db PATH");
            return;
        }

        if (serverValue is not null && ServerAddress.Parse(serverValue) is null)
        {
            result.AddError("--server must be an absolute http:// or https:// URL");
        }

        if (databaseValue is { Length: 0 })
        {
            result.AddError("--db needs a file path");
        }

        if (result.GetValue(pageSize) is { } size)
        {
            if (databaseValue is not null)
            {
                result.AddError("--page-size applies only to --server");
            }
            else if (size is < 1 or > HttpLedgerExportOptions.MaxPageSize)
            {
                result.AddError($"--page-size must be between 1 and {HttpLedgerExportOptions.MaxPageSize}");
            }
        }

        // A file is read directly: a token there would be ignored, and silently ignoring it misleads.
        if (databaseValue is not null && result.GetValue(token) is not null)
        {
            result.AddError("--token applies only to --server");
            return;
        }

        BearerToken.Validate(result, token);
    }
}
