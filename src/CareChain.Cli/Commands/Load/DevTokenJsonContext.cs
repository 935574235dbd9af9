using System.Text.Json.Serialization;

namespace CareChain.Cli.Commands.Load;

[JsonSerializable(typeof(DevTokenRequest))]
[JsonSerializable(typeof(DevTokenResponse))]
internal sealed partial class DevTokenJsonContext : JsonSerializerContext;
