using System.Text.Json.Serialization;

namespace CareChain.Server.Auth;

[JsonSerializable(typeof(DevTokenRequest))]
[JsonSerializable(typeof(DevTokenResponse))]
[JsonSerializable(typeof(OAuthError))]
internal sealed partial class AuthJsonContext : JsonSerializerContext;
