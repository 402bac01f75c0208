namespace PlatformWatch.DeployTests;

/// <summary>The check the deployment tests apply to environment variables tells real settings from misspelt ones.</summary>
[TestFixture]
internal sealed class The_settings_check
{
    [TestCase("Bus__Host")]
    [TestCase("Bus__ClusterNodes__0")]
    [TestCase("Bus__RetryIntervals__2")]
    [TestCase("Bus__QuorumReplicas")]
    [TestCase("Store__Connection")]
    [TestCase("Rules__Directory")]
    [TestCase("Api__RunWorker")]
    [TestCase("Auth__Jwt__Authority")]
    [TestCase("Observability__HttpPort")]
    [TestCase("ASPNETCORE_URLS")]
    [TestCase("Urls")]
    [TestCase("DOTNET_gcServer")]
    [TestCase("PLATFORMWATCH_AUDIT_KEY")]
    [TestCase("MSSQL_SA_PASSWORD")]
    public void Accepts_a_real_setting(string name) => Assert.That(Settings.Problem(name), Is.Null);

    [TestCase("Bus__Hots")]
    [TestCase("bus__Host")]
    [TestCase("Bus__ClusterNodes")]
    [TestCase("Bus__ClusterNodes__first")]
    [TestCase("Bus__Host__Name")]
    [TestCase("Store")]
    [TestCase("Auth__Authority")]
    [TestCase("Observability__Port")]
    [TestCase("Observability__HttpPort__0")]
    [TestCase("PLATFORMWATCH_AUDITKEY")]
    [TestCase("DOTNET_")]
    [TestCase("RABBITMQ_DEFAULT_PASSWORD")]
    public void Refuses_a_name_no_options_class_has(string name) => Assert.That(Settings.Problem(name), Is.Not.Null.And.Contains(name));

    [TestCase("Bus__Port", "amqp")]
    [TestCase("Bus__Port", "70000")]
    [TestCase("Bus__PrefetchCount", "0")]
    [TestCase("Store__Provider", "mysql")]
    [TestCase("Store__Provider", "SqlServer")]
    [TestCase("Rules__DueDateCheckInterval", "hourly")]
    [TestCase("Observability__HttpPort", "metrics")]
    public void Refuses_a_value_that_does_not_bind(string name, string value) =>
        Assert.That(Settings.BindingProblems([new(name, value)]), Is.Not.Empty);

    [Test]
    public void Binds_good_values()
    {
        var problems = Settings.BindingProblems(
        [
            new("Bus__Transport", "RabbitMq"), new("Bus__Port", "5672"), new("Bus__ClusterNodes__0", "rabbit-1"),
            new("Store__Provider", "sqlserver"), new("Store__Connection", "Server=db"), new("Rules__DueDateCheckInterval", "01:00:00"),
            new("Api__RunWorker", "false"), new("Observability__HttpPort", "9464"),
        ]);
        Assert.That(problems, Is.Empty);
    }
}
