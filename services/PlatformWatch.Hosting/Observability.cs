using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using PlatformWatch.Rules;
using PlatformWatch.Store;

namespace PlatformWatch.Hosting;

/// <summary>Metrics, traces, logs and health (configuration section <c>Observability</c>).</summary>
public sealed class ObservabilityOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Observability";

    /// <summary>The worker's HTTP port for /health/live, /health/ready and /metrics, on every interface (0: none). The API serves them on its own port.</summary>
    [Range(0, 65535)]
    public int HttpPort { get; set; } = 9464;

    /// <summary>Logs as one JSON object per line (with scopes: event ids, case ids) instead of text.</summary>
    public bool JsonLogs { get; set; }

    /// <summary>An OTLP endpoint (e.g. http://otel-collector:4317) to send traces and metrics to; none when empty.</summary>
    public string OtlpEndpoint { get; set; } = "";
}

/// <summary>Registers the telemetry and the health checks of a PlatformWatch service.</summary>
public static class Observability
{
    /// <summary>
    /// OpenTelemetry metrics (PlatformWatch's own, MassTransit's, the runtime's, ASP.NET Core's) for
    /// a Prometheus scrape endpoint and optionally OTLP; traces to OTLP when an endpoint is set; JSON
    /// logs when asked; the readiness checks (database; the bus registers its own).
    /// </summary>
    public static IServiceCollection AddPlatformWatchObservability(this IServiceCollection services, IConfiguration configuration, ILoggingBuilder logging, string serviceName)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(logging);
        var options = configuration.GetSection(ObservabilityOptions.Section).Get<ObservabilityOptions>() ?? new ObservabilityOptions();
        services.AddOptions<ObservabilityOptions>().BindConfiguration(ObservabilityOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        if (options.JsonLogs)
        {
            logging.ClearProviders();
            logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z' ";
            });
        }

        var otlp = options.OtlpEndpoint is { Length: > 0 } endpoint ? new Uri(endpoint) : null;
        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(serviceName))
            .WithMetrics(m =>
            {
                m.AddMeter(PlatformWatchTelemetry.Name, "MassTransit").AddRuntimeInstrumentation().AddAspNetCoreInstrumentation().AddPrometheusExporter();
                if (otlp is not null)
                {
                    m.AddOtlpExporter(o => o.Endpoint = otlp);
                }
            })
            .WithTracing(t =>
            {
                t.AddSource(PlatformWatchTelemetry.Name, "MassTransit").AddAspNetCoreInstrumentation();
                if (otlp is not null)
                {
                    t.AddOtlpExporter(o => o.Endpoint = otlp);
                }
            });
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
        return services;
    }

    /// <summary>/health/live (the process answers), /health/ready (database and bus) and /metrics (Prometheus), open to callers without a credential.</summary>
    public static void MapPlatformWatchHealthAndMetrics(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = HealthJson.WriteAsync }).AllowAnonymous().DisableRateLimiting().WithMetadata(new HttpMethodMetadata(["GET"]));
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready"), ResponseWriter = HealthJson.WriteAsync }).AllowAnonymous().DisableRateLimiting().WithMetadata(new HttpMethodMetadata(["GET"]));
        app.MapPrometheusScrapingEndpoint("/metrics").AllowAnonymous().DisableRateLimiting().WithMetadata(new HttpMethodMetadata(["GET"]));
    }
}

/// <summary>Ready when the case database answers.</summary>
public sealed class DatabaseHealthCheck(CaseStore store) : IHealthCheck
{
    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await store.Ingestion.CountAsync(cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy($"{store.Provider} answers");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"{store.Provider} does not answer: {e.Message}");
        }
    }
}

/// <summary>A health report as JSON: the overall status and each check's.</summary>
public static class HealthJson
{
    /// <summary>Writes the report.</summary>
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(report);
        return context.Response.WriteAsJsonAsync(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.Select(e => new { name = e.Key, status = e.Value.Status.ToString(), description = e.Value.Description }),
        });
    }
}
