using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PlatformWatch.Application;
using PlatformWatch.Contracts;
using PlatformWatch.Contracts.Wire;
using PlatformWatch.Store;

namespace PlatformWatch.Hosting;

/// <summary>The worker's wiring: store, rules, processor and bus.</summary>
public static class WorkerRegistration
{
    private const string SingleActiveConsumer = "x-single-active-consumer";

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

    /// <summary>
    /// The application services (docs/application.md) over the case store and the rule profiles in
    /// force: what the API's endpoints and pages and the command line call, each operation checking
    /// access and acting in one transaction.
    /// </summary>
    public static IServiceCollection AddApplicationServices(this IServiceCollection services)
    {
        services.AddSingleton<CaseService>();
        services.AddSingleton<CaseFileService>();
        services.AddSingleton<PlatformService>();
        services.AddSingleton<FindingService>();
        services.AddSingleton<MarketService>();
        services.AddSingleton<AuthorityService>();
        services.AddSingleton<SourceService>();
        services.AddSingleton<KeyService>();
        services.AddSingleton<IngestService>();
        services.AddSingleton<ExposureService>();
        services.AddSingleton<DecisionService>();
        services.AddOptions<DocumentOptions>().BindConfiguration(DocumentOptions.Section);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new DocumentService(sp.GetRequiredService<CaseStore>(), sp.GetRequiredService<IOptions<DocumentOptions>>().Value, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<RegisterService>();
        services.AddOptions<NotificationOptions>().BindConfiguration(NotificationOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => new NotificationService(sp.GetRequiredService<CaseStore>(), sp.GetRequiredService<IOptions<NotificationOptions>>().Value));
        services.AddSingleton<Operations>();
        return services;
    }

    /// <summary>The rule profiles from the <c>Rules</c> section and the processor.</summary>
    public static IServiceCollection AddRuleProfiles(this IServiceCollection services)
    {
        services.AddOptions<RulesOptions>().BindConfiguration(RulesOptions.Section);
        // The configured folder; a folder with errors stops the service with every error listed.
        services.AddSingleton(sp => new ActiveProfiles(ProfileDirectory.LoadOrThrow(ProfileDirectory.Resolve(sp.GetRequiredService<IOptions<RulesOptions>>().Value.Directory))));
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
            services.AddSingleton<ReminderCheck>();
            services.AddSingleton<DueDateMonitor>();
            services.AddHostedService(sp => sp.GetRequiredService<DueDateMonitor>());
            services.AddSingleton<IBatchProcessor, StoreBatchProcessor>();
            services.AddSingleton<InboundBatcher>();
        }

        services.AddOptions<BusOptions>().BindConfiguration(BusOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        // Every process with a bus relays the outbox: what its own units of work announce goes out
        // at once, and what a process that died left behind is found by polling.
        services.AddOptions<OutboxOptions>().BindConfiguration(OutboxOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddHostedService<OutboxRelay>();

        // Every such process fans the outbox out into notifications and sends those due.
        services.AddOptions<NotificationOptions>().BindConfiguration(NotificationOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IDeliveryChannel>(sp => new WebhookChannel(sp.GetRequiredService<IOptions<NotificationOptions>>().Value, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IDeliveryChannel>(sp => new EmailChannel(sp.GetRequiredService<IOptions<NotificationOptions>>().Value));
        services.AddSingleton(sp => new NotificationDispatcher(sp.GetRequiredService<CaseStore>(), sp.GetRequiredService<ActiveProfiles>(), sp.GetRequiredService<IOptions<NotificationOptions>>().Value,
            sp.GetServices<IDeliveryChannel>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<NotificationDispatcher>>()));
        services.AddHostedService(sp => sp.GetRequiredService<NotificationDispatcher>());

        // On shutdown the bus stops taking messages and lets batches in flight finish; what is
        // still unacknowledged goes back to the queue. The host does not wait for a broker on start:
        // health and metrics are served while the bus connects, and a worker that never gets to
        // consume is stopped by its watchdog (the in-memory bus starts at once).
        services.AddOptions<MassTransitHostOptions>().Configure(o =>
        {
            o.WaitUntilStarted = bus.Transport == BusTransport.InMemory;
            o.StopTimeout = TimeSpan.FromSeconds(30);
        });
        var partitioned = consume && bus.Transport == BusTransport.RabbitMq;
        if (partitioned)
        {
            services.AddSingleton<ConsumerWatchdog>();
            services.AddHostedService(sp => sp.GetRequiredService<ConsumerWatchdog>());
            services.AddSingleton<PartitionCoordinator>();
            services.AddHostedService(sp => sp.GetRequiredService<PartitionCoordinator>());
            services.AddHealthChecks().AddCheck<ConsumingHealthCheck>("consuming", tags: ["ready"]);
        }

        services.AddMassTransit(registration =>
        {
            // Nothing leaves the regulator's network: no usage reports to MassTransit's servers.
            registration.DisableUsageTelemetry();
            foreach (var contract in consume ? InboundContracts.All : [])
            {
                // On RabbitMQ the consumers go on the endpoints of the partitions the worker owns
                // (PartitionCoordinator connects them), never on an endpoint of their own.
                var consumer = registration.AddConsumer(typeof(InboundEventConsumer<>).MakeGenericType(contract));
                if (partitioned)
                {
                    consumer.ExcludeFromConfigureEndpoints();
                }
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

                    ConfigurePartitionedBus(cfg, bus);
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
            h.Heartbeat(bus.Heartbeat);
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
        var route = typeof(WorkerRegistration).GetMethod(nameof(RoutePartitioned), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!;
        foreach (var contract in InboundContracts.All)
        {
            route.MakeGenericMethod(contract).Invoke(null, [cfg]);
        }
    }

    // Every inbound event is published with its partition key as the routing key: the contract's
    // (fanout) exchange passes it on to the consistent-hash exchange of the workers' partitions.
    private static void RoutePartitioned<T>(IRabbitMqBusFactoryConfigurator cfg)
        where T : class, IInboundEvent =>
        cfg.Send<T>(s => s.UseRoutingKeyFormatter(c => PartitionKey.Of(c.Message)));

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
        e.PrefetchCount = Math.Max(bus.PrefetchCount, bus.BatchSize * bus.BatchConcurrency);
        e.ConcurrentMessageLimit = bus.BatchSize * bus.BatchConcurrency;
        ConfigureEventQueuePolicy(e, bus);
    }

    // The policy every events queue and partition has: a quorum queue with a delivery limit and a
    // dead-letter queue, and the retries (any fault retried immediately, then at the configured
    // intervals, then parked with the reason; invalid events never).
    private static void ConfigureEventQueuePolicy(IRabbitMqReceiveEndpointConfigurator e, BusOptions bus)
    {
        e.SetQuorumQueue(bus.QuorumReplicas);
        e.SetQueueArgument("x-delivery-limit", bus.DeliveryLimit);
        e.SetQueueArgument("x-overflow", "reject-publish");
        e.SetQueueArgument("x-dead-letter-strategy", "at-least-once");
        e.BindDeadLetterQueue(bus.Queue + "-dead-letter", bus.Queue + "_dead", d => d.SetQuorumQueue(bus.QuorumReplicas));
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

    /// <summary>
    /// What the bus of a consuming worker needs for its partitions (<see cref="ConfigurePartition"/>):
    /// the partitions share the parking queues <c>QUEUE_error</c> and <c>QUEUE_skipped</c>, which
    /// (unlike the partitions) have no single active consumer. The macro benchmark configures the same.
    /// </summary>
    public static void ConfigurePartitionedBus(IRabbitMqBusFactoryConfigurator cfg, BusOptions bus)
    {
        ArgumentNullException.ThrowIfNull(cfg);
        var parking = new SharedParkingQueues(bus);
        cfg.SendTopology.ErrorQueueNameFormatter = parking;
        cfg.SendTopology.DeadLetterQueueNameFormatter = parking;

        // MassTransit gives the parking queues the arguments of the queue they serve; single active
        // consumer would refuse basic.get, so people could not look at what is parked.
        cfg.SendTopology.ConfigureErrorSettings = q => q.SetQueueArgument(SingleActiveConsumer, null!);
        cfg.SendTopology.ConfigureDeadLetterSettings = q => q.SetQueueArgument(SingleActiveConsumer, null!);
    }

    /// <summary>
    /// A partition's endpoint as the worker connects it (<see cref="PartitionCoordinator"/>): the events
    /// queue of <see cref="ConfigureEventQueue"/> with single active consumer, bound with weight 1 to the
    /// consistent-hash exchange, to which every inbound contract's exchange is bound; the consumers of
    /// every inbound contract. The macro benchmark declares its consumers on the same.
    /// </summary>
    public static void ConfigurePartition(IRabbitMqReceiveEndpointConfigurator e, IBusRegistrationContext context, BusOptions bus, int owned)
    {
        ConfigurePartitionQueue(e, bus, owned);
        Events(e, context ?? throw new ArgumentNullException(nameof(context)), bus);
    }

    /// <summary>
    /// A partition's queue, bindings and queue policy, without consumers (the macro benchmark adds its
    /// own), for a worker that owns <paramref name="owned"/> partitions.
    /// </summary>
    public static void ConfigurePartitionQueue(IRabbitMqReceiveEndpointConfigurator e, BusOptions bus, int owned)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(bus);
        e.ConfigureConsumeTopology = false;

        // Prefetch and messages in flight are the worker's, shared out over the partitions it owns:
        // together they hold what one queue's consumer held (a full batch), and a stopping worker
        // waits for no more than that. PartitionCoordinator connects its partitions again when the
        // number it owns changes.
        var share = Math.Max(1, owned);
        var inFlight = bus.BatchSize * bus.BatchConcurrency;
        e.ConcurrentMessageLimit = Math.Max(1, (inFlight + share - 1) / share);
        e.PrefetchCount = Math.Max((bus.PrefetchCount + share - 1) / share, e.ConcurrentMessageLimit.Value);
        ConfigureEventQueuePolicy(e, bus);
        e.SingleActiveConsumer = true;
        e.Bind(PartitionTopology.Exchange(bus), x =>
        {
            x.ExchangeType = PartitionTopology.ConsistentHash;
            x.RoutingKey = "1"; // the partition's weight on the hash ring
            foreach (var contract in InboundContracts.All)
            {
                // As MassTransit's publishers declare them: fanout, durable (the nested binding would
                // otherwise take the hash exchange's type and weight).
                x.Bind(PartitionTopology.MessageExchange(contract), t =>
                {
                    t.ExchangeType = "fanout";
                    t.RoutingKey = "";
                });
            }
        });
    }

    // Every inbound contract's consumer on one endpoint: a message is validated alone (and parked
    // alone), then its event joins the next batch of any contracts (InboundBatcher). A database
    // outage is waited out inside the batch's processing (StoreBatchProcessor).
    private static void Events(IReceiveEndpointConfigurator e, IBusRegistrationContext context, BusOptions bus)
    {
        e.UseFilter(new EventValidationFilter(bus, context.GetRequiredService<SourceRegistryCache>()));
        foreach (var contract in InboundContracts.All)
        {
            e.ConfigureConsumer(context, typeof(InboundEventConsumer<>).MakeGenericType(contract));
        }
    }
}

/// <summary>
/// Applies the case database's migrations when the host starts. A database that does not answer
/// (down, starting, failing over) is waited for as a running worker waits out an outage: attempts
/// with waits growing to <see cref="BusOptions.OutageRetryMaxInterval"/>, each wait logged, and
/// nothing else starts (the bus least of all) before the schema is there.
/// </summary>
internal sealed partial class StoreMigrationService(CaseStore store, IOptions<BusOptions> bus, TimeProvider clock, ILogger<StoreMigrationService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var wait = TimeSpan.FromSeconds(1);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await store.MigrateAsync(cancellationToken).ConfigureAwait(false);
                if (attempt > 1)
                {
                    LogMigrated(attempt);
                }

                return;
            }
            catch (Exception e) when (store.IsTransient(e) && !cancellationToken.IsCancellationRequested)
            {
                LogWaiting(store.Provider, attempt, wait.TotalSeconds, e.Message);
                await Task.Delay(wait, clock, cancellationToken).ConfigureAwait(false);
                wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, bus.Value.OutageRetryMaxInterval.Ticks));
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Database unavailable at start: {Provider} does not answer; migrating waits (attempt {Attempt}, next in {Seconds} s): {Reason}")]
    private partial void LogWaiting(StoreProvider provider, int attempt, double seconds, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Database available: migrated at attempt {Attempt}")]
    private partial void LogMigrated(int attempt);
}
