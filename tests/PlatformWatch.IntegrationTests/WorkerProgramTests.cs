namespace PlatformWatch.IntegrationTests;

/// <summary>
/// The worker is its own program, <c>platformwatch-worker</c> (issue 17): its usage errors, and the
/// command line's old <c>worker</c> command saying where it went. Running workers: RabbitMqTests and the others.
/// </summary>
[TestFixture]
internal sealed class WorkerProgramTests
{
    [Test]
    public async Task Without_a_broker_it_is_a_usage_error_naming_what_to_give()
    {
        var result = await Cli.WorkerAsync(Cli.TempFolder(), "--db", "worker.db");
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(2));
            Assert.That(result.Errors, Does.Contain("give --rabbitmq amqp://"));
        });
    }

    [Test]
    public async Task An_unknown_option_is_a_usage_error()
    {
        var result = await Cli.WorkerAsync(Cli.TempFolder(), "--no-such-option");
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(2));
            Assert.That(result.Errors, Does.Contain("--no-such-option").And.Contain("platformwatch-worker --help"));
        });
    }

    [Test]
    public async Task The_command_lines_old_worker_command_says_where_the_worker_went()
    {
        var result = await Cli.RunAsync(Cli.TempFolder(), "worker", "--rabbitmq", "amqp://guest:guest@127.0.0.1:1/");
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(2));
            Assert.That(result.Errors, Does.Contain("platformwatch-worker"));
        });
    }
}
