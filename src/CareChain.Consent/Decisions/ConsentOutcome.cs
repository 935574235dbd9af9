namespace CareChain.Consent.Decisions;

/// <summary>The two possible answers; there is no "not applicable" because the engine denies by default.</summary>
public enum ConsentOutcome
{
    /// <summary>Access is refused (also the answer when no consent applies).</summary>
    Deny = 0,

    /// <summary>An active consent grants the request and none refuses it.</summary>
    Permit = 1,
}
