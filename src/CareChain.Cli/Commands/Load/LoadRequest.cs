namespace CareChain.Cli.Commands.Load;

/// <summary>A validated <c>load</c> command line; the token, when given, is never printed.</summary>
internal sealed record LoadRequest(string Folder, Uri Server, string? Token, string? DevTokenSubject)
{
    // A record prints every member; a bearer token must never reach a log or an exception message.
    public override string ToString() =>
        $"LoadRequest {{ Folder = {Folder}, Server = {Server}, Token = {(Token is null ? "none" : "(hidden)")}, DevTokenSubject = {DevTokenSubject} }}";
}
