using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PlatformWatch.Application;
using PlatformWatch.Store;

namespace PlatformWatch.ApiTests;

/// <summary>
/// Issue 18, item 2: decisions with four eyes, on SQLite and PostgreSQL. The situation: in the
/// three-tier authorities of authorities.json, two supervisors of samr-ecommerce decide shopco's
/// E-commerce Law case (E-commerce Law Art. 82: RMB 50,000 to 500,000) through the API — a fine
/// out of range refused, the author's own approval refused, a return, an edit, the approval — and
/// other cases show what platforms and other authorities see, and approve against return at once.
/// </summary>
[TestFixture(StoreProvider.Sqlite)]
[TestFixture(StoreProvider.Postgres)]
internal sealed class A_decision_drafted_returned_and_approved_by_two_supervisors(StoreProvider provider)
{
    private static readonly Actor First = Supervisor("first");
    private static readonly Actor Second = Supervisor("second");
    private static readonly Actor Third = Supervisor("third");

    private ApiWorld _world = null!;
    private string _caseId = "";
    private string _decisionId = "";
    private HttpResponseMessage _outOfRange = null!;
    private HttpResponseMessage _authorApproves = null!;
    private HttpResponseMessage _approved = null!;
    private JsonNode _served = null!;

    // The supervisors' names as the API's audit trail records them (their keys).
    private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal);

    private static Actor Supervisor(string name) => new($"key:ecommerce-{name}", ApiRoles.RegulatorSupervisor, "samr-ecommerce", MaySupervise: true);

    [OneTimeSetUp]
    public async Task Decide()
    {
        _world = await ApiWorld.StartAsync(provider, authorities: "authorities.json");
        foreach (var actor in new[] { First, Second })
        {
            var key = await _world.Store.Keys.CreateApiKeyAsync(actor.Name, ApiRoles.RegulatorSupervisor, null, "samr-ecommerce", "test");
            _world.Tokens[actor.Name] = key.Token;
            _names[actor.Name] = "key:" + key.Key.KeyId;
        }

        _caseId = await CaseOfAsync("shopco", "CN-ECL35");
        var findings = await FindingsOfAsync(_caseId);
        using var first = _world.Client(First.Name);
        using var second = _world.Client(Second.Name);
        _outOfRange = await first.PostAsync($"/api/v1/cases/{_caseId}/decisions", Body(findings, 600_000m));
        using var drafted = await first.PostAsync($"/api/v1/cases/{_caseId}/decisions", Body(findings, 300_000m));
        Assert.That(drafted.StatusCode, Is.EqualTo(HttpStatusCode.Created), await drafted.Content.ReadAsStringAsync());
        _decisionId = JsonNode.Parse(await drafted.Content.ReadAsStringAsync())!["decisionId"]!.GetValue<string>();
        var path = $"/api/v1/cases/{_caseId}/decisions/{_decisionId}";
        await Expect(first.PostAsync(path + "/submit", MatrixBodies.Text("{}")), HttpStatusCode.OK);
        _authorApproves = await first.PostAsync(path + "/approve", MatrixBodies.Text("{}"));
        await Expect(second.PostAsync(path + "/return", MatrixBodies.Text("""{"reason":"name the restricted sellers"}""")), HttpStatusCode.OK);
        await Expect(first.PutAsync(path, Body(findings, 250_000.50m)), HttpStatusCode.OK);
        await Expect(first.PostAsync(path + "/submit", MatrixBodies.Text("{}")), HttpStatusCode.OK);
        _approved = await second.PostAsync(path + "/approve", MatrixBodies.Text("""{"note":"checked against the exposure"}"""));
        _served = JsonNode.Parse(await _approved.Content.ReadAsStringAsync())!;
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        foreach (var response in new[] { _outOfRange, _authorApproves, _approved })
        {
            response?.Dispose();
        }

        await _world.DisposeAsync();
    }

    [Test]
    public async Task Should_refuse_a_fine_outside_the_legal_range_naming_the_range()
    {
        var problem = JsonNode.Parse(await _outOfRange.Content.ReadAsStringAsync())!;
        Assert.Multiple(() =>
        {
            Assert.That(_outOfRange.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(problem["errors"]!["fine"]![0]!.GetValue<string>(), Does.Contain("600,000 CNY is outside the legal range 50,000 to 500,000 CNY").And.Contain("Art. 82"));
        });
    }

    [Test]
    public async Task Should_refuse_the_author_approving_the_decision()
    {
        var problem = JsonNode.Parse(await _authorApproves.Content.ReadAsStringAsync())!;
        Assert.Multiple(() =>
        {
            Assert.That(_authorApproves.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(problem["detail"]!.GetValue<string>(), Does.Contain("a second supervisor, not its author"));
        });
    }

    [Test]
    public void Should_serve_the_approved_decision_with_its_exact_fine()
    {
        Assert.Multiple(() =>
        {
            Assert.That(_approved.StatusCode, Is.EqualTo(HttpStatusCode.OK), _served.ToJsonString());
            Assert.That(_served["status"]!.GetValue<string>(), Is.EqualTo("served"));
            Assert.That(_served["fine"]!["amount"]!.GetValue<decimal>(), Is.EqualTo(250_000.50m));
            Assert.That(_served["fine"]!["legalRange"]!["max"]!.GetValue<decimal>(), Is.EqualTo(500_000m));
            Assert.That(_served["author"]!.GetValue<string>(), Is.EqualTo(_names[First.Name]));
            Assert.That(_served["approvedBy"]!.GetValue<string>(), Is.EqualTo(_names[Second.Name]));
        });
    }

    [Test]
    public async Task Should_close_the_case_with_the_decisions_outcome()
    {
        var closed = (await _world.Store.Cases.GetAsync(_caseId))!.Case;
        Assert.Multiple(() =>
        {
            Assert.That(closed.Status, Is.EqualTo("closed"));
            Assert.That(closed.Outcome, Is.EqualTo("penalty-referral"));
        });
    }

    [Test]
    public async Task Should_record_every_step_in_the_case_audit_trail()
    {
        var audit = (await _world.Store.Cases.GetAsync(_caseId))!.Audit;
        var steps = audit.Where(a => a.Action.StartsWith("decision-", StringComparison.Ordinal) || a.Action == "transitioned").Select(a => $"{a.Action} {a.Actor}").ToList();
        var (broken, _, _) = await _world.Store.Cases.VerifyAuditAsync();
        Assert.Multiple(() =>
        {
            Assert.That(steps, Is.EqualTo(new[]
            {
                $"decision-drafted {_names[First.Name]}", $"decision-submitted {_names[First.Name]}", $"decision-returned {_names[Second.Name]}", $"decision-edited {_names[First.Name]}",
                $"decision-submitted {_names[First.Name]}", $"decision-approved {_names[Second.Name]}", $"decision-served {_names[Second.Name]}", $"transitioned {_names[Second.Name]}",
            }));
            Assert.That(broken, Is.Null, "the hash chain verifies");
        });
    }

    [Test]
    public async Task Should_announce_the_service_through_the_outbox()
    {
        var message = (await _world.Store.Outbox.ListAsync()).Single(m => m.MessageType == "DecisionServed" && JsonNode.Parse(m.Body)!["decisionId"]!.GetValue<string>() == _decisionId);
        var body = JsonNode.Parse(message.Body)!;
        Assert.Multiple(() =>
        {
            Assert.That(message.MessageId, Is.EqualTo(OutboundContracts.MessageId($"decision:{_decisionId}").ToString("D")));
            Assert.That(body["platformId"]!.GetValue<string>(), Is.EqualTo("shopco"));
            Assert.That(body["outcome"]!.GetValue<string>(), Is.EqualTo("penalty-referral"));
            Assert.That(body["fine"]!["amount"]!.GetValue<decimal>(), Is.EqualTo(250_000.50m));
        });
    }

    [Test]
    public async Task Should_show_a_platform_its_own_served_decisions_and_none_of_another_nor_drafts()
    {
        var service = _world.Services.GetRequiredService<DecisionService>();
        var other = await ServeAsync(service, await CaseOfAsync("bargainly", "CN-ECL19"));
        var dealmartCase = await CaseOfAsync("dealmart", "CN-AML24");
        var draft = await service.DraftAsync(First, dealmartCase, Draft(await FindingsOfAsync(dealmartCase), "warning"), CancellationToken.None);
        Assert.That(draft.IsOk, Is.True, draft.Reason);
        using var shopco = await PlatformClientAsync("shopco");
        using var dealmart = await PlatformClientAsync("dealmart");

        var own = JsonNode.Parse(await shopco.GetStringAsync("/api/v1/platform/decisions"))!["items"]!.AsArray();
        using var another = await shopco.GetAsync($"/api/v1/platform/decisions/{other}");
        using var ownOne = await shopco.GetAsync($"/api/v1/platform/decisions/{_decisionId}");
        var drafts = JsonNode.Parse(await dealmart.GetStringAsync("/api/v1/platform/decisions"))!["items"]!.AsArray();
        using var draftRead = await dealmart.GetAsync($"/api/v1/platform/decisions/{draft.Value!.Record.DecisionId}");
        Assert.Multiple(async () =>
        {
            Assert.That(own.Select(d => d!["decisionId"]!.GetValue<string>()), Does.Contain(_decisionId).And.Not.Contain(other));
            Assert.That(own.Select(d => d!["platformId"]!.GetValue<string>()), Is.All.EqualTo("shopco"));
            Assert.That(own[0]!.AsObject().ContainsKey("author") || own[0]!.AsObject().ContainsKey("approvedBy"), Is.False, "regulators' names stay with the regulators");
            Assert.That(ownOne.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(another.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), await another.Content.ReadAsStringAsync());
            Assert.That(drafts.Select(d => d!["decisionId"]!.GetValue<string>()), Does.Not.Contain(draft.Value!.Record.DecisionId), "a draft is not served");
            Assert.That(drafts.Select(d => d!["status"]!.GetValue<string>()), Is.All.EqualTo("served"));
            Assert.That(draftRead.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        });
    }

    [Test]
    public async Task Should_not_show_another_authoritys_supervisor_the_case()
    {
        var caseId = await CaseOfAsync("shopco", "CN-AML22");
        var token = (await _world.Store.Keys.CreateApiKeyAsync("ec supervisor", ApiRoles.RegulatorSupervisor, null, "ec", "test")).Token;
        _world.Tokens["ec-supervisor"] = token;
        using var ec = _world.Client("ec-supervisor");

        using var drafted = await ec.PostAsync($"/api/v1/cases/{caseId}/decisions", Draft(await FindingsOfAsync(caseId), "warning", fine: null));
        using var listed = await ec.GetAsync($"/api/v1/cases/{caseId}/decisions");
        Assert.Multiple(async () =>
        {
            Assert.That(drafted.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), await drafted.Content.ReadAsStringAsync());
            Assert.That(listed.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(await _world.Store.InTransactionAsync(s => s.Decisions.OfCaseAsync(caseId)), Is.Empty);
        });
    }

    // Issue 19: the served decision in the page's language: its fine as money is written in that
    // language (Formats.Money), the legal range's provision cited in Chinese on a Chinese page; the
    // case file's decision section labelled in the file's language.
    private async Task<(string Case, string Portal, string Publication)> DecisionPagesAsync(string language)
    {
        using var regulator = _world.PageClient();
        using var portal = _world.PageClient();
        using var reader = _world.PageClient();
        foreach (var client in new[] { regulator, portal, reader })
        {
            using var switched = await client.GetAsync("/signin?lang=" + language);
        }

        await Pages.SignInAsync(regulator, _world.Tokens[First.Name]);
        await Pages.SignInAsync(portal, (await _world.Store.Keys.CreateApiKeyAsync("shopco portal " + language, ApiRoles.Platform, "shopco", "test")).Token);
        return (WebUtility.HtmlDecode(await regulator.GetStringAsync($"/cases/{_caseId}")),
            WebUtility.HtmlDecode(await portal.GetStringAsync($"/portal/decisions/{_decisionId}")),
            WebUtility.HtmlDecode(await reader.GetStringAsync($"/register/{_decisionId}")));
    }

    [Test]
    public async Task Should_cite_the_fines_provision_in_chinese_and_write_its_money_in_full_on_the_chinese_pages()
    {
        var (casePage, portal, publication) = await DecisionPagesAsync("zh-CN");
        Assert.Multiple(() =>
        {
            Assert.That(casePage, Does.Contain(">¥250,000.50；法定幅度 ¥50,000.00 至 ¥500,000.00（一般；《中华人民共和国电子商务法》第八十二条）</dd>"));
            Assert.That(casePage, Does.Not.Contain("legal range"));
            Assert.That(portal, Does.Contain(">¥250,000.50</dd>"));
            Assert.That(publication, Does.Contain("《中华人民共和国电子商务法》第八十二条"), "the register's law applied");
            Assert.That(publication, Does.Not.Contain("E-commerce Law Art."), "no provision cited in English");
        });
    }

    [Test]
    public async Task Should_keep_the_fines_provision_in_english_on_the_english_pages()
    {
        var (casePage, portal, publication) = await DecisionPagesAsync("en");
        Assert.Multiple(() =>
        {
            Assert.That(casePage, Does.Contain(">¥250,000.50; legal range ¥50,000.00 to ¥500,000.00 (ordinary; E-commerce Law Art. 82)</dd>"));
            Assert.That(portal, Does.Contain(">¥250,000.50</dd>"));
            Assert.That(publication, Does.Contain("E-commerce Law Art. 82"));
            Assert.That(publication, Does.Not.Contain("第八十二条"));
        });
    }

    [TestCase("zh-CN", new[] { "状态：served，已于", "处理结果：penalty-referral", "查明的事实：", "罚款：250,000.5 CNY；法定幅度 50,000 CNY 至", "（ordinary；《中华人民共和国电子商务法》第八十二条）", "起草：", "批准：" }, new[] { "Facts found:", "Rectification orders:", "legal range", "；E-commerce Law Art. 82）" })]
    [TestCase("en", new[] { "Status: served, served on the platform", "Facts found: ", "Fine: 250,000.5 CNY; legal range 50,000 CNY to 500,000 CNY (ordinary; E-commerce Law Art. 82)", "Drafted: " }, new[] { "查明的事实", "第八十二条" })]
    public async Task Should_label_the_decision_in_the_case_files_language(string language, string[] present, string[] absent)
    {
        using var client = _world.Client(First.Name);
        client.DefaultRequestHeaders.Add("Accept-Language", language);
        using var answer = await client.GetAsync($"/api/v1/cases/{_caseId}/file");
        Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.OK), await answer.Content.ReadAsStringAsync());
        var text = PdfText.Unicode(await answer.Content.ReadAsByteArrayAsync());
        Assert.Multiple(() =>
        {
            foreach (var expected in present)
            {
                Assert.That(text, Does.Contain(expected), expected);
            }

            foreach (var unexpected in absent)
            {
                Assert.That(text, Does.Not.Contain(unexpected), unexpected);
            }
        });
    }

    /// <summary>The pages: the author drafts and submits on the case page, the second supervisor approves there, the platform reads it in its portal.</summary>
    [Test]
    public async Task Should_decide_through_the_case_page_and_show_the_decision_in_the_portal()
    {
        var caseId = await CaseOfAsync("shopco", "CN-AML24");
        var finding = (await FindingsOfAsync(caseId))[0];
        var page = $"/cases/{caseId}";
        using var first = _world.PageClient();
        using var second = _world.PageClient();
        using var portal = _world.PageClient();
        await Pages.SignInAsync(first, _world.Tokens[First.Name]);
        await Pages.SignInAsync(second, _world.Tokens[Second.Name]);
        await Pages.SignInAsync(portal, (await _world.Store.Keys.CreateApiKeyAsync("shopco portal", ApiRoles.Platform, "shopco", "test")).Token);

        var form = await first.GetStringAsync(page);
        using var drafted = await Pages.PostFormAsync(first, page + "?handler=DraftDecision", new()
        {
            ["FindingIds"] = finding, ["Facts"] = "Sole seller of the market.", ["LegalBasis"] = "AML 2008 Art. 17", ["Outcome"] = "rectification-ordered",
            ["Orders"] = "2027-06-30 Open the marketplace to other sellers.", ["Reasons"] = "As found.",
        });
        var decisionId = (await _world.Store.InTransactionAsync(s => s.Decisions.OfCaseAsync(caseId))).Single().DecisionId;
        using var submitted = await Pages.PostFormAsync(first, page + "?handler=SubmitDecision", new() { ["decisionId"] = decisionId });
        var forSecond = await second.GetStringAsync(page);
        using var approved = await Pages.PostFormAsync(second, page + "?handler=ApproveDecision", new() { ["decisionId"] = decisionId });
        var list = await portal.GetStringAsync("/portal");
        var served = await portal.GetStringAsync($"/portal/decisions/{decisionId}");
        Assert.Multiple(async () =>
        {
            Assert.That(form, Does.Contain("data-testid=\"decision-form\""), "a supervisor gets the draft form");
            Assert.That(new[] { drafted.StatusCode, submitted.StatusCode, approved.StatusCode }, Is.All.EqualTo(HttpStatusCode.Redirect));
            Assert.That(forSecond, Does.Contain("data-testid=\"approve-form\"").And.Contain("data-testid=\"return-form\""), "the second supervisor approves or returns");
            Assert.That((await _world.Store.Cases.GetAsync(caseId))!.Case.Outcome, Is.EqualTo("rectification-ordered"));
            Assert.That(list, Does.Contain(decisionId));
            Assert.That(served, Does.Contain("Open the marketplace to other sellers.").And.Contain("rectification-ordered"));
        });
    }

    /// <summary>A cooperating authority whose share withholds the internal work sees the served decision, not how it was drafted.</summary>
    [Test]
    public async Task Should_withhold_the_drafting_from_a_partner_whose_share_withholds_the_internal_work()
    {
        var cac = new Actor("key:cac-supervisor", ApiRoles.RegulatorSupervisor, "cac", MaySupervise: true);
        var shared = await _world.Services.GetRequiredService<CaseService>().ShareAsync(First, _caseId, "cac", "read", withholdInternal: true, "the platform's data practices", CancellationToken.None);
        Assert.That(shared.IsOk, Is.True, shared.Reason);

        var listed = await _world.Services.GetRequiredService<DecisionService>().ListAsync(cac, _caseId, CancellationToken.None);
        var read = await _world.Services.GetRequiredService<CaseService>().ReadAsync(cac, _caseId, "test", CancellationToken.None);
        var steps = read.Value!.Detail.Audit.Where(a => a.Action.StartsWith("decision-", StringComparison.Ordinal))
            .ToDictionary(a => $"{a.Action} {a.Seq}", a => JsonNode.Parse(a.Details)!["withheld"]?.GetValue<bool>() == true);
        Assert.Multiple(() =>
        {
            Assert.That(listed.Value!.Select(d => d.Record.Status), Is.EqualTo(new[] { "served" }));
            Assert.That(steps.Where(s => s.Key.StartsWith("decision-drafted", StringComparison.Ordinal) || s.Key.StartsWith("decision-edited", StringComparison.Ordinal) || s.Key.StartsWith("decision-returned", StringComparison.Ordinal)).Select(s => s.Value), Is.All.True);
            Assert.That(steps.Where(s => s.Key.StartsWith("decision-served", StringComparison.Ordinal)).Select(s => s.Value), Is.EqualTo(new[] { false }));
        });
    }

    /// <summary>Approving and returning one submitted decision at once: one of them happens, the other finds it no longer submitted.</summary>
    [Test]
    public async Task Should_let_one_of_an_approval_and_a_return_given_at_once_happen()
    {
        var service = _world.Services.GetRequiredService<DecisionService>();
        var caseId = await CaseOfAsync("dealmart", "CN-AML26");
        var drafted = await service.DraftAsync(First, caseId, Draft(await FindingsOfAsync(caseId), "warning"), CancellationToken.None);
        Assert.That(drafted.IsOk, Is.True, drafted.Reason);
        var id = drafted.Value!.Record.DecisionId;
        Assert.That((await service.SubmitAsync(First, caseId, id, null, CancellationToken.None)).IsOk, Is.True);

        var both = await Task.WhenAll(
            service.ApproveAsync(Second, caseId, id, null, CancellationToken.None),
            service.ReturnAsync(Third, caseId, id, "not yet", CancellationToken.None));

        var stored = (await _world.Store.InTransactionAsync(s => s.Decisions.OfCaseAsync(caseId))).Single();
        var closed = (await _world.Store.Cases.GetAsync(caseId))!.Case.Status == "closed";
        Assert.Multiple(() =>
        {
            Assert.That(both.Select(o => o.Kind).Order(), Is.EqualTo(new[] { OutcomeKind.Ok, OutcomeKind.Conflict }));
            Assert.That(both.Single(o => !o.IsOk).Reason, Does.Contain("only a submitted decision"));
            Assert.That(stored.Status, Is.EqualTo(both[0].IsOk ? "served" : "draft"));
            Assert.That(closed, Is.EqualTo(both[0].IsOk), "the case is closed exactly when the approval won");
        });
    }

    /// <summary>Two supervisors drafting on one case at once: one draft, the other refused; nobody but the author edits or submits it.</summary>
    [Test]
    public async Task Should_keep_one_decision_in_work_per_case_and_leave_it_to_its_author()
    {
        var service = _world.Services.GetRequiredService<DecisionService>();
        var caseId = await CaseOfAsync("shopco", "CN-AML26");
        var findings = await FindingsOfAsync(caseId);

        var both = await Task.WhenAll(
            service.DraftAsync(First, caseId, Draft(findings, "warning"), CancellationToken.None),
            service.DraftAsync(Second, caseId, Draft(findings, "no-violation"), CancellationToken.None));
        var drafted = both.Single(o => o.IsOk).Value!;
        var edited = await service.EditAsync(drafted.Record.Author == First.Name ? Second : First, caseId, drafted.Record.DecisionId, Draft(findings, "warning"), CancellationToken.None);
        var submitted = await service.SubmitAsync(drafted.Record.Author == First.Name ? Second : First, caseId, drafted.Record.DecisionId, null, CancellationToken.None);
        Assert.Multiple(async () =>
        {
            Assert.That(both.Select(o => o.Kind).Order(), Is.EqualTo(new[] { OutcomeKind.Ok, OutcomeKind.Conflict }));
            Assert.That(both.Single(o => !o.IsOk).Reason, Does.Contain("in work"));
            Assert.That(await _world.Store.InTransactionAsync(s => s.Decisions.OfCaseAsync(caseId)), Has.Count.EqualTo(1));
            Assert.That((edited.Kind, submitted.Kind), Is.EqualTo((OutcomeKind.Forbidden, OutcomeKind.Forbidden)));
            Assert.That(edited.Reason, Does.Contain("only its author edits it"));
        });
    }

    /// <summary>
    /// A decision in work can be discarded with a reason by another supervisor (its author gone must not
    /// block the case): kept as discarded, audited, and the case can be decided anew; a served one never.
    /// </summary>
    [Test]
    public async Task Should_discard_a_decision_in_work_so_the_case_can_be_decided_anew()
    {
        var service = _world.Services.GetRequiredService<DecisionService>();
        // A case of another authority, which no other test of this fixture decides, with two supervisors of its own.
        var caseId = (await _world.Store.Cases.ListAsync(new CaseQuery { PlatformId = "quickbite", Limit = 100 })).First(c => c.Status != "closed").CaseId;
        var author = new Actor("key:mobility-author", ApiRoles.RegulatorSupervisor, "samr-mobility", MaySupervise: true);
        _world.Tokens["mobility-other"] = (await _world.Store.Keys.CreateApiKeyAsync("mobility-other", ApiRoles.RegulatorSupervisor, null, "samr-mobility", "test")).Token;
        var findings = await FindingsOfAsync(caseId);
        var drafted = await service.DraftAsync(author, caseId, Draft(findings, "warning"), CancellationToken.None);
        Assert.That(drafted.IsOk, Is.True, drafted.Reason);
        var id = drafted.Value!.Record.DecisionId;
        using var second = _world.Client("mobility-other");
        using var discarded = await second.PostAsync($"/api/v1/cases/{caseId}/decisions/{id}/discard", MatrixBodies.Text("""{"reason":"its author moved to another unit"}"""));
        var body = await discarded.Content.ReadAsStringAsync();
        var again = await service.DraftAsync(author, caseId, Draft(findings, "no-violation"), CancellationToken.None);
        using var twice = await second.PostAsync($"/api/v1/cases/{caseId}/decisions/{id}/discard", MatrixBodies.Text("""{"reason":"again"}"""));
        var audit = (await _world.Store.Cases.GetAsync(caseId))!.Audit;
        Assert.Multiple(() =>
        {
            Assert.That(discarded.StatusCode, Is.EqualTo(HttpStatusCode.OK), body);
            Assert.That(JsonNode.Parse(body)!["status"]!.GetValue<string>(), Is.EqualTo("discarded"));
            Assert.That(again.IsOk, Is.True, "a new decision can be drafted: " + again.Reason);
            Assert.That(twice.StatusCode, Is.EqualTo(HttpStatusCode.Conflict), "a discarded decision is not discarded again");
            Assert.That(audit.Select(a => a.Action), Does.Contain("decision-discarded"));
            Assert.That(audit.Single(a => a.Action == "decision-discarded").Details, Does.Contain("its author moved to another unit"));
        });

        using var ecommerce = _world.Client(Second.Name);
        using var served = await ecommerce.PostAsync($"/api/v1/cases/{_caseId}/decisions/{_decisionId}/discard", MatrixBodies.Text("""{"reason":"too late"}"""));
        Assert.That(served.StatusCode, Is.EqualTo(HttpStatusCode.Conflict), "a served decision is never discarded");
    }

    private async Task<string> ServeAsync(DecisionService service, string caseId)
    {
        var drafted = await service.DraftAsync(First, caseId, Draft(await FindingsOfAsync(caseId), "warning"), CancellationToken.None);
        Assert.That(drafted.IsOk, Is.True, drafted.Reason);
        var id = drafted.Value!.Record.DecisionId;
        Assert.That((await service.SubmitAsync(First, caseId, id, null, CancellationToken.None)).IsOk, Is.True);
        var approved = await service.ApproveAsync(Second, caseId, id, null, CancellationToken.None);
        Assert.That(approved.IsOk, Is.True, approved.Reason);
        return id;
    }

    private async Task<HttpClient> PlatformClientAsync(string platformId)
    {
        var token = (await _world.Store.Keys.CreateApiKeyAsync(platformId, ApiRoles.Platform, platformId, "test")).Token;
        _world.Tokens[platformId] = token;
        return _world.Client(platformId);
    }

    private async Task<string> CaseOfAsync(string platformId, string familyPrefix) =>
        (await _world.Store.Cases.ListAsync(new CaseQuery { PlatformId = platformId, Limit = 100 }))
            .First(c => c.Family.StartsWith(familyPrefix, StringComparison.Ordinal) && c.Status != "closed").CaseId;

    private async Task<List<string>> FindingsOfAsync(string caseId) =>
        [.. (await _world.Store.Cases.GetAsync(caseId))!.Findings.Where(f => f.IsActive).Select(f => f.FindingId)];

    private static DecisionDraft Draft(IReadOnlyList<string> findings, string outcome) => new()
    {
        FindingIds = findings,
        Facts = "The platform restricted its sellers.",
        LegalBasis = "E-commerce Law Art. 35",
        Outcome = outcome,
        Reasons = "As found.",
    };

    private static StringContent Body(IReadOnlyList<string> findings, decimal amount) => Draft(findings, "penalty-referral", new JsonObject { ["amount"] = amount, ["currency"] = "CNY" });

    private static StringContent Draft(IReadOnlyList<string> findings, string outcome, JsonObject? fine)
    {
        var body = new JsonObject
        {
            ["findingIds"] = new JsonArray([.. findings.Select(f => (JsonNode?)f)]),
            ["facts"] = "The platform restricted its sellers' use of other platforms.",
            ["legalBasis"] = "E-commerce Law Art. 35, Art. 82",
            ["outcome"] = outcome,
            ["reasons"] = "As found.",
            ["orders"] = new JsonArray(new JsonObject { ["order"] = "Lift the restrictions.", ["deadline"] = "2027-03-31" }),
        };
        if (fine is not null)
        {
            body["fine"] = fine;
        }

        return MatrixBodies.Text(body.ToJsonString());
    }

    private static async Task Expect(Task<HttpResponseMessage> sent, HttpStatusCode status)
    {
        using var response = await sent;
        Assert.That(response.StatusCode, Is.EqualTo(status), await response.Content.ReadAsStringAsync());
    }
}
