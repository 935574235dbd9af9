using Microsoft.IdentityModel.Tokens;

namespace CareChain.Server.Auth;

/// <summary>
/// The signing keys read from a JSON Web Key Set, and one line for each key that was left out and why.
/// The lines name keys by position and <c>kid</c>, never by their bytes.
/// </summary>
internal sealed record JwksReadResult(IReadOnlyList<SecurityKey> Keys, IReadOnlyList<string> Problems);
