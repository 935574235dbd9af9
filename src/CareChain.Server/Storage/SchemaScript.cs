using System.Security.Cryptography;
using System.Text;

namespace CareChain.Server.Storage;

/// <summary>One embedded schema script and the SHA-256 of its bytes, recorded once it is applied.</summary>
public sealed class SchemaScript
{
    public SchemaScript(string name, SchemaTarget target, ReadOnlySpan<byte> content)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        Target = target;
        Sha256 = Convert.ToHexStringLower(SHA256.HashData(content));
        var preamble = Encoding.UTF8.Preamble;
        Text = Encoding.UTF8.GetString(content.StartsWith(preamble) ? content[preamble.Length..] : content);
    }

    /// <summary>The file name, for example "ledger.sql".</summary>
    public string Name { get; }

    public SchemaTarget Target { get; }

    public string Sha256 { get; }

    public string Text { get; }

    public override string ToString() => Name;
}
