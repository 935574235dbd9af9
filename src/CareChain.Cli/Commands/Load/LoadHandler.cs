using System.Globalization;
using System.Net;
using CareChain.Cli.Terminal;
using Hl7.Fhir.ElementModel;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;
using Task = System.Threading.Tasks.Task;

namespace CareChain.Cli.Commands.Load;

/// <summary>
/// Runs <c>load</c>: parses every file first, finds a token, then sends one transaction per file
/// with the Firely <see cref="FhirClient"/>, printing a line per file and a summary. The first
/// failure stops the load with one <c>error:</c> line and <see cref="ExitCode.OperationalError"/>;
/// every failure is caught here, so nothing ever prints a stack trace or the token.
/// </summary>
internal sealed class LoadHandler(CliEnvironment environment, Func<string, string?> variables)
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromMinutes(2);

    public async Task<int> RunAsync(LoadRequest request, CancellationToken cancellationToken)
    {
        try
        {
            // Checked before the files so a missing token fails at once; fetched after them so an
            // invalid file stops the load before anything, even a token request, reaches the server.
            var staticToken = BearerToken.Resolve(request.Token, variables);
            if (staticToken is null && request.DevTokenSubject is null)
            {
                throw new OperationalErrorException(
                    $"no token: give --token, set {BearerToken.Variable}, or use --dev-token-subject with a server running in Development");
            }

            var files = await TransactionFolder.ReadAsync(request.Folder, cancellationToken);
            using var handler = CreateSocketsHandler();
            var token = staticToken ?? await RequestDevTokenAsync(handler, request.Server, request.DevTokenSubject!, cancellationToken);
            await SendAllAsync(request.Server, token, files, handler, cancellationToken);
            return (int)ExitCode.Success;
        }
        catch (OperationalErrorException failure)
        {
            return await FailAsync(failure.Message);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return await FailAsync("load cancelled; files reported above stay loaded");
        }
        catch (Exception failure) when (failure is not OutOfMemoryException)
        {
            // A bug, not a verdict on the data; the innermost exception is the one that names the cause.
            var cause = failure.GetBaseException();
            return await FailAsync($"unexpected {cause.GetType().Name}: {cause.Message}");
        }
    }

    private async Task SendAllAsync(
        Uri server, string token, IReadOnlyList<TransactionFile> files, HttpMessageHandler sockets, CancellationToken cancellationToken)
    {
        var endpoint = ServerAddress.FhirEndpoint(server);
        using var bearer = new BearerTokenHandler(token, sockets);
        var settings = new FhirClientSettings
        {
            PreferredFormat = ResourceFormat.Json,
            VerifyFhirVersion = false,
            Timeout = (int)RequestTimeout.TotalMilliseconds,
        };

        // CliEnvironment.HttpClient is not used here: the token and the X-Ledger-Entry header need a
        // handler inside the pipeline, and a finished HttpClient cannot take one. disposeHandler is
        // off because the sockets handler belongs to RunAsync and the bearer handler to this method.
        using var http = new HttpClient(bearer, disposeHandler: false) { Timeout = RequestTimeout };
        http.DefaultRequestHeaders.UserAgent.ParseAdd("carechain-cli");
        using var client = new FhirClient(endpoint, http, settings);

        var entries = 0;
        for (var index = 0; index < files.Count; index++)
        {
            var file = files[index];
            var response = await SendAsync(client, file, index, server, cancellationToken);
            var applied = response.Entry.Count;
            entries += applied;
            var ledger = bearer.LastLedgerEntries is { } header ? $"ledger {OneLine.Sanitize(header, 200)}" : "no ledger entry reported";
            await environment.Out.WriteLineAsync(
                string.Create(CultureInfo.InvariantCulture, $"{OneLine.Sanitize(file.Name)}: {applied} {Plural(applied, "entry", "entries")} applied, {ledger}"));
        }

        await environment.Out.WriteLineAsync(string.Create(
            CultureInfo.InvariantCulture,
            $"loaded {files.Count} {Plural(files.Count, "file", "files")}, {entries} {Plural(entries, "entry", "entries")}, into {ServerAddress.Display(endpoint)}"));
    }

    private static async Task<Bundle> SendAsync(FhirClient client, TransactionFile file, int index, Uri server, CancellationToken cancellationToken)
    {
        var name = OneLine.Sanitize(file.Name);
        try
        {
            return await client.TransactionAsync(file.Transaction, cancellationToken)
                ?? throw new OperationalErrorException($"{name}: the server answered without a transaction-response Bundle{Earlier(index)}");
        }
        catch (FhirOperationException failure)
        {
            var status = string.Create(CultureInfo.InvariantCulture, $"{(int)failure.Status} {failure.Status}");
            throw new OperationalErrorException($"{name}: rejected with {status}: {Diagnostics(failure.Outcome)}{Earlier(index)}", failure);
        }
        catch (HttpRequestException failure)
        {
            throw new OperationalErrorException($"{name}: cannot reach {ServerAddress.Display(server)}: {failure.Message}{Earlier(index)}", failure);
        }
        catch (OperationCanceledException failure) when (!cancellationToken.IsCancellationRequested)
        {
            throw new OperationalErrorException($"{name}: {ServerAddress.Display(server)} did not answer in time{Earlier(index)}", failure);
        }
        catch (Exception failure) when (failure is StructuralTypeException or FormatException)
        {
            throw new OperationalErrorException($"{name}: the server's answer is not FHIR: {failure.Message}{Earlier(index)}", failure);
        }
    }

    private async Task<string> RequestDevTokenAsync(HttpMessageHandler sockets, Uri server, string subject, CancellationToken cancellationToken)
    {
        if (environment.HttpClient is { } shared)
        {
            return await DevTokenClient.RequestAsync(shared, server, subject, cancellationToken);
        }

        using var client = new HttpClient(sockets, disposeHandler: false) { Timeout = RequestTimeout };
        client.DefaultRequestHeaders.UserAgent.ParseAdd("carechain-cli");
        return await DevTokenClient.RequestAsync(client, server, subject, cancellationToken);
    }

    /// <summary>The first diagnostics (or details text) of the outcome: the server's own words for what went wrong.</summary>
    private static string Diagnostics(OperationOutcome? outcome) =>
        outcome?.Issue.Select(issue => issue.Diagnostics ?? issue.Details?.Text).FirstOrDefault(text => !string.IsNullOrWhiteSpace(text))
            ?? "no OperationOutcome diagnostics";

    private static string Earlier(int loaded) => loaded switch
    {
        0 => "; nothing was loaded",
        1 => "; the 1 file before it stays loaded, none after it was sent",
        _ => string.Create(CultureInfo.InvariantCulture, $"; the {loaded} files before it stay loaded, none after it was sent"),
    };

    private static string Plural(int count, string one, string many) => count == 1 ? one : many;

    private static SocketsHttpHandler CreateSocketsHandler() => new()
    {
        ConnectTimeout = ConnectTimeout,
        AutomaticDecompression = DecompressionMethods.All,

        // Redirects would carry the bearer token to wherever the server points; a loader has no need to follow them.
        AllowAutoRedirect = false,
    };

    private async Task<int> FailAsync(string message)
    {
        await environment.Error.WriteLineAsync("error: " + OneLine.Sanitize(message, 400));
        return (int)ExitCode.OperationalError;
    }
}
