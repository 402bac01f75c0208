using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PlatformWatch.Contracts;
using PlatformWatch.Contracts.Wire;
using PlatformWatch.Store;

namespace PlatformWatch.Worker;

/// <summary>The worker's wiring: store, rules, processor and bus.</summary>
public static class WorkerRegistration
{
    /// <summary>The case database from the <c>Store</c> section, migrated when the host starts.</summary>
    public static IServiceCollection AddCaseStore(this IServiceCollection services)
    {
        services.AddOptions<StoreOptions>().BindConfiguration(StoreOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => CaseStore.Create(sp.GetRequiredService<IOptions<StoreOptions>>().Value, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<SourceRegistryCache>();

        // Registered before the bus, so the schema exists before the first message is consumed.
        services.AddHostedService<StoreMigrationService>();
        return services;
    }

    /// <summary>The rule profiles from the <c>Rules</c> section and the processor.</summary>
    public static IServiceCollection AddRuleProfiles(this IServiceCollection services)
    {
        services.AddOptions<RulesOptions>().BindConfiguration(RulesOptions.Section);
        services.AddSingleton<ActiveProfiles>();
        services.AddSingleton<EventProcessor>();
        services.AddHostedService<RuleProfileReloader>();
        return services;
    }

    /// <summary>
    /// The event consumers on the bus of the <c>Bus</c> section: MassTransit's in-memory transport
    /// (the embedded default) or RabbitMQ (a durable quorum queue with a dead-letter queue and a
    /// delivery limit; retries in memory; batches of events, each committed in one transaction),
    /// and the due-date scheduler.
    /// </summary>
    public static IServiceCollection AddPlatformWatchWorker(this IServiceCollection services, IConfiguration configuration, Action<IBusRegistrationConfigurator>? configure = null) =>
        services.AddPlatformWatchBus(configuration, consume: true, configure);

    /// <summary>
    /// The bus of the <c>Bus</c> section, consuming inbound events (<paramref name="consume"/>: the
    /// worker) or only publishing them (a front end beside separate workers). The in-memory
    /// transport always consumes: nothing else could.
    /// </summary>
    public static IServiceCollection AddPlatformWatchBus(this IServiceCollection services, IConfiguration configuration, bool consume, Action<IBusRegistrationConfigurator>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var bus = configuration.GetSection(BusOptions.Section).Get<BusOptions>() ?? new BusOptions();
        consume |= bus.Transport == BusTransport.InMemory;
        if (consume)
        {
            services.AddSingleton<DueDateMonitor>();
            services.AddHostedService(sp => sp.GetRequiredService<DueDateMonitor>());
        }

        services.AddOptions<BusOptions>().BindConfiguration(BusOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        // Every process with a bus relays the outbox: what its own units of work announce goes out
        // at once, and what a process that died left behind is found by polling.
        services.AddOptions<OutboxOptions>().BindConfiguration(OutboxOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddHostedService<OutboxRelay>();

        // On shutdown the bus stops taking messages and lets batches in flight finish; what is
        // still unacknowledged goes back to the queue.
        services.AddOptions<MassTransitHostOptions>().Configure(o =>
        {
            o.WaitUntilStarted = true;
            o.StopTimeout = TimeSpan.FromSeconds(30);
        });
        services.AddMassTransit(registration =>
        {
            // Nothing leaves the regulator's network: no usage reports to MassTransit's servers.
            registration.DisableUsageTelemetry();
            foreach (var contract in consume ? InboundContracts.All : [])
            {
                registration.AddConsumer(typeof(InboundBatchConsumer<>).MakeGenericType(contract), typeof(InboundBatchConsumerDefinition<>).MakeGenericType(contract));
            }

            configure?.Invoke(registration);
            if (bus.Transport == BusTransport.RabbitMq)
            {
                registration.UsingRabbitMq((context, cfg) =>
                {
                    ConfigureRabbitMq(cfg, bus);
                    if (!consume)
                    {
                        cfg.ConfigureEndpoints(context);
                        return;
                    }

                    cfg.ReceiveEndpoint(bus.Queue, e =>
                    {
                        ConfigureEventQueue(e, bus);
                        Events(e, context, bus);
                    });
                    cfg.ConfigureEndpoints(context);
                });
            }
            else
            {
                registration.UsingInMemory((context, cfg) =>
                {
                    Serialization(cfg);
                    cfg.ReceiveEndpoint(bus.Queue, e => Events(e, context, bus));
                    cfg.ConfigureEndpoints(context);
                });
            }
        });
        return services;
    }

    /// <summary>
    /// The broker connection (publisher confirms, the cluster's nodes) and the contracts' JSON, as the
    /// worker, the API, <c>platformwatch replay</c> and the macro benchmark all use them.
    /// </summary>
    public static void ConfigureRabbitMq(IRabbitMqBusFactoryConfigurator cfg, BusOptions bus)
    {
        ArgumentNullException.ThrowIfNull(cfg);
        ArgumentNullException.ThrowIfNull(bus);
        cfg.Host(bus.Host, (ushort)bus.Port, bus.VirtualHost, h =>
        {
            h.Username(bus.Username);
            h.Password(bus.Password);
            h.PublisherConfirmation = true;
            if (bus.ClusterNodes.Length > 0)
            {
                h.UseCluster(c =>
                {
                    foreach (var node in bus.ClusterNodes)
                    {
                        c.Node(node);
                    }
                });
            }
        });
        Serialization(cfg);
    }

    /// <summary>The batch limits of an event consumer, from the <c>Bus</c> section.</summary>
    public static void ConfigureBatches(BatchOptions batches, BusOptions bus)
    {
        ArgumentNullException.ThrowIfNull(batches);
        ArgumentNullException.ThrowIfNull(bus);
        batches.SetMessageLimit(bus.BatchSize).SetTimeLimit(bus.BatchTimeLimit).SetConcurrencyLimit(bus.BatchConcurrency);
    }

    private static void Serialization(IBusFactoryConfigurator cfg)
    {
        cfg.ConfigureJsonSerializerOptions(options =>
        {
            ContractJson.Configure(options);
            return options;
        });

        // Events are published to their own type's exchange only, not to the interface's.
        cfg.Publish<IInboundEvent>(p => p.Exclude = true);
    }

    /// <summary>
    /// The events queue as the worker declares and consumes it: a quorum queue with a delivery limit
    /// and a dead-letter queue, prefetch and concurrency for the batches, and the retries (any fault
    /// retried immediately, then at the configured intervals, then parked with the reason; invalid
    /// events never). The macro benchmark declares its consumers on the same.
    /// </summary>
    public static void ConfigureEventQueue(IRabbitMqReceiveEndpointConfigurator e, BusOptions bus)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(bus);
        e.SetQuorumQueue(bus.QuorumReplicas);
        e.SetQueueArgument("x-delivery-limit", bus.DeliveryLimit);
        e.SetQueueArgument("x-overflow", "reject-publish");
        e.SetQueueArgument("x-dead-letter-strategy", "at-least-once");
        e.BindDeadLetterQueue(bus.Queue + "-dead-letter", bus.Queue + "_dead", d => d.SetQuorumQueue(bus.QuorumReplicas));
        e.PrefetchCount = Math.Max(bus.PrefetchCount, bus.BatchSize * bus.BatchConcurrency);
        e.ConcurrentMessageLimit = bus.BatchSize * bus.BatchConcurrency;
        e.UseMessageRetry(r =>
        {
            r.Ignore<InvalidEventException>();
            r.Intervals(bus.EffectiveRetryIntervals);
        });
        e.UseMessageRetry(r =>
        {
            r.Ignore<InvalidEventException>();
            r.Immediate(2);
        });
    }

    // Every inbound contract's batch consumer on one endpoint: a message is validated alone (and
    // parked alone), then joins a batch of its type. A database outage is waited out inside the
    // consumer (see InboundBatchConsumer).
    private static void Events(IReceiveEndpointConfigurator e, IBusRegistrationContext context, BusOptions bus)
    {
        e.UseFilter(new EventValidationFilter(bus, context.GetRequiredService<SourceRegistryCache>()));
        foreach (var contract in InboundContracts.All)
        {
            e.ConfigureConsumer(context, typeof(InboundBatchConsumer<>).MakeGenericType(contract));
        }
    }
}

/// <summary>Batch limits of the event consumers, from the <c>Bus</c> section.</summary>
public sealed class InboundBatchConsumerDefinition<T>(IOptions<BusOptions> options) : ConsumerDefinition<InboundBatchConsumer<T>>
    where T : class, IInboundEvent
{
    /// <inheritdoc />
    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<InboundBatchConsumer<T>> consumerConfigurator, IRegistrationContext context)
    {
        ArgumentNullException.ThrowIfNull(consumerConfigurator);
        consumerConfigurator.Options<BatchOptions>(b => WorkerRegistration.ConfigureBatches(b, options.Value));
    }
}

/// <summary>Applies the case database's migrations when the host starts.</summary>
internal sealed class StoreMigrationService(CaseStore store) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => store.MigrateAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
