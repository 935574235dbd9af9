namespace CareChain.Server.Tests.Storage.Grains;

public sealed class ReminderProbeGrain : Grain, IReminderProbeGrain, IRemindable
{
    public const string ReminderName = "probe";

    // Far enough away that the reminder never fires during a test; only its row matters.
    private static readonly TimeSpan Period = TimeSpan.FromHours(1);

    Task IReminderProbeGrain.RegisterAsync() => this.RegisterOrUpdateReminder(ReminderName, Period, Period);

    async Task<bool> IReminderProbeGrain.HasReminderAsync() => await this.GetReminder(ReminderName) is not null;

    Task IRemindable.ReceiveReminder(string reminderName, TickStatus status) => Task.CompletedTask;
}
