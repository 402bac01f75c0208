using System.Collections.Concurrent;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PlatformWatch.Contracts;
using PlatformWatch.Contracts.Wire;
using PlatformWatch.Hosting;
using PlatformWatch.Store;

namespace PlatformWatch.IntegrationTests;

/// <summary>The worker on MassTransit's in-memory transport, end to end: publish events, read findings from the database.</summary>
[TestFixture]
public class Publishing_market_structure_on_the_in_memory_bus
{
    private IHost _host = null!;
    private CaseStore _store = null!;
    private IReadOnlyList<StoredFinding> _findings = [];

    [OneTimeSetUp]
    public async Task PublishAndWait()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["Store:Connection"] = Path.Combine(Cli.TempFolder(), "bus.db");
        builder.Services.AddSingleton<RaisedFindings>();
        builder.Services.AddCaseStore().AddRuleProfiles().AddPlatformWatchWorker(builder.Configuration, bus => bus.AddConsumer<RaisedFindingsConsumer>());
        _host = builder.Build();
        await _host.StartAsync();
        _store = _host.Services.GetRequiredService<CaseStore>();

        var bus = _host.Services.GetRequiredService<IBus>();
        var consumed = new ConsumeCounter();
        bus.ConnectConsumeObserver(consumed);
        var events = new List<IInboundEvent>();
        await using (var stream = File.OpenRead(Scenario.Path("market-structure.jsonl")))
        {
            await foreach (var line in JsonlReader.ReadAsync(stream))
            {
                events.Add(line.Parsed.Event!);
            }
        }

        foreach (var e in events)
        {
            await bus.Publish(e, e.GetType());
        }

        // The same events again: redelivery must change nothing.
        foreach (var e in events)
        {
            await bus.Publish(e, e.GetType());
        }

        // Every copy consumed, and every FindingRaised delivered (they are published after each commit).
        var raised = _host.Services.GetRequiredService<RaisedFindings>();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline && (consumed.InboundEvents < 2 * events.Count || raised.Count < Scenario.ExpectedFindings("market-structure").Count))
        {
            await Task.Delay(100);
        }

        _findings = await _store.Findings.ListAsync();
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        await _host.StopAsync();
        _host.Dispose();
    }

    [Test]
    public async Task Should_process_each_event_once_however_often_it_was_published() =>
        Assert.That((await _store.Ingestion.CountAsync()).Processed, Is.EqualTo(9));

    [Test]
    public void Should_store_exactly_the_expected_findings() =>
        Assert.That(Scenario.Keys(_findings), Is.EqualTo(Scenario.ExpectedFindings("market-structure")));

    [Test]
    public void Should_publish_FindingRaised_once_per_finding_after_the_commit()
    {
        var raised = _host.Services.GetRequiredService<RaisedFindings>();
        Assert.Multiple(() =>
        {
            Assert.That(raised.Ids, Is.EquivalentTo(_findings.Select(f => f.FindingId)));
            Assert.That(raised.Messages.Where(m => m.Severity != Severity.Info).All(m => m.CaseId is not null), Is.True);
        });
    }

    private sealed class ConsumeCounter : IConsumeObserver
    {
        private int _inboundEvents;

        public int InboundEvents => Volatile.Read(ref _inboundEvents);

        public Task PreConsume<T>(ConsumeContext<T> context) where T : class => Task.CompletedTask;

        public Task PostConsume<T>(ConsumeContext<T> context) where T : class
        {
            if (context.Message is IInboundEvent)
            {
                Interlocked.Increment(ref _inboundEvents);
            }

            return Task.CompletedTask;
        }

        public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception) where T : class => Task.CompletedTask;
    }

    internal sealed class RaisedFindings
    {
        private readonly ConcurrentQueue<FindingRaised> _messages = new();

        public int Count => _messages.Count;

        public IEnumerable<FindingRaised> Messages => _messages;

        public IEnumerable<string> Ids => _messages.Select(m => m.FindingId);

        public void Add(FindingRaised message) => _messages.Enqueue(message);
    }

    internal sealed class RaisedFindingsConsumer(RaisedFindings raised) : IConsumer<FindingRaised>
    {
        public Task Consume(ConsumeContext<FindingRaised> context)
        {
            raised.Add(context.Message);
            return Task.CompletedTask;
        }
    }
}
