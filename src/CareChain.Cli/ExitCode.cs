namespace CareChain.Cli;

/// <summary>
/// The process exit codes every command shares. Scripts branch on these, so the numbers never
/// change: 1 is reserved for "the data is not what it claims to be", which must never be confused
/// with "could not check".
/// </summary>
public enum ExitCode
{
    /// <summary>The command did what was asked; for a verification, the ledger is intact.</summary>
    Success = 0,

    /// <summary>Verification ran and found tampering, corruption or a signature that does not hold.</summary>
    IntegrityFailure = 1,

    /// <summary>The command could not run: bad arguments, unreachable server, unreadable file.</summary>
    OperationalError = 2,
}
