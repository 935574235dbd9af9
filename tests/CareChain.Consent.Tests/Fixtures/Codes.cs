using Hl7.Fhir.Model;

namespace CareChain.Consent.Tests.Fixtures;

/// <summary>Code systems and codings the tests use, so every table reads in clinical terms.</summary>
internal static class Codes
{
    public const string ActReason = "http://terminology.hl7.org/CodeSystem/v3-ActReason";
    public const string ConsentAction = "http://terminology.hl7.org/CodeSystem/consentaction";
    public const string ParticipationType = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType";
    public const string Confidentiality = "http://terminology.hl7.org/CodeSystem/v3-Confidentiality";
    public const string Loinc = "http://loinc.org";

    public static Coding Purpose(string code) => new(ActReason, code);

    public static Coding Action(string code) => new(ConsentAction, code);

    public static Coding Role(string code) => new(ParticipationType, code);

    public static Coding Label(string code) => new(Confidentiality, code);

    public static Coding LoincCode(string code) => new(Loinc, code);
}
