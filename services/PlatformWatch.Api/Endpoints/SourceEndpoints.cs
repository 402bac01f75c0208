using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using PlatformWatch.Api.Http;
using PlatformWatch.Api.Security;
using PlatformWatch.Application;
using PlatformWatch.Store;
using PlatformWatch.Api.Ui;

namespace PlatformWatch.Api.Endpoints;

/// <summary>The source registry (CONTRACTS.md "Sources and submitters"), for administrators of the default authority.</summary>
public static class SourceEndpoints
{
    private const int MaxDocumentBytes = 1_000_000;

    public static void Map(RouteGroupBuilder api)
    {
        const string Tag = "Sources";
        api.MapGet("/sources", List).RequireAuthorization(Policies.RegulatorAdmin)
            .Declares<SourceRegistryView>("getSources", Tag, "The source registry in force (administrators of the default authority)");
        api.MapGet("/sources/changes", Changes).RequireAuthorization(Policies.RegulatorAdmin)
            .Declares<ItemList<SourceChangeView>>("listSourceChanges", Tag, "Who changed the source registry, when, and the document put in force (newest first)").Reads("limit:integer");
        api.MapPut("/sources", Replace).RequireAuthorization(Policies.RegulatorAdmin)
            .Declares<SourceRegistryChanged>("replaceSources", Tag, "Replace the source registry (administrators of the default authority)").Takes<SourceSpec>();
    }

    private static async Task<IResult> List(HttpContext http, SourceService sources) =>
        Problems.Of(await sources.RegistryAsync(Admin(http), http.RequestAborted), registry => TypedResults.Ok(Registry(registry)));

    private static async Task<IResult> Changes(HttpContext http, SourceService sources)
    {
        if (await sources.MayReplaceAsync(Admin(http), http.RequestAborted) is { IsOk: false } refused)
        {
            return Problems.Of(refused, _ => Results.NoContent());
        }

        var q = new Query(http.Request.Query);
        var limit = q.Number("limit", 1, 500) ?? 50;
        if (q.Problem() is { } problem)
        {
            return problem;
        }

        return Problems.Of(await sources.ChangesAsync(Admin(http), limit, http.RequestAborted), changes => TypedResults.Ok(new ItemList<SourceChangeView>(changes.Select(c => new SourceChangeView(
            c.ChangeId, Views.Time(c.ChangedAt), c.ChangedBy, c.Sources, c.Added, c.Removed, c.Changed, JsonNode.Parse(c.Document))).ToList())));
    }

    private static async Task<IResult> Replace(HttpContext http, SourceService sources)
    {
        // Refused before the document is read; the replacement checks again in its transaction.
        var actor = Admin(http);
        if (await sources.MayReplaceAsync(actor, http.RequestAborted) is { IsOk: false } refused)
        {
            return Problems.Of(refused, _ => Results.NoContent());
        }

        if (http.Request.ContentLength is > MaxDocumentBytes)
        {
            return Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Payload too large", detail: DisplayText.Format("api.sourcesTooLarge", MaxDocumentBytes));
        }

        SourceSpec spec;
        try
        {
            using var reader = new StreamReader(http.Request.Body);
            spec = SourceSpec.Parse(await reader.ReadToEndAsync(http.RequestAborted));
        }
        catch (JsonException e)
        {
            return RequestBody.FromJson(e);
        }

        var (registry, errors) = SourceRegistry.FromSpec(spec, CultureInfo.CurrentUICulture);
        if (registry is null)
        {
            return Problems.Fields(errors
                .Select(e => e.Split(": ", 2))
                .GroupBy(p => p[0], StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Select(p => p.Length > 1 ? p[1] : p[0]).ToList(), StringComparer.Ordinal));
        }

        return Problems.Of(await sources.ReplaceAsync(actor, registry, http.RequestAborted), change => TypedResults.Ok(new SourceRegistryChanged(Registry(registry))
        {
            ChangeId = change.ChangeId,
            Added = change.Added,
            Removed = change.Removed,
            Changed = change.Changed,
        }));
    }

    /// <summary>The registry as the API shows it: <c>set</c> false (every source accepted, as unclassified) until one is set.</summary>
    internal static SourceRegistryView Registry(SourceRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return new SourceRegistryView(SourceSpec.Of(registry).Sources?.OfType<SourceSpecEntry>().ToList() ?? [], registry.IsSet);
    }

    // The caller as the registry's changes record it (the submitter's name: api-key:ID, token:SUBJECT).
    private static Actor Admin(HttpContext http)
    {
        var caller = Caller.From(http.User);
        return caller.AsActor() with { Name = caller.Submitter };
    }
}

/// <summary>The source registry in force; <c>set</c> false (every source accepted, as unclassified) until one is set.</summary>
public record SourceRegistryView(IReadOnlyList<SourceSpecEntry> Sources, bool Set);

/// <summary>The registry after a replacement, with what the change did.</summary>
public sealed record SourceRegistryChanged : SourceRegistryView
{
    public SourceRegistryChanged(SourceRegistryView registry)
        : base(registry)
    {
    }

    /// <summary>The change.</summary>
    public required string ChangeId { get; init; }

    /// <summary>How many sources were added.</summary>
    public required int Added { get; init; }

    /// <summary>How many were removed.</summary>
    public required int Removed { get; init; }

    /// <summary>How many changed.</summary>
    public required int Changed { get; init; }
}

/// <summary>A change of the source registry: who, when, the document put in force and what it did.</summary>
public sealed record SourceChangeView(string ChangeId, string ChangedAt, string ChangedBy, int Sources, int Added, int Removed, int Changed, JsonNode? Document);
