using PlatformWatch.Api.Http;
using PlatformWatch.Api.Security;
using PlatformWatch.Application;
using PlatformWatch.Contracts;
using PlatformWatch.Store;
using PlatformWatch.Api.Ui;

namespace PlatformWatch.Api.Endpoints;

/// <summary>
/// Decisions with four eyes: a supervisor drafts, edits and submits the decision a case ends in, a
/// second supervisor returns or approves it, and approval serves it on the platform, which reads its
/// own served decisions (never another platform's, never a draft).
/// </summary>
internal static class DecisionEndpoints
{
    // Fields a caller might try to set but the server owns.
    private static readonly HashSet<string> ServerOwned = new(StringComparer.Ordinal)
    {
        "decisionId", "caseId", "platformId", "status", "author", "createdAt", "updatedAt", "submittedAt", "approvedBy", "servedAt", "returnedReason", "legalRange",
    };

    public static void Map(RouteGroupBuilder api)
    {
        const string Tag = "Decisions";
        api.MapGet("/cases/{caseId}/decisions", List).RequireAuthorization(Policies.RegulatorRead)
            .Declares<ItemList<DecisionView>>("listCaseDecisions", Tag, "The decisions of a case (an authority reading it through a grant: the served ones)").Refuses(404);
        api.MapPost("/cases/{caseId}/decisions", Draft).RequireAuthorization(Policies.RegulatorSupervisor)
            .Declares<DecisionView>("draftDecision", Tag, "Draft the decision a case ends in (one in work per case; a fine inside the legal range)", StatusCodes.Status201Created)
            .Takes<DecisionRequest>().Refuses(404, 409);
        api.MapPut("/cases/{caseId}/decisions/{decisionId}", Edit).RequireAuthorization(Policies.RegulatorSupervisor)
            .Declares<DecisionView>("editDecision", Tag, "Replace a draft's content (its author, while it is a draft)").Takes<DecisionRequest>().Refuses(404, 409);
        api.MapPost("/cases/{caseId}/decisions/{decisionId}/submit", Submit).RequireAuthorization(Policies.RegulatorSupervisor)
            .Declares<DecisionView>("submitDecision", Tag, "Submit a draft for approval (its author)").Takes<DecisionStepRequest>().Refuses(404, 409);
        api.MapPost("/cases/{caseId}/decisions/{decisionId}/return", Return).RequireAuthorization(Policies.RegulatorSupervisor)
            .Declares<DecisionView>("returnDecision", Tag, "Return a submitted decision to draft with a reason (a second supervisor, never its author)").Takes<ReturnDecisionRequest>().Refuses(404, 409);
        api.MapPost("/cases/{caseId}/decisions/{decisionId}/discard", Discard).RequireAuthorization(Policies.RegulatorSupervisor)
            .Declares<DecisionView>("discardDecision", Tag, "Discard a decision in work (draft or submitted) with a reason, so the case can be decided anew (its author or another supervisor)").Takes<DiscardDecisionRequest>().Refuses(404, 409);
        api.MapPost("/cases/{caseId}/decisions/{decisionId}/approve", Approve).RequireAuthorization(Policies.RegulatorSupervisor)
            .Declares<DecisionView>("approveDecision", Tag, "Approve a submitted decision (a second supervisor, never its author): it is served on the platform and the case closes with its outcome")
            .Takes<DecisionStepRequest>().Refuses(404, 409);

        var platform = api.MapGroup("/platform").RequireAuthorization(Policies.Platform);
        platform.MapGet("/decisions", Served)
            .Declares<ItemList<DecisionView>>("listPlatformDecisions", Tag, "The decisions served on the platform, newest first");
        platform.MapGet("/decisions/{decisionId}", ServedOne)
            .Declares<DecisionView>("getPlatformDecision", Tag, "A decision served on the platform").Refuses(404);
    }

    private static async Task<IResult> List(string caseId, HttpContext http, DecisionService decisions) =>
        Problems.Of(await decisions.ListAsync(Caller.From(http.User).AsActor(), caseId, http.RequestAborted), found => TypedResults.Ok(new ItemList<DecisionView>([.. found.Select(d => View(d, forRegulators: true))])));

    private static Task<IResult> Draft(string caseId, HttpContext http, DecisionService decisions) =>
        Act<DecisionRequest>(http, (body, actor) => decisions.DraftAsync(actor, caseId, body.ToDraft(), http.RequestAborted),
            d => TypedResults.Created($"/api/v1/cases/{caseId}/decisions", View(d, forRegulators: true)));

    private static Task<IResult> Edit(string caseId, string decisionId, HttpContext http, DecisionService decisions) =>
        Act<DecisionRequest>(http, (body, actor) => decisions.EditAsync(actor, caseId, decisionId, body.ToDraft(), http.RequestAborted), Ok);

    private static Task<IResult> Submit(string caseId, string decisionId, HttpContext http, DecisionService decisions) =>
        Act<DecisionStepRequest>(http, (body, actor) => decisions.SubmitAsync(actor, caseId, decisionId, body.Note, http.RequestAborted), Ok);

    private static Task<IResult> Return(string caseId, string decisionId, HttpContext http, DecisionService decisions) =>
        Act<ReturnDecisionRequest>(http, (body, actor) => decisions.ReturnAsync(actor, caseId, decisionId, body.Reason, http.RequestAborted), Ok);

    private static Task<IResult> Discard(string caseId, string decisionId, HttpContext http, DecisionService decisions) =>
        Act<DiscardDecisionRequest>(http, (body, actor) => decisions.DiscardAsync(actor, caseId, decisionId, body.Reason, http.RequestAborted), Ok);

    private static Task<IResult> Approve(string caseId, string decisionId, HttpContext http, DecisionService decisions) =>
        Act<DecisionStepRequest>(http, (body, actor) => decisions.ApproveAsync(actor, caseId, decisionId, body.Note, http.RequestAborted), Ok);

    private static async Task<IResult> Served(HttpContext http, DecisionService decisions) =>
        Problems.Of(await decisions.ServedAsync(Caller.From(http.User).AsActor(), http.RequestAborted), found => TypedResults.Ok(new ItemList<DecisionView>([.. found.Select(d => View(d, forRegulators: false))])));

    private static async Task<IResult> ServedOne(string decisionId, HttpContext http, DecisionService decisions) =>
        Problems.Of(await decisions.ServedAsync(Caller.From(http.User).AsActor(), decisionId, http.RequestAborted), d => TypedResults.Ok(View(d, forRegulators: false)));

    private static IResult Ok(Decision d) => TypedResults.Ok(View(d, forRegulators: true));

    private static async Task<IResult> Act<TBody>(HttpContext http, Func<TBody, Actor, Task<Outcome<Decision>>> action, Func<Decision, IResult> ok)
        where TBody : class, IValidatedBody
    {
        var (body, problem) = await RequestBody.ReadAsync<TBody>(http.Request, ServerOwned);
        return body is null ? problem! : Problems.Of(await action(body, Caller.From(http.User).AsActor()), ok);
    }

    /// <summary>A decision as the API shows it; the regulators' names (author, approver) and a return's reason only to regulators.</summary>
    public static DecisionView View(Decision decision, bool forRegulators)
    {
        ArgumentNullException.ThrowIfNull(decision);
        var (r, c) = (decision.Record, decision.Content);
        var draft = c.Draft;
        return new DecisionView(
            r.DecisionId, r.CaseId, r.PlatformId, r.Status, r.Outcome, draft.FindingIds, draft.Facts, draft.LegalBasis,
            c.Fine is { } fine && draft.Fine is { } asked ? new FineView(fine.Amount, fine.Currency, asked.Percent, asked.Range ?? "ordinary", c.Range is { } range ? new LegalRangeView(range.Min.Amount, range.Max.Amount, range.Min.Currency, range.Citations) : null) : null,
            draft.Confiscation, [.. draft.Orders.Select(o => new OrderView(o.Order, Store.FindingJson.Date(o.Deadline)))], draft.Reasons, draft.BaseYear,
            Views.Time(r.CreatedAt), Views.Time(r.UpdatedAt), r.SubmittedAt is { } submitted ? Views.Time(submitted) : null, r.ServedAt is { } served ? Views.Time(served) : null)
        {
            Author = forRegulators ? r.Author : null,
            ApprovedBy = forRegulators ? r.ApprovedBy : null,
            ReturnedReason = forRegulators ? r.ReturnedReason : null,
        };
    }

    /// <summary>A decision drafted or edited: what it decides.</summary>
    internal sealed record DecisionRequest(
        IReadOnlyList<string> FindingIds, string Facts, string LegalBasis, string Outcome, string Reasons,
        FineRequest? Fine = null, Money? Confiscation = null, IReadOnlyList<OrderRequest>? Orders = null, int? BaseYear = null) : IValidatedBody
    {
        public void Validate(Dictionary<string, List<string>> errors)
        {
            if (FindingIds.Count == 0 || FindingIds.Count > 1000 || FindingIds.Any(string.IsNullOrWhiteSpace))
            {
                Require.Add(errors, "findingIds", DisplayText.Get("api.findingIds"));
            }

            Require.NotBlank(errors, "facts", Facts, 100_000);
            Require.NotBlank(errors, "legalBasis", LegalBasis, 2000);
            Require.NotBlank(errors, "reasons", Reasons, 100_000);
            if (!CaseWorkflow.Outcomes.Contains(Outcome, StringComparer.Ordinal))
            {
                Require.Add(errors, "outcome", Require.OneOf(CaseWorkflow.Outcomes));
            }

            Fine?.Validate(errors);
            if (Confiscation is not null)
            {
                MoneyField(errors, "confiscation", Confiscation.Amount, Confiscation.Currency);
            }

            foreach (var (order, i) in (Orders ?? []).Select((o, i) => (o, i)))
            {
                Require.NotBlank(errors, $"orders[{i}].order", order.Order, 20_000);
            }

            if (BaseYear is < 1990 or > 2100)
            {
                Require.Add(errors, "baseYear", DisplayText.Get("api.baseYear"));
            }
        }

        public DecisionDraft ToDraft() => new()
        {
            FindingIds = FindingIds,
            Facts = Facts,
            LegalBasis = LegalBasis,
            Outcome = Outcome,
            Fine = Fine is null ? null : new DecisionFine { Amount = Fine.Amount, Percent = Fine.Percent, Currency = Fine.Currency, Range = Fine.Range },
            Confiscation = Confiscation,
            Orders = [.. (Orders ?? []).Select(o => new RectificationOrder { Order = o.Order, Deadline = o.Deadline })],
            Reasons = Reasons,
            BaseYear = BaseYear,
        };
    }

    /// <summary>A fine: an amount or a percentage of the base figure (one of the two), in a currency, in one of the law's ranges.</summary>
    internal sealed record FineRequest(string Currency, decimal? Amount = null, decimal? Percent = null, string? Range = null)
    {
        public void Validate(Dictionary<string, List<string>> errors)
        {
            if ((Amount is null) == (Percent is null))
            {
                Require.Add(errors, "fine", DisplayText.Get("api.amountOrPercent"));
            }

            if (Amount is { } amount)
            {
                MoneyField(errors, "fine", amount, Currency);
            }
            else if (!IsCurrency(Currency))
            {
                Require.Add(errors, "fine.currency", DisplayText.Get("api.currency"));
            }

            if (Percent is <= 0 or > 100)
            {
                Require.Add(errors, "fine.percent", DisplayText.Get("api.percent"));
            }

            if (Range is not null && !PenaltyRanges.Kinds.Contains(Range, StringComparer.Ordinal))
            {
                Require.Add(errors, "fine.range", Require.OneOf(PenaltyRanges.Kinds));
            }
        }
    }

    /// <summary>A rectification order with its deadline.</summary>
    internal sealed record OrderRequest(string Order, DateOnly Deadline);

    /// <summary>Submitting or approving takes an object with an optional note for the audit trail (<c>{}</c>: none).</summary>
    internal sealed record DecisionStepRequest(string? Note = null) : IValidatedBody
    {
        public void Validate(Dictionary<string, List<string>> errors)
        {
            if (Note is { Length: > 20_000 })
            {
                Require.Add(errors, "note", Require.AtMost(20_000));
            }
        }
    }

    /// <summary>Returning a decision to draft takes the reason.</summary>
    internal sealed record ReturnDecisionRequest(string Reason) : IValidatedBody
    {
        public void Validate(Dictionary<string, List<string>> errors) => Require.NotBlank(errors, "reason", Reason, 20_000);
    }

    /// <summary>Discarding a decision in work takes the reason.</summary>
    internal sealed record DiscardDecisionRequest(string Reason) : IValidatedBody
    {
        public void Validate(Dictionary<string, List<string>> errors) => Require.NotBlank(errors, "reason", Reason, 20_000);
    }

    private static void MoneyField(Dictionary<string, List<string>> errors, string field, decimal amount, string currency)
    {
        if (amount < 0)
        {
            Require.Add(errors, field + ".amount", DisplayText.Get("api.notNegative"));
        }

        if (!IsCurrency(currency))
        {
            Require.Add(errors, field + ".currency", DisplayText.Get("api.currency"));
        }
    }

    private static bool IsCurrency(string? code) => code is { Length: 3 } && code.All(char.IsAsciiLetterUpper);
}

/// <summary>
/// A decision: what it decides (the findings it rests on, facts, legal basis, outcome, fine,
/// confiscation, orders, reasons) and where it stands; the regulators' names only to regulators.
/// </summary>
internal sealed record DecisionView(
    string DecisionId, string CaseId, string PlatformId, string Status, string Outcome, IReadOnlyList<string> FindingIds, string Facts, string LegalBasis,
    FineView? Fine, Money? Confiscation, IReadOnlyList<OrderView> Orders, string Reasons, int? BaseYear,
    string CreatedAt, string UpdatedAt, string? SubmittedAt, string? ServedAt)
{
    /// <summary>Who drafted it (regulators only).</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? Author { get; init; }

    /// <summary>Who approved it (regulators only).</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? ApprovedBy { get; init; }

    /// <summary>Why it was last returned to draft (regulators only).</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? ReturnedReason { get; init; }
}

/// <summary>The fine imposed, exact: the amount (a percentage worked out on the base), the range applied and the legal range it lies in.</summary>
internal sealed record FineView(decimal Amount, string Currency, decimal? Percent, string Range, LegalRangeView? LegalRange);

/// <summary>The legal range a fine was checked against and the provisions it comes from.</summary>
internal sealed record LegalRangeView(decimal Min, decimal Max, string Currency, IReadOnlyList<string> Citations);

/// <summary>A rectification order and its deadline (yyyy-MM-dd).</summary>
internal sealed record OrderView(string Order, string Deadline);
