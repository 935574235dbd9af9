namespace CareChain.Cli.Tests.Infrastructure;

/// <summary>Ways <see cref="LedgerTestServer"/> can misbehave on the entries endpoint.</summary>
public enum ServerFault
{
    None,
    InternalError,
    GarbageJson,
    HtmlInsteadOfJson,
    NonAdvancingNext,
    EmptyPageWithNext,
    WrongShard,
    LoneSurrogateInBody,
    InvalidUtf8,
    EndlessBody,
    Hang,
}
