using System.Net.Http.Headers;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using PlatformWatch.Application;
using PlatformWatch.Contracts;
using PlatformWatch.Contracts.Wire;
using PlatformWatch.Hosting;
using PlatformWatch.Store;

namespace PlatformWatch.ApiTests;

/// <summary>
/// The API on a real case database (a SQLite file, or a fresh PostgreSQL database when the test
/// script started a server), holding every valid sample evaluated, a key per role, and a notice to
/// each of two platforms: A (bazaarly, the DMA sample) and B (rideon, the market-structure sample).
/// </summary>
internal sealed class ApiWorld : IAsyncDisposable
{
    public const string PlatformA = "bazaarly";
    public const string PlatformB = "rideon";
    public const string AuditKey = "platformwatch-api-test-audit-key-0123456789";
    public static readonly string[] Scenarios = ["market-structure", "conduct-cn", "pricing-cn", "dma-gatekeeper"];

    /// <summary>The authorities of the sharing tests: root (the default), an eastern bureau below it, a cooperating authority.</summary>
    public const string SharingTree = """
        {
          "authorities": [
            { "id": "root", "name": "Supervisory authority", "default": true },
            { "id": "root-east", "name": "Eastern bureau", "parent": "root" },
            { "id": "coop", "name": "Cooperating authority" }
          ]
        }
        """;

    private readonly WebApplicationFactory<Program> _factory;
    private readonly List<WebApplicationFactory<Program>> _others = [];
    private Action<Microsoft.AspNetCore.Hosting.IWebHostBuilder> _configure = _ => { };

    private ApiWorld(WebApplicationFactory<Program> factory, CaseStore store, StoreOptions database)
    {
        _factory = factory;
        Store = store;
        Database = database;
    }

    public CaseStore Store { get; }

    public StoreOptions Database { get; }

    /// <summary>Role (or "platform-b", "revoked") → the token of a key with it.</summary>
    public Dictionary<string, string> Tokens { get; } = new(StringComparer.Ordinal);

    public string CaseA { get; private set; } = "";

    public string CaseB { get; private set; } = "";

    public string NoticeA { get; private set; } = "";

    public string NoticeB { get; private set; } = "";

    /// <summary>A regulator's document (a PDF) on <see cref="NoticeA"/>: platform A's to read.</summary>
    public string DocumentA { get; private set; } = "";

    /// <summary>A regulator's document (a PDF) on <see cref="NoticeB"/>: platform B's to read.</summary>
    public string DocumentB { get; private set; } = "";

    public IServiceProvider Services => _factory.Services;

    /// <summary>The address of the real server (Kestrel on loopback), when started with one.</summary>
    public Uri? Address { get; private set; }

    public static async Task<ApiWorld> StartAsync(StoreProvider provider = StoreProvider.Sqlite, IReadOnlyDictionary<string, string?>? settings = null, bool kestrel = false, string? authorities = null)
    {
        var database = provider == StoreProvider.Postgres ? Postgres() : Sqlite();
        var store = CaseStore.Create(database);
        await store.MigrateAsync();
        var profiles = new ActiveProfiles(ProfileDirectory.LoadOrThrow(ProfileDirectory.Default));
        if (authorities is not null)
        {
            // The tree first, so that the samples' cases are routed by it as they open.
            var spec = AuthoritySpec.Parse(await File.ReadAllTextAsync(Path.Combine(TestContext.CurrentContext.TestDirectory, authorities)));
            var (tree, errors) = PlatformWatch.Api.Endpoints.AuthorityEndpoints.Check(spec, profiles);
            Assert.That(errors, Is.Empty, authorities);
            await store.Authorities.SetAsync(tree!, "test");
        }

        var processor = new EventProcessor(store, profiles, TimeProvider.System, NullLogger<EventProcessor>.Instance);
        foreach (var scenario in Scenarios)
        {
            await processor.ProcessAsync(await EventsAsync(scenario), new DateOnly(2026, 6, 30));
        }

        void Configure(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            builder.UseSetting("Store:Provider", database.Provider.ToString());
            builder.UseSetting("Store:Connection", database.Connection);
            builder.UseSetting("Store:AuditKey", AuditKey);
            builder.UseSetting("Api:RequestsPerMinute", "100000");
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
            foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            {
                builder.UseSetting(key, value);
            }
        }

        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(Configure);
        var world = new ApiWorld(factory, store, database) { _configure = Configure };
        if (kestrel)
        {
            // A real server on a free loopback port, for a real browser.
            factory.UseKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0));
            factory.StartServer();
            var addresses = factory.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
                .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses;
            world.Address = new Uri(addresses.First());
        }

        await world.SeedAsync();
        return world;
    }

    private async Task SeedAsync()
    {
        foreach (var role in ApiRoles.All)
        {
            Tokens[role] = (await Store.Keys.CreateApiKeyAsync("test " + role, role, role == ApiRoles.Platform ? PlatformA : null, "test")).Token;
        }

        Tokens["platform-b"] = (await Store.Keys.CreateApiKeyAsync("test platform b", ApiRoles.Platform, PlatformB, "test")).Token;
        var revoked = await Store.Keys.CreateApiKeyAsync("test revoked", ApiRoles.RegulatorAdmin, null, "test");
        await Store.Keys.RevokeApiKeyAsync(revoked.Key.KeyId, "test");
        Tokens["revoked"] = revoked.Token;

        (CaseA, NoticeA) = await NoticeToAsync(PlatformA);
        (CaseB, NoticeB) = await NoticeToAsync(PlatformB);
        var documents = Services.GetRequiredService<DocumentService>();
        DocumentA = (await documents.AttachToNoticeAsync(Actor.Operator("test"), CaseA, NoticeA, "letter-a.pdf", MatrixBodies.Pdf, CancellationToken.None)).Value!.DocumentId;
        DocumentB = (await documents.AttachToNoticeAsync(Actor.Operator("test"), CaseB, NoticeB, "letter-b.pdf", MatrixBodies.Pdf, CancellationToken.None)).Value!.DocumentId;
    }

    /// <summary>Replaces the authority tree once the world is up: the samples' cases stay where they opened.</summary>
    public async Task SetAuthoritiesAsync(string spec)
    {
        var (tree, errors) = AuthorityTree.FromSpec(AuthoritySpec.Parse(spec));
        Assert.That(errors, Is.Empty);
        await Store.Authorities.SetAsync(tree!, "test");
    }

    /// <summary>Takes the platform's most severe case to investigating and issues it a notice due in two weeks.</summary>
    public async Task<(string CaseId, string NoticeId)> NoticeToAsync(string platformId, string? caseId = null)
    {
        caseId ??= (await Store.Cases.ListAsync(new CaseQuery { PlatformId = platformId, Status = "new", Limit = 1 }))[0].CaseId;
        await Store.Cases.TransitionAsync(caseId, "investigating", null, "test-supervisor");
        var notice = await Store.Cases.IssueNoticeAsync(caseId, $"Explain the conduct found in case {caseId}.", DateTimeOffset.UtcNow.AddDays(14), "test-supervisor");
        return (caseId, notice!.NoticeId);
    }

    /// <summary>A client presenting the key of <paramref name="who"/> (a role, "platform-b", "revoked"), or none.</summary>
    public HttpClient Client(string? who)
    {
        var client = _factory.CreateClient();
        if (who is not null && who != "anonymous")
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("ApiKey", Tokens[who]);
        }

        return client;
    }

    /// <summary>A client presenting the key <paramref name="token"/>.</summary>
    public HttpClient WithKey(string token)
    {
        var client = _factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("ApiKey", token);
        return client;
    }

    /// <summary>The rows of a matrix file beside the tests (comments skipped), its caller columns checked.</summary>
    public static IEnumerable<string[]> MatrixRows(string file, IReadOnlyList<string> callers)
    {
        var lines = File.ReadAllLines(Path.Combine(TestContext.CurrentContext.TestDirectory, file)).Where(l => l.Length > 0 && l[0] != '#').ToList();
        Assert.That(lines[0].Split(',')[4..], Is.EqualTo(callers), $"the role columns of {file}");
        return lines.Skip(1).Select(l => l.Split(','));
    }

    /// <summary>A path of a matrix with its placeholders filled: {caseA} {noticeA} {noticeB} {documentA} {documentB} {rule} {market} {missing} {code} {document}.</summary>
    public string Fill(string path) => path
        .Replace("{documentA}", DocumentA, StringComparison.Ordinal)
        .Replace("{documentB}", DocumentB, StringComparison.Ordinal)
        .Replace("{caseA}", CaseA, StringComparison.Ordinal)
        .Replace("{noticeA}", NoticeA, StringComparison.Ordinal)
        .Replace("{noticeB}", NoticeB, StringComparison.Ordinal)
        .Replace("{rule}", "CN-AML24-SINGLE", StringComparison.Ordinal)
        .Replace("{market}", "cn-ride-hailing", StringComparison.Ordinal)
        .Replace("{missing}", "no-such-thing", StringComparison.Ordinal)
        .Replace("{code}", "404", StringComparison.Ordinal)
        .Replace("{document}", "v1", StringComparison.Ordinal);

    /// <summary>A client like a browser's: it keeps cookies and does not follow redirects (for the pages).</summary>
    public HttpClient PageClient() => _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>Another instance of the API on the same database (as a second pod would be), with a page client of its own.</summary>
    public HttpClient OtherInstancePageClient()
    {
        var other = new WebApplicationFactory<Program>().WithWebHostBuilder(_configure);
        _others.Add(other);
        return other.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
    }

    /// <summary>Another instance of the API on the same database whose logs also go to <paramref name="logs"/>, with a client presenting the key <paramref name="token"/>.</summary>
    public HttpClient OtherInstanceLoggingTo(Microsoft.Extensions.Logging.ILoggerProvider logs, string token)
    {
        var other = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            _configure(b);
            b.ConfigureServices(s => s.AddSingleton(logs));
        });
        _others.Add(other);
        var client = other.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("ApiKey", token);
        return client;
    }

    /// <summary>A client with a bearer token.</summary>
    public HttpClient Bearer(string token)
    {
        var client = _factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Waits until the in-process worker has processed an event (it is in the inbox).</summary>
    public async Task<bool> WaitForEventAsync(string eventId, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await ProcessedAsync(eventId))
            {
                return true;
            }

            await Task.Delay(100);
        }

        return false;
    }

    /// <summary>Whether an event id is in the inbox, read straight from the database.</summary>
    public async Task<bool> ProcessedAsync(string eventId) =>
        Convert.ToInt64(await SqlAsync("SELECT count(*) FROM events WHERE event_id = @id", eventId), System.Globalization.CultureInfo.InvariantCulture) > 0;

    /// <summary>Runs a statement straight on the database (as someone with access to it would, past the API), with one parameter <c>@id</c> and optionally <c>@value</c>; its first value.</summary>
    public async Task<object?> SqlAsync(string sql, string id, object? value = null)
    {
        await using System.Data.Common.DbConnection connection = Database.Provider == StoreProvider.Postgres
            ? new NpgsqlConnection(Database.Connection)
            : new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Database.Connection}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, given) in new[] { ("@id", (object?)id), ("@value", value) }.Where(p => p.Item2 is not null))
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = given;
            command.Parameters.Add(parameter);
        }

        return await command.ExecuteScalarAsync();
    }

    public static async Task<List<IInboundEvent>> EventsAsync(string scenario)
    {
        var events = new List<IInboundEvent>();
        await using var stream = File.OpenRead(Path.Combine(TestContext.CurrentContext.TestDirectory, "scenarios", scenario + ".jsonl"));
        await foreach (var line in JsonlReader.ReadAsync(stream))
        {
            if (line.Parsed.IsValid)
            {
                events.Add(line.Parsed.Event!);
            }
        }

        return events;
    }

    private static StoreOptions Sqlite()
    {
        var folder = Path.Combine(Path.GetTempPath(), "platformwatch-api-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return new StoreOptions { Provider = StoreProvider.Sqlite, Connection = Path.Combine(folder, "cases.db"), AuditKey = AuditKey };
    }

    private static StoreOptions Postgres()
    {
        var admin = Environment.GetEnvironmentVariable("PLATFORMWATCH_TEST_POSTGRES");
        if (admin is null)
        {
            var reason = "PostgreSQL is not configured: set PLATFORMWATCH_TEST_POSTGRES (./tests/run.sh starts a server and does)";
            if (Environment.GetEnvironmentVariable("PLATFORMWATCH_REQUIRE_POSTGRES") == "1")
            {
                Assert.Fail(reason);
            }

            Assert.Ignore(reason);
        }

        var name = "pwapi_" + Guid.NewGuid().ToString("N")[..16];
        using (var connection = new NpgsqlConnection(admin))
        {
            connection.Open();
            using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            command.ExecuteNonQuery();
        }

        return new StoreOptions { Provider = StoreProvider.Postgres, Connection = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ToString(), AuditKey = AuditKey };
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var other in _others)
        {
            await other.DisposeAsync();
        }

        await _factory.DisposeAsync();
    }
}
