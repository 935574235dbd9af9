using Xunit.Sdk;

namespace CareChain.Server.Tests.Fhir.Support.Matrix;

/// <summary>
/// A theory row of the matrix: serializable by name (so each row is its own test case), and named for what
/// it checks, e.g. <c>Practitioner/dr-lee [user/*.rs] | read Observation/obs-p2 → 403 (no consent permits)</c>.
/// </summary>
public sealed class MatrixRow : IXunitSerializable
{
    public MatrixRow()
    {
    }

    internal MatrixRow(string name) => Name = name;

    public string Name { get; private set; } = string.Empty;

    internal MatrixCase Case => AuthorizationMatrix.Find(Name);

    public void Deserialize(IXunitSerializationInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        Name = info.GetValue<string>(nameof(Name)) ?? string.Empty;
    }

    public void Serialize(IXunitSerializationInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        info.AddValue(nameof(Name), Name);
    }

    public override string ToString() => Name;
}
