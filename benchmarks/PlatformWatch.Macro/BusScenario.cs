using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PlatformWatch.Contracts;
using PlatformWatch.Contracts.Wire;
using PlatformWatch.Hosting;

namespace PlatformWatch.Macro;

/// <summary>
/// b and c: MassTransit in this process on the worker's topology and endpoint settings (see
/// <see cref="WorkerTopology"/>) and its consumers, whose events join batches across contracts
/// (<see cref="InboundBatcher"/>), with batches that do nothing (b) or run the rules on memory (c).
/// </summary>
internal static class BusScenario
{
    /// <summary>Declares the worker's queues and exchanges (what a worker does on its first start) and stops.</summary>
    public static async Task DeclareAsync(Uri rabbitMq, CancellationToken ct)
    {
        await using var provider = Build('b', rabbitMq, new DrainClock(0), null);
        var bus = provider.GetRequiredService<IBusControl>();
        await bus.StartAsync(ct);
        await bus.StopAsync(ct);
    }

    public static async Task<DrainResult> RunAsync(char scenario, Uri rabbitMq, int events, InMemoryRules? rules, CancellationToken ct)
    {
        var clock = new DrainClock(events, () => Cpu.Take(Environment.ProcessId));
        await using var provider = Build(scenario, rabbitMq, clock, rules);
        var bus = provider.GetRequiredService<IBusControl>();
        await bus.StartAsync(ct);
        try
        {
            await clock.WaitAsync(TimeSpan.FromSeconds(60), ct);
        }
        finally
        {
            await bus.StopAsync(CancellationToken.None);
        }

        return clock.Result(scenario, "harness (the consumer)");
    }

    private static ServiceProvider Build(char scenario, Uri rabbitMq, DrainClock clock, InMemoryRules? rules)
    {
        var bus = new BusOptions();
        bus.UseUri(rabbitMq);
        var services = new ServiceCollection();
        services.AddLogging(l => l.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton(clock);
        services.AddSingleton(Options.Create(bus));
        services.AddSingleton(TimeProvider.System);
        if (rules is not null)
        {
            services.AddSingleton(rules);
            services.AddSingleton<IBatchProcessor, RulesBatches>();
        }
        else
        {
            services.AddSingleton<IBatchProcessor, NoopBatches>();
        }

        services.AddSingleton<InboundBatcher>();
        var consumers = InboundContracts.All.Select(t => typeof(InboundEventConsumer<>).MakeGenericType(t)).ToList();
        services.AddMassTransit(x =>
        {
            x.DisableUsageTelemetry();
            foreach (var consumer in consumers)
            {
                x.AddConsumer(consumer).ExcludeFromConfigureEndpoints();
            }

            x.UsingRabbitMq((context, cfg) => WorkerTopology.Configure(cfg, context, bus, consumers, validate: scenario == 'c'));
        });
        return services.BuildServiceProvider();
    }
}

/// <summary>b: the framework's cost. Takes each batch of the worker's batch settings and does nothing with it.</summary>
public sealed class NoopBatches(DrainClock clock) : IBatchProcessor
{
    /// <inheritdoc />
    public Task<BatchResult> ProcessAsync(IReadOnlyList<IInboundEvent> events, IReadOnlyList<string?> submitters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        clock.Completed(events.Count);
        return Task.FromResult(new BatchResult(events.Count, 0, [], [], [], []));
    }
}

/// <summary>c: the worker without its database: the inbox, the state and the rules, on memory.</summary>
public sealed class RulesBatches(InMemoryRules rules, DrainClock clock) : IBatchProcessor
{
    /// <inheritdoc />
    public async Task<BatchResult> ProcessAsync(IReadOnlyList<IInboundEvent> events, IReadOnlyList<string?> submitters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        await rules.ProcessAsync(events);
        clock.Completed(events.Count);
        return new BatchResult(events.Count, 0, [], [], [], []);
    }
}

/// <summary>
/// The RabbitMQ part of <c>WorkerRegistration.AddPlatformWatchBus</c> for consumers of the
/// benchmark's own (that method registers the worker's, which need the case database), as a worker
/// that owns every partition has it: the bus of <c>ConfigurePartitionedBus</c> and the endpoint of
/// each partition (<c>ConfigurePartitionQueue</c>, shared), statically instead of through the
/// partition coordinator. A change there that is not made here makes the real worker (d, e) fail to
/// start with PRECONDITION_FAILED on the queues this declared.
/// </summary>
internal static class WorkerTopology
{
    public static void Configure(IRabbitMqBusFactoryConfigurator cfg, IBusRegistrationContext context, BusOptions bus, IReadOnlyList<Type> consumers, bool validate)
    {
        WorkerRegistration.ConfigureRabbitMq(cfg, bus);
        WorkerRegistration.ConfigurePartitionedBus(cfg, bus);
        foreach (var queue in PartitionTopology.Queues(bus))
        {
            cfg.ReceiveEndpoint(queue, e =>
            {
                WorkerRegistration.ConfigurePartitionQueue(e, bus, owned: bus.Partitions);

                // The worker's own per-message work before a batch (size cap, contract checks): c's, not the framework's.
                if (validate)
                {
                    e.UseFilter(new EventValidationFilter(bus, null));
                }

                foreach (var consumer in consumers)
                {
                    e.ConfigureConsumer(context, consumer);
                }
            });
        }

        cfg.ConfigureEndpoints(context);
    }
}
