namespace CareChain.Server.Tests.Storage.Grains;

/// <summary>Registers a durable reminder and reports whether the reminder service knows it.</summary>
[Alias("CareChain.Server.Tests.Storage.IReminderProbeGrain")]
public interface IReminderProbeGrain : IGrainWithStringKey
{
    [Alias("Register")]
    Task RegisterAsync();

    [Alias("HasReminder")]
    Task<bool> HasReminderAsync();
}
