using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;
using PlatformWatch.Api.CaseFiles;
using Microsoft.Extensions.Options;
using PlatformWatch.Api.Endpoints;
using PlatformWatch.Api.Http;
using PlatformWatch.Api.Security;
using PlatformWatch.Api.Ui;
using PlatformWatch.Application;
using PlatformWatch.Contracts.Wire;
using PlatformWatch.Hosting;

namespace PlatformWatch.Api;

/// <summary>
/// The HTTP API for regulators and platforms, on the same case database and bus as the worker.
/// On the embedded defaults (in-memory bus, SQLite) it runs the worker in the same process.
/// </summary>
public static class ApiApplication
{
    // The pages with an upload form.
    private static readonly string[] UploadPages = ["/Cases/Case", "/Portal/Notice", "/Portal/Index"];

    /// <summary>The scheme that picks API key or bearer token per request.</summary>
    public const string Scheme = "PlatformWatch";

    /// <summary>Builds the application: settings from appsettings.json beside the program, the working directory, environment variables and arguments.</summary>
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);

        // The shipped defaults beside the program come first; everything else overrides them.
        builder.Configuration.Sources.Insert(0, new JsonConfigurationSource
        {
            FileProvider = new PhysicalFileProvider(AppContext.BaseDirectory),
            Path = "appsettings.json",
            Optional = true,
        });
        Configure(builder);
        var app = builder.Build();
        Pipeline(app);
        return app;
    }

    private static void Configure(WebApplicationBuilder builder)
    {
        var config = builder.Configuration;
        var api = config.GetSection(ApiOptions.Section).Get<ApiOptions>() ?? new ApiOptions();
        var bus = config.GetSection(BusOptions.Section).Get<BusOptions>() ?? new BusOptions();
        var jwt = config.GetSection(JwtOptions.Section).Get<JwtOptions>() ?? new JwtOptions();
        builder.Services.AddOptions<ApiOptions>().BindConfiguration(ApiOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<CaseFileOptions>().BindConfiguration(CaseFileOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<CaseFiles.CaseFiles>();
        config["Store:AuditKey"] ??= Environment.GetEnvironmentVariable("PLATFORMWATCH_AUDIT_KEY") ?? "";

        builder.Services.AddCaseStore().AddRuleProfiles();
        builder.Services.AddPlatformWatchBus(config, consume: api.RunWorker ?? bus.Transport == BusTransport.InMemory);
        builder.Services.AddSingleton<EventPublisher>();
        builder.Services.AddApplicationServices();
        if (config["Feed:File"] is { Length: > 0 } feed)
        {
            EventFileFeed.AddTo(builder.Services, Path.GetFullPath(feed));
        }

        builder.Services.ConfigureHttpJsonOptions(o => ContractJson.Configure(o.SerializerOptions));
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = ProblemText.Translate);
        builder.Services.AddLocalization(o => o.ResourcesPath = UiText.ResourcesPath);
        // Chinese text as characters in the pages, not as numeric references (Razor's encoder escapes non-Latin by default).
        builder.Services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o => o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        builder.Services.AddApiDocument(bearer: jwt.Enabled);

        var authentication = builder.Services.AddAuthentication(Scheme)
            .AddPolicyScheme(Scheme, "API key or bearer token; a session cookie for the pages", o => o.ForwardDefaultSelector = context =>
                !context.Request.Path.StartsWithSegments("/api") ? UiSession.Scheme
                : jwt.Enabled && context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? JwtBearerDefaults.AuthenticationScheme
                    : ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddUiSession();
        if (jwt.Enabled)
        {
            authentication.AddJwtBearer(o => JwtSetup.Configure(o, jwt));
        }

        builder.Services.AddAuthorization(Policies.Configure);
        builder.Services.Configure<ForwardedHeadersOptions>(o => ProxyHeaders.Configure(o, api.TrustedProxies));
        builder.Services.AddAntiforgery(o => o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
        // The pages that take a file (multipart) take up to the document limit and the rest of the form.
        var uploadLimit = new BodyLimitMetadata((builder.Configuration.GetSection(DocumentOptions.Section).Get<DocumentOptions>()?.MaxBytes ?? DocumentOptions.DefaultMaxBytes) + 64 * 1024);
        builder.Services.AddRazorPages(o =>
        {
            foreach (var page in UploadPages)
            {
                o.Conventions.AddPageApplicationModelConvention(page, m => m.EndpointMetadata.Add(uploadLimit));
            }
        }).AddCookieTempDataProvider(o => o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
        DatabaseKeyRing.AddTo(builder.Services);
        builder.Services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                RateLimitPartition.GetFixedWindowLimiter(
                    // The client's address: behind a trusted proxy, the one it forwarded (ProxyHeaders).
                    context.User.FindFirst(CallerClaims.Partition)?.Value ?? "address:" + context.Connection.RemoteIpAddress,
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = api.RequestsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            o.OnRejected = async (context, cancellationToken) =>
            {
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                await Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too Many Requests",
                    detail: Ui.DisplayText.Format("api.tooManyRequests", api.RequestsPerMinute)).ExecuteAsync(context.HttpContext);
            };
        });
        builder.Services.AddPlatformWatchObservability(config, builder.Logging, "platformwatch-api");
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = Math.Max(api.MaxBatchBodyBytes, api.MaxRequestBodyBytes));
    }

    private static void Pipeline(WebApplication app)
    {
        var api = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ApiOptions>>().Value;
        var bus = app.Configuration.GetSection(BusOptions.Section).Get<BusOptions>() ?? new BusOptions();
        app.UseForwardedHeaders();
        app.UseExceptionHandler();
        app.UseRequestLocalization(Ui.Language.Options());
        app.UseWhen(IsPage, a => a.UseMiddleware<Ui.Language>());

        // The API answers errors as problem+json; the pages answer them with a page.
        app.UseWhen(c => !IsPage(c), a => a.UseStatusCodePages());
        app.UseWhen(IsPage, a => a.UseStatusCodePagesWithReExecute("/status/{0}").Use(PageHeaders));
        app.UseRouting();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.UseMiddleware<BodyLimitMiddleware>(api.MaxRequestBodyBytes);

        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.MapPlatformWatchHealthAndMetrics();

        app.MapRazorPages();
        app.MapApiReference();

        var v1 = app.MapGroup("/api/v1").RefusesCallers().AddEndpointFilter(new JsonBodyFilter());
        CaseEndpoints.Map(v1);
        AuthorityEndpoints.Map(v1);
        SourceEndpoints.Map(v1);
        ReadEndpoints.Map(v1);
        PlatformEndpoints.Map(v1);
        DecisionEndpoints.Map(v1);
        DocumentEndpoints.Map(v1, app.Services.GetRequiredService<IOptions<DocumentOptions>>().Value.MaxBytes);
        RegisterEndpoints.Map(v1);
        SubscriptionEndpoints.Map(v1);
        RegisterEndpoints.MapFeed(app);
        IngestEndpoints.Map(v1, api, bus);
    }

    // The pages run no script and are framed by no one; styles are their own. The API reference
    // runs the script it serves itself, and may reach this server only (no fonts, no proxy, no telemetry).
    private static Task PageHeaders(HttpContext context, RequestDelegate next)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments(ApiDocument.ReferencePath)
            ? "default-src 'none'; script-src 'self' 'unsafe-inline'; connect-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; worker-src 'self' blob:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
            : "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "same-origin";
        headers.CacheControl = "no-store";
        return next(context);
    }

    // Everything but the API, the health checks and the OpenAPI document is a page.
    private static bool IsPage(HttpContext context) =>
        !context.Request.Path.StartsWithSegments("/api") && !context.Request.Path.StartsWithSegments("/health") && !context.Request.Path.StartsWithSegments("/openapi") && !context.Request.Path.StartsWithSegments("/metrics");
}
