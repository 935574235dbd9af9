namespace CareChain.Consent;

/// <summary>The code systems consent decisions speak in.</summary>
public static class ConsentCodeSystems
{
    /// <summary>v3 ActReason: purposes of use such as TREAT, ETREAT, HRESCH.</summary>
    public const string ActReason = "http://terminology.hl7.org/CodeSystem/v3-ActReason";

    /// <summary>Consent actions: access, collect, use, disclose, correct.</summary>
    public const string ConsentAction = "http://terminology.hl7.org/CodeSystem/consentaction";

    /// <summary>v3 ParticipationType: the roles an actor acts in.</summary>
    public const string ParticipationType = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType";

    /// <summary>The consent scope system; CareChain decides only <c>patient-privacy</c> consents.</summary>
    public const string ConsentScope = "http://terminology.hl7.org/CodeSystem/consentscope";
}
