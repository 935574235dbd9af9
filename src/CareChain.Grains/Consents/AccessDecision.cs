namespace CareChain.Grains.Consents;

/// <summary>The consents grain's answer: permitted or not, and which consent and provision decided.</summary>
/// <param name="Permitted">True when an active consent permits the request and none denies it.</param>
/// <param name="ConsentId">The deciding <c>Consent.id</c>; null when no consent applied (default deny).</param>
/// <param name="ProvisionPath">The deciding provision, e.g. <c>provision.provision[0]</c>.</param>
/// <param name="Reason">One sentence without PHI naming the rule that decided.</param>
[GenerateSerializer, Immutable, Alias("carechain.consents.access-decision")]
public sealed record AccessDecision(
    [property: Id(0)] bool Permitted,
    [property: Id(1)] string? ConsentId,
    [property: Id(2)] string? ProvisionPath,
    [property: Id(3)] string Reason);
