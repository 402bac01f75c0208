using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using PlatformWatch.Api.Endpoints;
using PlatformWatch.Api.Security;
using PlatformWatch.Api.Ui;
using PlatformWatch.Application;
using PlatformWatch.Contracts;
using PlatformWatch.Store;

namespace PlatformWatch.Api.Pages.Cases;

/// <summary>
/// The case page's decisions: a supervisor drafts (and, as its author, edits and submits) the
/// decision the case ends in; a second supervisor returns or approves it. The same request records
/// and the same <see cref="DecisionService"/> operations as the API.
/// </summary>
public sealed partial class CaseModel
{
    /// <summary>The decisions of the case (those who read it through a grant: the served ones).</summary>
    public IReadOnlyList<Decision> Decisions { get; private set; } = [];

    /// <summary>The decision in work (draft or submitted), if any.</summary>
    public Decision? InWork => Decisions.FirstOrDefault(d => d.Record.InWork);

    /// <summary>Whether the signed-in key may take the case's publications off the public register (an admin of the owning authority).</summary>
    public bool MayAdminister { get; private set; }

    /// <summary>The case's decisions taken off the public register.</summary>
    public IReadOnlyList<RegisterRemoval> RegisterRemovals { get; private set; } = [];

    /// <summary>Takes a served decision off the public register, withheld or withdrawn (<paramref name="removal"/>), with the reason.</summary>
    public Task<IActionResult> OnPostRemovePublicationAsync([FromForm] string? decisionId, [FromForm] string? removal, [FromForm] string? reason) =>
        ActAsync("publication", Policies.RegulatorAdmin, new RegisterEndpoints.RegisterRemovalRequest(reason ?? ""),
            (body, actor) => register.RemoveAsync(actor, CaseId, decisionId ?? "", removal == RegisterRemoval.Withdrawn ? RegisterRemoval.Withdrawn : RegisterRemoval.Withheld, body.Reason, HttpContext.RequestAborted),
            _ => DisplayText.Get(removal == RegisterRemoval.Withdrawn ? "decision.flash.withdrawn" : "decision.flash.withheld"));

    /// <summary>Whether the signed-in key wrote <paramref name="decision"/>.</summary>
    public bool IsAuthor(Decision decision) => decision?.Record.Author == Me.AsActor().Name;

    /// <summary>Drafts a decision.</summary>
    public Task<IActionResult> OnPostDraftDecisionAsync([FromForm] DecisionForm form) =>
        ActAsync("decision", Policies.RegulatorSupervisor, ToRequest(form),
            (body, actor) => decisions.DraftAsync(actor, CaseId, body.ToDraft(), HttpContext.RequestAborted),
            _ => DisplayText.Get("decision.flash.drafted"));

    /// <summary>Replaces the content of the caller's draft.</summary>
    public Task<IActionResult> OnPostEditDecisionAsync([FromForm] string? decisionId, [FromForm] DecisionForm form) =>
        ActAsync("decision", Policies.RegulatorSupervisor, ToRequest(form),
            (body, actor) => decisions.EditAsync(actor, CaseId, decisionId ?? "", body.ToDraft(), HttpContext.RequestAborted),
            _ => DisplayText.Get("decision.flash.saved"));

    /// <summary>Submits the caller's draft for approval.</summary>
    public Task<IActionResult> OnPostSubmitDecisionAsync([FromForm] string? decisionId) =>
        ActAsync("decision-step", Policies.RegulatorSupervisor, new DecisionEndpoints.DecisionStepRequest(),
            (_, actor) => decisions.SubmitAsync(actor, CaseId, decisionId ?? "", null, HttpContext.RequestAborted),
            _ => DisplayText.Get("decision.flash.submitted"));

    /// <summary>Returns a submitted decision to its author with the reason.</summary>
    public Task<IActionResult> OnPostReturnDecisionAsync([FromForm] string? decisionId, [FromForm] string? reason) =>
        ActAsync("decision-step", Policies.RegulatorSupervisor, new DecisionEndpoints.ReturnDecisionRequest(reason ?? ""),
            (body, actor) => decisions.ReturnAsync(actor, CaseId, decisionId ?? "", body.Reason, HttpContext.RequestAborted),
            _ => DisplayText.Get("decision.flash.returned"));

    /// <summary>Discards a decision in work with the reason, so the case can be decided anew.</summary>
    public Task<IActionResult> OnPostDiscardDecisionAsync([FromForm] string? decisionId, [FromForm] string? reason) =>
        ActAsync("decision-step", Policies.RegulatorSupervisor, new DecisionEndpoints.DiscardDecisionRequest(reason ?? ""),
            (body, actor) => decisions.DiscardAsync(actor, CaseId, decisionId ?? "", body.Reason, HttpContext.RequestAborted),
            _ => DisplayText.Get("decision.flash.discarded"));

    /// <summary>Approves a submitted decision: it is served on the platform and the case closes with its outcome.</summary>
    public Task<IActionResult> OnPostApproveDecisionAsync([FromForm] string? decisionId, [FromForm] string? note) =>
        ActAsync("decision-step", Policies.RegulatorSupervisor, new DecisionEndpoints.DecisionStepRequest(string.IsNullOrWhiteSpace(note) ? null : note),
            (body, actor) => decisions.ApproveAsync(actor, CaseId, decisionId ?? "", body.Note, HttpContext.RequestAborted),
            _ => DisplayText.Get("decision.flash.approved"));

    // The form as the API's request: orders one a line, "YYYY-MM-DD what to do"; a field the form cannot parse is an error naming it.
    private DecisionEndpoints.DecisionRequest ToRequest(DecisionForm form)
    {
        var orders = new List<DecisionEndpoints.OrderRequest>();
        foreach (var (line, i) in (form.Orders ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select((l, i) => (l, i)))
        {
            var parts = line.Split(' ', 2, StringSplitOptions.TrimEntries);
            if (parts.Length == 2 && DateOnly.TryParseExact(parts[0], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var deadline))
            {
                orders.Add(new DecisionEndpoints.OrderRequest(parts[1], deadline));
            }
            else
            {
                Errors[$"orders[{i}]"] = [DisplayText.Get("decision.error.orderLine")];
            }
        }

        var amount = Number(form.FineAmount, "fine.amount");
        var percent = Number(form.FinePercent, "fine.percent");
        var confiscated = Number(form.ConfiscationAmount, "confiscation.amount");
        return new DecisionEndpoints.DecisionRequest(
            form.FindingIds ?? [], form.Facts ?? "", form.LegalBasis ?? "", form.Outcome ?? "", form.Reasons ?? "",
            amount is null && percent is null ? null : new DecisionEndpoints.FineRequest(form.Currency ?? "", amount, percent, string.IsNullOrEmpty(form.Range) ? null : form.Range),
            confiscated is { } c ? new Money { Amount = c, Currency = form.Currency ?? "" } : null,
            orders, form.BaseYear);
    }

    private decimal? Number(string? text, string field)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (decimal.TryParse(text.Replace(",", "", StringComparison.Ordinal), NumberStyles.Number, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        Errors[field] = [DisplayText.Get("decision.error.number")];
        return null;
    }
}

/// <summary>The decision form of the case page (the fine and the confiscation in one currency).</summary>
public sealed record DecisionForm
{
    /// <summary>The findings it rests on.</summary>
    public List<string>? FindingIds { get; init; }
    /// <summary>The facts found.</summary>
    public string? Facts { get; init; }
    /// <summary>The law applied.</summary>
    public string? LegalBasis { get; init; }
    /// <summary>The outcome.</summary>
    public string? Outcome { get; init; }
    /// <summary>The fine's amount.</summary>
    public string? FineAmount { get; init; }
    /// <summary>The fine as a percentage of the base.</summary>
    public string? FinePercent { get; init; }
    /// <summary>The range applied.</summary>
    public string? Range { get; init; }
    /// <summary>The currency of the fine and the confiscation.</summary>
    public string? Currency { get; init; }
    /// <summary>The illegal gains confiscated.</summary>
    public string? ConfiscationAmount { get; init; }
    /// <summary>Rectification orders, one a line: a deadline, a space, what to do.</summary>
    public string? Orders { get; init; }
    /// <summary>The reasons.</summary>
    public string? Reasons { get; init; }
    /// <summary>The base year, when not the law's default.</summary>
    public int? BaseYear { get; init; }
}
