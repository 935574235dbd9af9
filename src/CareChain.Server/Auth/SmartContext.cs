namespace CareChain.Server.Auth;

/// <summary>The context part of a SMART on FHIR scope: <c>patient/</c>, <c>user/</c> or <c>system/</c>.</summary>
public enum SmartContext
{
    Patient,
    User,
    System,
}
