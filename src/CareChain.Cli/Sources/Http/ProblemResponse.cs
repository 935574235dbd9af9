namespace CareChain.Cli.Sources.Http;

/// <summary>The parts of an RFC 9457 problem document worth showing to the user.</summary>
internal sealed record ProblemResponse(string? Title = null, string? Detail = null);
