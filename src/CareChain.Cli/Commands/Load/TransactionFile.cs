using Hl7.Fhir.Model;

namespace CareChain.Cli.Commands.Load;

/// <summary>One parsed input file, ready to send: <see cref="Name"/> is the file name alone, for output lines.</summary>
internal sealed record TransactionFile(string Name, Bundle Transaction);
