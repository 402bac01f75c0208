using System.Globalization;
using System.Xml.Linq;
using PlatformWatch.Api.Http;
using PlatformWatch.Api.Security;
using PlatformWatch.Api.Ui;
using PlatformWatch.Application;
using PlatformWatch.Contracts;
using PlatformWatch.Store;

namespace PlatformWatch.Api.Endpoints;

/// <summary>
/// The public register (docs/register.md): served decisions in a redacted form, without a credential,
/// as JSON (<c>GET /api/v1/register</c>) and as an Atom feed (<c>/register.atom</c>); an admin of the
/// owning authority withholds or withdraws a publication with a reason.
/// </summary>
internal static class RegisterEndpoints
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    public static void Map(RouteGroupBuilder api)
    {
        const string Tag = "Register";
        api.MapGet("/register", List).AllowAnonymous()
            .Declares<RegisterView>("getRegister", Tag, "The public register: served decisions in a redacted form, newest first, and the withdrawn ones' notices (no credential needed)");
        api.MapPost("/cases/{caseId}/decisions/{decisionId}/withhold", Withhold).RequireAuthorization(Policies.RegulatorAdmin)
            .Declares<RegisterRemovalView>("withholdPublication", Tag, "Take a served decision off the register without a notice, with a reason (an admin of the owning authority; for good)")
            .Takes<RegisterRemovalRequest>().Refuses(404, 409);
        api.MapPost("/cases/{caseId}/decisions/{decisionId}/withdraw", Withdraw).RequireAuthorization(Policies.RegulatorAdmin)
            .Declares<RegisterRemovalView>("withdrawPublication", Tag, "Take a served decision off the register leaving a 'withdrawn on' notice, with a reason (an admin of the owning authority; for good)")
            .Takes<RegisterRemovalRequest>().Refuses(404, 409);
    }

    /// <summary>The Atom feed, beside the register's pages.</summary>
    public static void MapFeed(IEndpointRouteBuilder app) =>
        app.MapGet("/register.atom", Feed).AllowAnonymous().ExcludeFromDescription();

    private static async Task<IResult> List(HttpContext http, RegisterService register) =>
        TypedResults.Ok(View(await register.ReadAsync(http.RequestAborted)));

    private static Task<IResult> Withhold(string caseId, string decisionId, HttpContext http, RegisterService register) =>
        RemoveAsync(http, register, caseId, decisionId, RegisterRemoval.Withheld);

    private static Task<IResult> Withdraw(string caseId, string decisionId, HttpContext http, RegisterService register) =>
        RemoveAsync(http, register, caseId, decisionId, RegisterRemoval.Withdrawn);

    private static async Task<IResult> RemoveAsync(HttpContext http, RegisterService register, string caseId, string decisionId, string removal)
    {
        var (body, problem) = await RequestBody.ReadAsync<RegisterRemovalRequest>(http.Request);
        return body is null ? problem! : Problems.Of(await register.RemoveAsync(Caller.From(http.User).AsActor(), caseId, decisionId, removal, body.Reason, http.RequestAborted),
            r => TypedResults.Ok(new RegisterRemovalView(r.DecisionId, r.CaseId, r.Removal, r.Reason, r.RemovedBy, Views.Time(r.RemovedAt))));
    }

    private static RegisterView View(PublicRegister register) => new(
        [.. register.Publications.Select(p => new PublicationView(
            p.DecisionId, p.PlatformId, p.Markets, [.. p.Conduct.Select(c => new ConductView(c.RuleId, c.Summary.En, c.Law))], p.LawApplied, p.Outcome, p.Fine, p.Confiscation,
            [.. p.RectificationDeadlines.Select(FindingJson.Date)], Views.Time(p.ServedAt)))],
        [.. register.Withdrawn.Select(w => new WithdrawnView(w.DecisionId, FindingJson.Date(w.WithdrawnOn)))]);

    // Atom 1.0 (RFC 4287): the feed's id and each entry's id are the pages' addresses.
    private static async Task<IResult> Feed(HttpContext http, RegisterService register)
    {
        var read = await register.ReadAsync(http.RequestAborted);
        var site = $"{http.Request.Scheme}://{http.Request.Host}";
        var feed = new XElement(Atom + "feed",
            new XElement(Atom + "id", site + "/register"),
            new XElement(Atom + "title", DisplayText.Get("register.title")),
            new XElement(Atom + "updated", AtomTime(read.LastChange ?? DateTimeOffset.UnixEpoch)),
            new XElement(Atom + "author", new XElement(Atom + "name", DisplayText.Get("register.title"))),
            new XElement(Atom + "link", new XAttribute("rel", "self"), new XAttribute("href", site + "/register.atom")),
            new XElement(Atom + "link", new XAttribute("rel", "alternate"), new XAttribute("type", "text/html"), new XAttribute("href", site + "/register")),
            read.Publications.Select(p => new XElement(Atom + "entry",
                new XElement(Atom + "id", $"{site}/register/{Uri.EscapeDataString(p.DecisionId)}"),
                new XElement(Atom + "title", RegisterText.Title(p)),
                new XElement(Atom + "updated", AtomTime(p.ServedAt)),
                new XElement(Atom + "link", new XAttribute("rel", "alternate"), new XAttribute("type", "text/html"), new XAttribute("href", $"{site}/register/{Uri.EscapeDataString(p.DecisionId)}")),
                new XElement(Atom + "summary", new XAttribute("type", "text"), RegisterText.Summary(p)))));
        var xml = new XDocument(new XDeclaration("1.0", "utf-8", null), feed);
        return Results.Text(xml.Declaration + "\n" + xml.Root, "application/atom+xml; charset=utf-8");
    }

    private static string AtomTime(DateTimeOffset t) => t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Withholding or withdrawing a publication takes the reason (kept for the authority, never published).</summary>
    internal sealed record RegisterRemovalRequest(string Reason) : IValidatedBody
    {
        public void Validate(Dictionary<string, List<string>> errors) => Require.NotBlank(errors, "reason", Reason, 20_000);
    }
}

/// <summary>The public register: publications newest first, and notices of withdrawn ones.</summary>
internal sealed record RegisterView(IReadOnlyList<PublicationView> Items, IReadOnlyList<WithdrawnView> Withdrawn);

/// <summary>A served decision as the register publishes it: no names, no comments, no secrets, no other platform's figures.</summary>
internal sealed record PublicationView(
    string DecisionId, string PlatformId, IReadOnlyList<string> Markets, IReadOnlyList<ConductView> Conduct, IReadOnlyList<string> LawApplied,
    string Outcome, Money? Fine, Money? Confiscation, IReadOnlyList<string> RectificationDeadlines, string ServedAt);

/// <summary>One rule's conduct in the profile's words, with its law.</summary>
internal sealed record ConductView(string RuleId, string Summary, IReadOnlyList<string> Law);

/// <summary>A withdrawn publication: the decision and the day (yyyy-MM-dd).</summary>
internal sealed record WithdrawnView(string DecisionId, string WithdrawnOn);

/// <summary>A publication taken off the register: how, why, by whom and when.</summary>
internal sealed record RegisterRemovalView(string DecisionId, string CaseId, string Removal, string Reason, string RemovedBy, string RemovedAt);
