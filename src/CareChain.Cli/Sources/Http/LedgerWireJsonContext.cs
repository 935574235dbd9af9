using System.Text.Json;
using System.Text.Json.Serialization;

namespace CareChain.Cli.Sources.Http;

/// <summary>
/// Source-generated, strict reading of the server's ledger responses: every constructor parameter
/// is required, a null where the type says non-null is an error, numbers must be JSON numbers and
/// a repeated property is refused (a duplicate would let one reader see a different value from
/// another). Unknown properties are ignored so the server can add fields.
/// </summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    NumberHandling = JsonNumberHandling.Strict,
    PropertyNameCaseInsensitive = false,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    AllowDuplicateProperties = false,
    ReadCommentHandling = JsonCommentHandling.Disallow,
    AllowTrailingCommas = false)]
[JsonSerializable(typeof(CheckpointResponse))]
[JsonSerializable(typeof(CheckpointKeyResponse))]
[JsonSerializable(typeof(EntryPageResponse))]
[JsonSerializable(typeof(ProblemResponse))]
internal sealed partial class LedgerWireJsonContext : JsonSerializerContext;
