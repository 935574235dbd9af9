using System.Globalization;
using System.Net;
using CareChain.Cli.Keys;
using CareChain.Cli.Sources;
using CareChain.Cli.Sources.Http;
using CareChain.Cli.Sources.Sqlite;
using CareChain.Ledger.Checkpoints;
using CareChain.Ledger.Verification;

namespace CareChain.Cli.Commands.Ledger;

/// <summary>
/// Runs <c>ledger verify</c>: opens the source, runs <see cref="LedgerVerifier"/> and turns the
/// outcome into exactly one line and an <see cref="ExitCode"/>. Every failure is caught here, so
/// a hostile server or file can produce an error line but never a stack trace.
/// </summary>
internal sealed class LedgerVerifyHandler(CliEnvironment environment)
{
    private const string PinnedKey = "pinned";
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    public async Task<int> RunAsync(LedgerVerifyRequest request, CancellationToken cancellationToken)
    {
        var progress = request.ShowProgress || !environment.IsErrorRedirected
            ? new VerificationProgressWriter(environment.Error, environment.Time)
            : null;
        try
        {
            var pinned = request.KeyPath is null ? null : await PinnedKeyFile.LoadAsync(request.KeyPath, cancellationToken);
            var (report, keySource) = request.Server is { } server
                ? await VerifyServerAsync(server, request.PageSize, BearerToken.Resolve(request.Token, environment.Variables), pinned, progress, cancellationToken)
                : await VerifyDatabaseAsync(request.DatabasePath!, pinned, progress, cancellationToken);
            progress?.Clear();
            if (report.IsIntact)
            {
                await environment.Out.WriteLineAsync(VerificationMessages.Intact(report, keySource));
                return (int)ExitCode.Success;
            }

            await environment.Error.WriteLineAsync(VerificationMessages.Broken(report.Failure));
            return (int)ExitCode.IntegrityFailure;
        }
        catch (OperationalErrorException failure)
        {
            return await FailAsync(progress, failure.Message);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return await FailAsync(progress, "verification cancelled");
        }
        catch (Exception failure) when (failure is not OutOfMemoryException)
        {
            // A bug, not a verdict: say so in one line rather than claim the ledger is broken.
            return await FailAsync(progress, $"unexpected {failure.GetType().Name}: {failure.Message}");
        }
    }

    private async Task<(VerificationReport Report, string KeySource)> VerifyServerAsync(
        Uri server, int pageSize, string? token, CheckpointKey? pinned, IProgress<VerificationProgress>? progress, CancellationToken cancellationToken)
    {
        // Without a token the requests still go out: a server that keeps its entries open, or a
        // proxy that authenticates for us, needs none; a CareChain server answers 401 and that is reported.
        var ownClient = environment.HttpClient is null ? CreateHttpClient() : null;
        try
        {
            var export = new HttpLedgerExport(
                environment.HttpClient ?? ownClient!, server, new HttpLedgerExportOptions { PageSize = pageSize }, token);
            var report = await VerifyAsync(export, pinned, progress, cancellationToken);
            return (report, pinned is null ? $"published by {server.GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped)}, not pinned" : PinnedKey);
        }
        finally
        {
            ownClient?.Dispose();
        }
    }

    private static async Task<(VerificationReport Report, string KeySource)> VerifyDatabaseAsync(
        string path, CheckpointKey? pinned, IProgress<VerificationProgress>? progress, CancellationToken cancellationToken)
    {
        await using var export = await SqliteLedgerExport.OpenAsync(path, cancellationToken);
        var report = await VerifyAsync(export, pinned, progress, cancellationToken);
        if (report.IsIntact)
        {
            report = await CheckShardLayoutAsync(export, report, cancellationToken);
        }

        return (report, pinned is null ? "stored in the ledger file, not pinned" : PinnedKey);
    }

    private static async Task<VerificationReport> VerifyAsync(
        ILedgerExport export, CheckpointKey? pinned, IProgress<VerificationProgress>? progress, CancellationToken cancellationToken)
    {
        var trap = new OperationalFaultTrap(export);
        var report = await new LedgerVerifier(pinned).VerifyAsync(trap, progress, cancellationToken);

        // A failure that is really a transport or file error means the ledger could not be read,
        // not that it is broken, so it is rethrown as what it is.
        if (!report.IsIntact && trap.Explain(report.Failure) is { } fault)
        {
            throw new OperationalErrorException(fault.Message, fault);
        }

        return report;
    }

    /// <summary>
    /// The verifier reads only the shards the checkpoints list. Rows outside them, or a recorded
    /// shard count that disagrees, would be entries that no checkpoint vouches for.
    /// </summary>
    private static async Task<VerificationReport> CheckShardLayoutAsync(
        SqliteLedgerExport export, VerificationReport report, CancellationToken cancellationToken)
    {
        string? problem = null;
        if (export.Shards != report.Shards)
        {
            problem = string.Create(
                CultureInfo.InvariantCulture,
                $"ledger_meta records {export.Shards} shards but checkpoint {report.CheckpointNumber} lists {report.Shards}");
        }
        else if (await export.CountStrayEntriesAsync(report.Shards, cancellationToken) is > 0 and var stray)
        {
            problem = string.Create(
                CultureInfo.InvariantCulture, $"{stray} ledger_entries rows belong to no shard 0 to {report.Shards - 1}");
        }

        return problem is null ? report : report with { IsIntact = false, Failure = new VerificationFailure(null, null, problem) };
    }

    private static HttpClient CreateHttpClient()
    {
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = ConnectTimeout,
            AutomaticDecompression = DecompressionMethods.All,
            // HttpClient drops the Authorization header on a redirect, so the token never follows one.
            MaxAutomaticRedirections = 5,
        };

        // Each request has its own deadline covering the body too (HttpLedgerExportOptions).
        var client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        client.DefaultRequestHeaders.UserAgent.ParseAdd("carechain-cli");
        return client;
    }

    private async Task<int> FailAsync(VerificationProgressWriter? progress, string message)
    {
        progress?.Clear();
        await environment.Error.WriteLineAsync(VerificationMessages.Error(message));
        return (int)ExitCode.OperationalError;
    }
}
