using Hl7.Fhir.Model;

namespace CareChain.Server.Tests.Fhir.Support.Matrix;

/// <summary>One raw HTTP request of the matrix: method, path under <c>/fhir/</c>, and an optional FHIR body.</summary>
internal sealed record MatrixRequest(HttpMethod Method, string Path, Resource? Body = null)
{
    public override string ToString() => $"{Method} /fhir/{Path}";
}
