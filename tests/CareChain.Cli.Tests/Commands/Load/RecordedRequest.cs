namespace CareChain.Cli.Tests.Commands.Load;

/// <summary>One request as <see cref="FhirTestServer"/> received it.</summary>
internal sealed record RecordedRequest(string Method, string Path, string? Authorization, string? ContentType, string Body);
