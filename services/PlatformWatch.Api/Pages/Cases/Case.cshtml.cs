using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PlatformWatch.Api.CaseFiles;
using PlatformWatch.Api.Endpoints;
using PlatformWatch.Api.Http;
using PlatformWatch.Api.Security;
using PlatformWatch.Api.Ui;
using PlatformWatch.Application;
using PlatformWatch.Store;

namespace PlatformWatch.Api.Pages.Cases;

/// <summary>
/// A case in full, and the actions the signed-in role may take on it. The actions run the API's
/// own checks (the same request records, the same roles, the same case service operations, which
/// check the case and act in one transaction).
/// </summary>
[Authorize(Policy = Policies.RegulatorRead)]
public sealed partial class CaseModel(CaseService cases, DecisionService decisions, RegisterService register, ExposureService exposure, KeyService keys, DocumentService documents, CaseFiles.CaseFiles files, IAuthorizationService authorization, TimeProvider clock) : UiPageModel(clock)
{
    /// <summary>The case id from the address.</summary>
    [BindProperty(SupportsGet = true)]
    public string CaseId { get; set; } = "";

    /// <summary>The case with its findings, evidence, comments and audit trail.</summary>
    public CaseDetail Detail { get; private set; } = null!;

    /// <summary>The notices issued on the case, with their answers (business secrets withheld from an authority reading through a grant).</summary>
    public IReadOnlyList<NoticeDetail> Notices { get; private set; } = [];

    /// <summary>The base year of the penalty exposure (<c>?baseYear=</c>), or null for the default.</summary>
    [BindProperty(SupportsGet = true)]
    public int? BaseYear { get; set; }

    /// <summary>The penalty exposure of the case: per finding and provision, the base figure and the range of fines.</summary>
    public CaseExposure Exposure { get; private set; } = null!;

    /// <summary>The documents of the case's notices, answers and reports, as the caller may see them.</summary>
    public IReadOnlyList<DocumentListing> Documents { get; private set; } = [];

    /// <summary>The documents of one notice and of its answers.</summary>
    public IReadOnlyList<DocumentListing> DocumentsOf(NoticeDetail notice)
    {
        ArgumentNullException.ThrowIfNull(notice);
        return Documents.Where(d => d.Document.OwnerKind == DocumentOwner.Notice ? d.Document.OwnerId == notice.Notice.NoticeId
            : d.Document.OwnerKind == DocumentOwner.Response && notice.Responses.Any(r => r.ResponseId == d.Document.OwnerId)).ToList();
    }

    /// <summary>Whether the caller may comment and move the case along.</summary>
    public bool MayWork { get; private set; }

    /// <summary>Whether the caller may assign, close and issue notices.</summary>
    public bool MaySupervise { get; private set; }

    /// <summary>How the caller's authority may use the case (owner, or through a share or referral).</summary>
    public CaseAccess Access { get; private set; } = CaseAccess.None;

    /// <summary>The grants of access to the case (shown to those who work it).</summary>
    public IReadOnlyList<CaseAccessRecord> Grants { get; private set; } = [];

    /// <summary>Whether the caller may add comments (internal only, unless it works the case).</summary>
    public bool MayComment { get; private set; }

    /// <summary>The authorities and their tiers.</summary>
    public AuthorityTree Tree { get; private set; } = null!;

    /// <summary>The authority that owns the case (null only if the tree no longer lists it).</summary>
    public AuthorityNode? Owner { get; private set; }

    /// <summary>The active grants through which the caller's authority sees the case (when it does not work it).</summary>
    public IReadOnlyList<CaseAccessRecord> MyGrants { get; private set; } = [];

    /// <summary>The authorities the case may be referred to: every one but its owner.</summary>
    public IReadOnlyList<AuthorityNode> ReferTargets => Tree.All.Where(a => a.AuthorityId != Detail.Case.OwnerAuthorityId).ToList();

    /// <summary>The authorities the case may be shared with: those that do not already work it (its owner and those above).</summary>
    public IReadOnlyList<AuthorityNode> ShareTargets => Tree.All.Where(a => !Tree.IsWithin(Detail.Case.OwnerAuthorityId, a.AuthorityId)).ToList();

    /// <summary>An authority's name and id, or the id alone when the tree no longer lists it.</summary>
    public string AuthorityName(string authorityId) => Tree.Find(authorityId) is { } node ? $"{node.Name} ({node.AuthorityId})" : authorityId;

    /// <summary>Who acted, by name: the names of the keys that wrote the comments, the timeline, the notices and the grants.</summary>
    public ActorNames Who { get; private set; } = ActorNames.None;

    /// <summary>The timeline sentence of an audit entry.</summary>
    public string Sentence(AuditEntry entry) => Timeline.Sentence(entry, Who, AuthorityName);

    /// <summary>Which form the errors belong to.</summary>
    public string? FailedForm { get; private set; }

    /// <summary>The case.</summary>
    public async Task<IActionResult> OnGetAsync() => await LoadAsync() ? Page() : NotFound();

    /// <summary>The case file as one PDF, as the API's <c>GET /api/v1/cases/{id}/file</c> makes it (503 with the reason when its font is missing).</summary>
    public async Task<IActionResult> OnGetFileAsync()
    {
        if (files.MissingFont() is { } missing)
        {
            return new ContentResult { StatusCode = StatusCodes.Status503ServiceUnavailable, Content = missing, ContentType = "text/plain; charset=utf-8" };
        }

        return (await files.PdfAsync(Me.AsActor(), CaseId, $"page /cases/{CaseId}?handler=File", HttpContext.RequestAborted)).Value is { } pdf
            ? File(pdf, CaseFilePdf.MediaType, $"case-file-{CaseId}.pdf")
            : NotFound();
    }

    /// <summary>Assigns the case.</summary>
    public Task<IActionResult> OnPostAssignAsync([FromForm] string? assignee, [FromForm] DateOnly? dueAt) =>
        ActAsync("assign", Policies.RegulatorSupervisor, new CaseEndpoints.AssignRequest(assignee ?? "", dueAt),
            (body, actor) => cases.AssignAsync(actor, CaseId, body.Assignee, body.DueAt, HttpContext.RequestAborted),
            body => DisplayText.Format("case.flash.assigned", body.Assignee));

    /// <summary>Comments on the case.</summary>
    public Task<IActionResult> OnPostCommentAsync([FromForm] string? text, [FromForm] string? visibility) =>
        ActAsync("comment", Policies.RegulatorAnalyst, new CaseEndpoints.CommentRequest(text ?? "", visibility),
            (body, actor) => cases.CommentAsync(actor, CaseId, body.Visibility ?? "internal", body.Text, HttpContext.RequestAborted),
            body => DisplayText.Get(body.Visibility == "shared" ? "case.flash.sharedComment" : "case.flash.internalComment"));

    /// <summary>Moves the case along its workflow.</summary>
    public Task<IActionResult> OnPostTransitionAsync([FromForm] string? to, [FromForm] string? outcome, [FromForm] string? note) =>
        ActAsync("transition", Policies.RegulatorAnalyst, new CaseEndpoints.TransitionRequest(to ?? "", string.IsNullOrEmpty(outcome) ? null : outcome, string.IsNullOrWhiteSpace(note) ? null : note),
            (body, actor) => cases.TransitionAsync(actor, CaseId, body.To, body.Outcome, body.Note, HttpContext.RequestAborted),
            body => DisplayText.Format("case.flash.moved", ValueText.Of("status", body.To)));

    /// <summary>Issues a notice to the case's platform, due at the end of the chosen day (UTC).</summary>
    public async Task<IActionResult> OnPostNoticeAsync([FromForm] string? text, [FromForm] DateOnly? responseDueOn)
    {
        if (responseDueOn is null)
        {
            Errors["responseDueOn"] = [DisplayText.Get("case.error.responseDueOn")];
        }

        var due = responseDueOn is { } day ? new DateTimeOffset(day.ToDateTime(new TimeOnly(23, 59, 59)), TimeSpan.Zero) : default;
        return await ActAsync("notice", Policies.RegulatorSupervisor, new CaseEndpoints.NoticeRequest(text ?? "", due),
            (body, actor) => cases.IssueNoticeAsync(actor, CaseId, body.Text, body.ResponseDueAt, HttpContext.RequestAborted),
            _ => DisplayText.Format("case.flash.noticeIssued", $"{responseDueOn:yyyy-MM-dd}"));
    }

    /// <summary>Attaches a file (multipart) to a notice of the case.</summary>
    public async Task<IActionResult> OnPostAttachAsync([FromForm] string? noticeId, IFormFile? file)
    {
        var form = await DocumentForm.ReadAsync(file, "noticeId", noticeId, documents, HttpContext.RequestAborted);
        return await ActAsync("attach", Policies.RegulatorSupervisor, form,
            (body, actor) => documents.AttachToNoticeAsync(actor, CaseId, body.OwnerId, body.Name, body.Content, HttpContext.RequestAborted),
            body => DisplayText.Format("case.flash.attached", body.Name, body.OwnerId));
    }

    /// <summary>Hands the case to another authority; the caller's authority keeps read access.</summary>
    public Task<IActionResult> OnPostReferAsync([FromForm] string? to, [FromForm] string? reason) =>
        ActAsync("refer", Policies.RegulatorSupervisor, new CaseEndpoints.ReferRequest(to ?? "", reason ?? ""),
            (body, actor) => cases.ReferAsync(actor, CaseId, body.To, body.Reason, HttpContext.RequestAborted),
            body => DisplayText.Format("case.flash.referred", body.To));

    /// <summary>Shares the case with a cooperating authority, to read or to comment (internal comments withheld unless unticked).</summary>
    public Task<IActionResult> OnPostShareAsync([FromForm] string? authority, [FromForm] string? access, [FromForm] bool? withholdInternal, [FromForm] string? reason) =>
        ActAsync("share", Policies.RegulatorSupervisor, new CaseEndpoints.ShareRequest(authority ?? "", reason ?? "", string.IsNullOrEmpty(access) ? null : access, withholdInternal),
            (body, actor) => cases.ShareAsync(actor, CaseId, body.Authority, body.Access ?? "read", body.WithholdInternal ?? true, body.Reason, HttpContext.RequestAborted),
            body => DisplayText.Format(body.WithholdInternal ?? true ? "case.flash.sharedWithheld" : "case.flash.shared", body.Authority, ValueText.Of("access", body.Access ?? "read")));

    /// <summary>Revokes a share of the case: the authority's access stops at once.</summary>
    public Task<IActionResult> OnPostRevokeShareAsync([FromForm] string? shareId) =>
        ActAsync("revoke-share", Policies.RegulatorSupervisor, new RevokeShareRequest(shareId ?? ""),
            (body, actor) => cases.RevokeShareAsync(actor, CaseId, body.ShareId, HttpContext.RequestAborted),
            body => DisplayText.Format("case.flash.revoked", body.ShareId));

    // The share to revoke (the API takes it from the address).
    private sealed record RevokeShareRequest(string ShareId) : IValidatedBody
    {
        public void Validate(Dictionary<string, List<string>> errors) => Require.NotBlank(errors, "shareId", ShareId, 64);
    }

    // Authorise, validate, then the service checks the case and acts in one transaction; back to
    // the case (or the case again with the errors). A form with errors is checked alone first, so a
    // case of another tree stays not there and a shared one forbidden, whatever the form says.
    private async Task<IActionResult> ActAsync<T, TValue>(string form, string policy, T body, Func<T, Actor, Task<Outcome<TValue>>> action, Func<T, string> done)
        where T : IValidatedBody
    {
        if (!(await authorization.AuthorizeAsync(User, policy)).Succeeded)
        {
            return Forbid();
        }

        var actor = Me.AsActor();
        body.Validate(Errors);
        var outcome = Errors.Count == 0 ? await action(body, actor)
            : await MayAsync(body, actor) is { IsOk: false } refused ? Outcome<TValue>.Refused(refused.Kind, refused.Reason) : null;
        switch (outcome?.Kind)
        {
            case OutcomeKind.Ok:
                Flash(done(body));
                return LocalRedirect($"/cases/{Uri.EscapeDataString(CaseId)}");
            case OutcomeKind.NotFound:
                return NotFound();
            case OutcomeKind.Forbidden:
                return Forbid();
            case OutcomeKind.Conflict:
                Errors["action"] = [outcome.Reason];
                break;
            case OutcomeKind.Invalid:
                Errors[outcome.Field ?? "action"] = [outcome.Reason];
                break;
        }

        FailedForm = form;
        if (!await LoadAsync())
        {
            return NotFound();
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private Task<Outcome<bool>> MayAsync<T>(T body, Actor actor) => body is CaseEndpoints.CommentRequest comment
        ? cases.MayCommentAsync(actor, CaseId, comment.Visibility ?? "internal", HttpContext.RequestAborted)
        : cases.MayWorkAsync(actor, CaseId, HttpContext.RequestAborted);

    private async Task<bool> LoadAsync()
    {
        var ct = HttpContext.RequestAborted;
        if ((await cases.ReadAsync(Me.AsActor(), CaseId, "page /cases/" + CaseId, ct)).Value is not { } read)
        {
            return false;
        }

        Detail = read.Detail;
        Access = read.Access;
        Tree = read.Tree;
        Owner = Tree.Find(Detail.Case.OwnerAuthorityId);
        Grants = read.Grants;
        MyGrants = read.Access.Grants;
        Notices = read.Notices;
        Exposure = await exposure.OfAsync(read.Detail, BaseYear is >= 1900 and <= 9999 ? BaseYear : null, ct);

        Documents = (await documents.ListOfCaseAsync(Me.AsActor(), CaseId, ct)).Value ?? [];
        MayWork = read.Access.CanWork && (await authorization.AuthorizeAsync(User, Policies.RegulatorAnalyst)).Succeeded;
        MaySupervise = read.Access.CanWork && (await authorization.AuthorizeAsync(User, Policies.RegulatorSupervisor)).Succeeded;
        MayAdminister = read.Access.CanWork && (await authorization.AuthorizeAsync(User, Policies.RegulatorAdmin)).Succeeded;
        RegisterRemovals = (await register.RemovalsAsync(Me.AsActor(), CaseId, ct)).Value ?? [];
        MayComment = read.Access.CanComment && (await authorization.AuthorizeAsync(User, Policies.RegulatorAnalyst)).Succeeded;
        Decisions = (await decisions.ListAsync(Me.AsActor(), CaseId, ct)).Value ?? [];
        var actors = ActorNames.Actors(read)
            .Concat(Decisions.SelectMany(d => new[] { d.Record.Author, d.Record.ApprovedBy }))
            .Concat(RegisterRemovals.Select(r => r.RemovedBy));
        Who = new ActorNames(await keys.NamesAsync(ActorNames.KeyIds(actors), ct));
        return true;
    }
}
