using CareChain.Consent.Decisions;

namespace CareChain.Consent.Tests.Fixtures;

/// <summary>A typical treatment read; tests change only the element under test with <c>with</c>.</summary>
internal static class Requests
{
    public static readonly DateTimeOffset Now = new(2024, 6, 15, 12, 0, 0, TimeSpan.Zero);

    public static ConsentRequest Read() => new(
        Actor: "Practitioner/123",
        ActorRoles: [Codes.Role("PRCP")],
        Purpose: Codes.Purpose("TREAT"),
        Action: Codes.Action("access"),
        ResourceType: "Observation",
        Codes: [Codes.LoincCode("15074-8")],
        SecurityLabels: [Codes.Label("N")],
        DataTime: new DateTimeOffset(2024, 1, 10, 8, 0, 0, TimeSpan.Zero),
        Time: Now);
}
