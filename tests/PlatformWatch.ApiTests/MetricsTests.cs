using System.Text;
using PlatformWatch.Store;

namespace PlatformWatch.ApiTests;

/// <summary>
/// The Prometheus endpoint after a sample file went through the service: the events consumed per
/// type, the rule evaluations and findings per rule, the processing time and batch sizes.
/// </summary>
[TestFixture]
internal sealed class The_metrics_endpoint
{
    private ApiWorld _world = null!;

    [OneTimeSetUp]
    public async Task Start() => _world = await ApiWorld.StartAsync();

    [OneTimeTearDown]
    public async Task Stop() => await _world.DisposeAsync();

    [Test]
    public async Task Exposes_the_services_metrics_after_a_sample_file_is_processed()
    {
        // The market-structure sample under new ids, so the in-process worker evaluates it afresh.
        var lines = File.ReadAllLines(Path.Combine(TestContext.CurrentContext.TestDirectory, "scenarios", "market-structure.jsonl"))
            .Where(l => l.TrimStart().StartsWith('{'))
            .Select(l => l.Replace("\"eventId\":\"", "\"eventId\":\"metrics-", StringComparison.Ordinal).Replace("cn-ride-hailing", "cn-metrics-market", StringComparison.Ordinal))
            .ToList();
        using var analyst = _world.Client(ApiRoles.RegulatorAnalyst);
        using var posted = await analyst.PostAsync("/api/v1/events/batch", new StringContent("[" + string.Join(',', lines) + "]", Encoding.UTF8, "application/json"));
        Assert.That((int)posted.StatusCode, Is.EqualTo(202), await posted.Content.ReadAsStringAsync());
        var lastId = System.Text.Json.Nodes.JsonNode.Parse(lines[^1])!["eventId"]!.GetValue<string>();
        Assert.That(await _world.WaitForEventAsync(lastId, TimeSpan.FromSeconds(30)), Is.True);

        using var anonymous = _world.Client(null);
        string text = "";
        for (var attempt = 0; attempt < 20 && !text.Contains("platformwatch_findings_raised_total", StringComparison.Ordinal); attempt++)
        {
            await Task.Delay(250);
            text = await anonymous.GetStringAsync("/metrics");
        }

        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Contain("platformwatch_events_consumed_total{").And.Contain("type=\"MarketShareReported\""));
            Assert.That(text, Does.Match("platformwatch_rule_evaluations_total\\{[^}]*rule=\"CN-AML24-SINGLE\"[^}]*\\} [1-9]"));
            Assert.That(text, Does.Match("platformwatch_findings_raised_total\\{[^}]*rule=\"CN-AML24-JOINT2\"[^}]*\\} [1-9]"));
            Assert.That(text, Does.Contain("platformwatch_processing_duration_seconds_bucket"));
            Assert.That(text, Does.Contain("platformwatch_batch_size_bucket"));
            Assert.That(text, Does.Contain("platformwatch_queue_lag_seconds_bucket"));
        });
    }
}
