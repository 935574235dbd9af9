namespace CareChain.Cli.Commands.Load;

/// <summary>A validated <c>load</c> command line; the token, when given, is never printed.</summary>
internal sealed record LoadRequest(string Folder, Uri Server, string? Token, string? DevTokenSubject);
