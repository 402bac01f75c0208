using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
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

        // Registered before the bus, so the schema exists before the first message is consumed.
        services.AddHostedService<StoreMigrationService>();
        return services;
    }

    /// <summary>The rule profiles from the <c>Rules</c> section.</summary>
    public static IServiceCollection AddRuleProfiles(this IServiceCollection services)
    {
        services.AddOptions<RulesOptions>().BindConfiguration(RulesOptions.Section);
        services.AddSingleton<ActiveProfiles>();
        services.AddSingleton<EventProcessor>();
        services.AddSingleton<DueDateMonitor>();
        services.AddHostedService(sp => sp.GetRequiredService<DueDateMonitor>());
        return services;
    }

    /// <summary>The consumers on MassTransit's in-memory transport (the embedded default).</summary>
    public static IServiceCollection AddPlatformWatchWorker(this IServiceCollection services, Action<IBusRegistrationConfigurator>? configure = null)
    {
        services.AddMassTransit(bus =>
        {
            foreach (var contract in InboundContracts.All)
            {
                bus.AddConsumer(typeof(InboundEventConsumer<>).MakeGenericType(contract), typeof(InboundEventConsumerDefinition<>).MakeGenericType(contract));
            }

            bus.AddConsumer<FindingLogConsumer>();
            configure?.Invoke(bus);
            bus.UsingInMemory((context, cfg) =>
            {
                cfg.ConfigureJsonSerializerOptions(options =>
                {
                    ContractJson.Configure(options);
                    return options;
                });
                cfg.ConfigureEndpoints(context);
            });
        });
        return services;
    }
}

/// <summary>Retry policy of the event consumers: transient faults are retried, invalid events never.</summary>
public sealed class InboundEventConsumerDefinition<T> : ConsumerDefinition<InboundEventConsumer<T>>
    where T : class, PlatformWatch.Contracts.IInboundEvent
{
    /// <inheritdoc />
    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<InboundEventConsumer<T>> consumerConfigurator, IRegistrationContext context)
    {
        ArgumentNullException.ThrowIfNull(endpointConfigurator);
        endpointConfigurator.UseMessageRetry(r =>
        {
            r.Ignore<InvalidEventException>();
            r.Exponential(5, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(500));
        });
    }
}

/// <summary>Applies the case database's migrations when the host starts.</summary>
internal sealed class StoreMigrationService(CaseStore store) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => store.MigrateAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
