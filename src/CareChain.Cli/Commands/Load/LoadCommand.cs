using System.CommandLine;
using System.CommandLine.Parsing;

namespace CareChain.Cli.Commands.Load;

/// <summary>
/// <c>carechain load FOLDER --server URL [--token JWT] [--dev-token-subject REF]</c>: the command
/// line's shape and its validation. The work is in <see cref="LoadHandler"/>.
/// </summary>
internal static class LoadCommand
{
    private const string Description =
        """
        Load FHIR R4 data into a CareChain server: every *.json file in FOLDER (not its subfolders),
        in name order, each a transaction Bundle or a single Patient, Observation or Consent. All
        files are parsed strictly before anything is sent. Each file is one transaction: the server
        applies all of its entries or none.

        The bearer token comes from --token, else the CARECHAIN_TOKEN environment variable, else the
        server's Development-only dev-token endpoint when --dev-token-subject is given.

        Exit codes:
          0  every file was loaded; one line per file and a summary are written to stdout
          2  bad arguments, an invalid file (nothing sent), no token, an unreachable server, or a
             file the server rejected (files before it stay loaded, files after it are not sent)
        """;

    public static Command Create(CliEnvironment environment) => Create(environment, environment.Variables);

    /// <summary>Tests pass <paramref name="variables"/> so they never depend on, or change, the process environment.</summary>
    internal static Command Create(CliEnvironment environment, Func<string, string?> variables)
    {
        var folder = new Argument<string>("folder")
        {
            Description = "Folder of FHIR JSON files to load.",
            HelpName = "FOLDER",
        };
        var server = new Option<string>("--server")
        {
            Description = "Base URL of a CareChain server, e.g. http://localhost:8080; bundles go to {server}/fhir.",
            HelpName = "URL",
            Required = true,
        };
        var token = BearerToken.CreateOption("a JWT with scope system/*.cruds");
        var devTokenSubject = new Option<string?>("--dev-token-subject")
        {
            Description = "Ask the server's Development-only dev-token endpoint for a system/*.cruds token for this subject, e.g. Organization/loader.",
            HelpName = "REF",
        };

        var command = new Command("load", Description) { folder, server, token, devTokenSubject };
        command.Validators.Add(result => Validate(result, folder, server, token, devTokenSubject));
        command.SetAction((parseResult, cancellationToken) =>
        {
            var request = new LoadRequest(
                parseResult.GetValue(folder)!,
                ServerAddress.Parse(parseResult.GetValue(server))!,
                parseResult.GetValue(token),
                parseResult.GetValue(devTokenSubject));
            return new LoadHandler(environment, variables).RunAsync(request, cancellationToken);
        });
        return command;
    }

    private static void Validate(
        CommandResult result, Argument<string> folder, Option<string> server, Option<string?> token, Option<string?> devTokenSubject)
    {
        if (string.IsNullOrWhiteSpace(result.GetValue(folder)))
        {
            result.AddError("FOLDER must name a folder");
        }

        if (result.GetValue(server) is { } serverValue && ServerAddress.Parse(serverValue) is null)
        {
            result.AddError("--server must be an absolute http:// or https:// URL");
        }

        BearerToken.Validate(result, token);

        if (result.GetValue(devTokenSubject) is { } subject && string.IsNullOrWhiteSpace(subject))
        {
            result.AddError("--dev-token-subject must not be empty");
        }
    }
}
