namespace PlatformWatch.IntegrationTests;

// The workers table the RabbitMQ workers share the partitions by: a heartbeat makes a worker live
// (on the database's clock), a worker silent for longer than the window is not, leaving removes it.
public abstract partial class StoreSuite
{
    [Test]
    public async Task Workers_that_beat_are_live_and_one_that_leaves_is_not()
    {
        var window = TimeSpan.FromSeconds(30);
        await Store.Workers.HeartbeatAsync("w-b", "host-1", "", window);
        var seenByA = await Store.Workers.HeartbeatAsync("w-a", "host-2", "0,1", window);
        await Store.Workers.HeartbeatAsync("w-a", "host-2", "0,1,2", window);
        await Store.Workers.LeaveAsync("w-b");
        var afterLeaving = await Store.Workers.HeartbeatAsync("w-a", "host-2", "0,1,2,3", window);
        Assert.Multiple(() =>
        {
            Assert.That(seenByA, Is.EqualTo(new[] { "w-a", "w-b" }));
            Assert.That(afterLeaving, Is.EqualTo(new[] { "w-a" }));
        });
    }

    [Test]
    public async Task A_worker_silent_for_longer_than_the_window_is_not_live()
    {
        await Store.Workers.HeartbeatAsync("w-silent", "host-1", "", TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromMilliseconds(1200));
        var live = await Store.Workers.HeartbeatAsync("w-beating", "host-2", "", TimeSpan.FromSeconds(1));
        Assert.That(live, Is.EqualTo(new[] { "w-beating" }));
    }
}
