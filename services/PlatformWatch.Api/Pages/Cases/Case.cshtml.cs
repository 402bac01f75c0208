using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PlatformWatch.Api.Endpoints;
using PlatformWatch.Api.Http;
using PlatformWatch.Api.Security;
using PlatformWatch.Contracts;
using PlatformWatch.Store;

namespace PlatformWatch.Api.Pages.Cases;

/// <summary>
/// A case in full, and the actions the signed-in role may take on it. The actions run the API's
/// own checks (the same request records, the same store calls, the same roles).
/// </summary>
[Authorize(Policy = Policies.RegulatorRead)]
public sealed class CaseModel(CaseStore store, EventPublisher publisher, IAuthorizationService authorization, TimeProvider clock) : UiPageModel(clock)
{
    /// <summary>The case id from the address.</summary>
    [BindProperty(SupportsGet = true)]
    public string CaseId { get; set; } = "";

    /// <summary>The case with its findings, evidence, comments and audit trail.</summary>
    public CaseDetail Detail { get; private set; } = null!;

    /// <summary>The notices issued on the case, with their answers.</summary>
    public IReadOnlyList<NoticeDetail> Notices { get; private set; } = [];

    /// <summary>Whether the caller may comment and move the case along.</summary>
    public bool MayWork { get; private set; }

    /// <summary>Whether the caller may assign, close and issue notices.</summary>
    public bool MaySupervise { get; private set; }

    /// <summary>Which form the errors belong to.</summary>
    public string? FailedForm { get; private set; }

    /// <summary>The case.</summary>
    public async Task<IActionResult> OnGetAsync() => await LoadAsync() ? Page() : NotFound();

    /// <summary>Assigns the case.</summary>
    public Task<IActionResult> OnPostAssignAsync([FromForm] string? assignee, [FromForm] DateOnly? dueAt) =>
        ActAsync("assign", Policies.RegulatorSupervisor, new CaseEndpoints.AssignRequest(assignee ?? "", dueAt),
            async (body, caller) => await store.AssignAsync(CaseId, body.Assignee, body.DueAt, caller.Actor, HttpContext.RequestAborted),
            body => $"Assigned to {body.Assignee}.");

    /// <summary>Comments on the case.</summary>
    public Task<IActionResult> OnPostCommentAsync([FromForm] string? text, [FromForm] string? visibility) =>
        ActAsync("comment", Policies.RegulatorAnalyst, new CaseEndpoints.CommentRequest(text ?? "", visibility),
            async (body, caller) => await store.CommentAsync(CaseId, caller.Actor, body.Visibility ?? "internal", body.Text, HttpContext.RequestAborted),
            body => body.Visibility == "shared" ? "Comment added and shared with the platform." : "Internal comment added.");

    /// <summary>Moves the case along its workflow.</summary>
    public Task<IActionResult> OnPostTransitionAsync([FromForm] string? to, [FromForm] string? outcome, [FromForm] string? note) =>
        ActAsync("transition", Policies.RegulatorAnalyst, new CaseEndpoints.TransitionRequest(to ?? "", string.IsNullOrEmpty(outcome) ? null : outcome, string.IsNullOrWhiteSpace(note) ? null : note),
            async (body, caller) => body.To == "closed" && !CaseEndpoints.MayClose(caller)
                ? throw new UnauthorizedAccessException("closing a case is for supervisors")
                : await store.TransitionAsync(CaseId, body.To, body.Outcome, caller.Actor, body.Note, HttpContext.RequestAborted),
            body => $"Case moved to {body.To}.");

    /// <summary>Issues a notice to the case's platform, due at the end of the chosen day (UTC).</summary>
    public async Task<IActionResult> OnPostNoticeAsync([FromForm] string? text, [FromForm] DateOnly? responseDueOn)
    {
        if (responseDueOn is null)
        {
            Errors["responseDueOn"] = ["required: the day the answer is due"];
        }

        var due = responseDueOn is { } day ? new DateTimeOffset(day.ToDateTime(new TimeOnly(23, 59, 59)), TimeSpan.Zero) : default;
        NoticeRecord? issued = null;
        var result = await ActAsync("notice", Policies.RegulatorSupervisor, new CaseEndpoints.NoticeRequest(text ?? "", due),
            async (body, caller) =>
            {
                issued = await store.IssueNoticeAsync(CaseId, body.Text, body.ResponseDueAt, caller.Actor, HttpContext.RequestAborted);
                return issued;
            },
            _ => $"Notice issued; the answer is due {responseDueOn:yyyy-MM-dd}.");
        if (issued is { } notice)
        {
            await publisher.AnnounceAsync(new NoticeIssued { NoticeId = notice.NoticeId, CaseId = notice.CaseId, PlatformId = notice.PlatformId, ResponseDueAt = notice.ResponseDueAt }, HttpContext.RequestAborted);
        }

        return result;
    }

    // Authorise, validate, act; then back to the case (or the case again with the errors).
    private async Task<IActionResult> ActAsync<T>(string form, string policy, T body, Func<T, Caller, Task<object?>> action, Func<T, string> done)
        where T : IValidatedBody
    {
        if (!(await authorization.AuthorizeAsync(User, policy)).Succeeded)
        {
            return Forbid();
        }

        if (await store.GetCaseAsync(CaseId, HttpContext.RequestAborted) is null)
        {
            return NotFound();
        }

        body.Validate(Errors);
        if (Errors.Count == 0)
        {
            try
            {
                if (await action(body, Me) is null)
                {
                    return NotFound();
                }

                Flash(done(body));
                return LocalRedirect($"/cases/{Uri.EscapeDataString(CaseId)}");
            }
            catch (UnauthorizedAccessException)
            {
                return Forbid();
            }
            catch (CaseActionException e)
            {
                Errors["action"] = [e.Message];
            }
        }

        FailedForm = form;
        if (!await LoadAsync())
        {
            return NotFound();
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task<bool> LoadAsync()
    {
        var ct = HttpContext.RequestAborted;
        if (await store.GetCaseAsync(CaseId, ct) is not { } detail)
        {
            return false;
        }

        Detail = detail;
        var notices = new List<NoticeDetail>();
        foreach (var notice in await store.ListNoticesAsync(caseId: CaseId, ct: ct))
        {
            notices.Add((await store.GetNoticeAsync(notice.NoticeId, ct))!);
        }

        Notices = notices;
        MayWork = (await authorization.AuthorizeAsync(User, Policies.RegulatorAnalyst)).Succeeded;
        MaySupervise = (await authorization.AuthorizeAsync(User, Policies.RegulatorSupervisor)).Succeeded;
        return true;
    }
}
