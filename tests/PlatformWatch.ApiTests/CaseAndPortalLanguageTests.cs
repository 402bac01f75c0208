using System.Net;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using PlatformWatch.Store;

namespace PlatformWatch.ApiTests;

/// <summary>
/// The case page and the platform's portal in both languages (issue 19, docs/i18n.md): with a
/// notice, an answer marked a business secret, documents, comments and decisions present, each page
/// rendered for <c>Accept-Language: zh-CN</c> shows none of the English texts of the resource keys
/// of these pages (the block <c>area: case page, decisions, portal, documents</c>) and the Chinese of
/// every one of them the English page shows; rendered in English, none of their Chinese. Only the
/// visible text counts (not attributes, not the law's citation and quote, which another part
/// translates, not the raw JSON shown in <c>pre</c>).
/// </summary>
[TestFixture]
internal sealed partial class The_case_page_and_the_portal_in_both_languages
{
    private const string Area = "area: case page, decisions, portal, documents";

    private ApiWorld _world = null!;
    private HttpClient _supervisor = null!;
    private HttpClient _second = null!;
    private HttpClient _viewer = null!;
    private HttpClient _platform = null!;
    private HttpClient _coop = null!;
    private string _case = "";
    private string _referred = "";
    private string _submitted = "";
    private string _open = "";
    private string _decided = "";
    private string _notice = "";
    private string _decision = "";
    private readonly Dictionary<string, string> _flashes = new(StringComparer.Ordinal);

    [OneTimeSetUp]
    public async Task Work_a_case_in_chinese()
    {
        _world = await ApiWorld.StartAsync();
        await _world.SetAuthoritiesAsync(ApiWorld.SharingTree);
        _supervisor = await SignedInAsync(_world.Tokens[ApiRoles.RegulatorSupervisor]);
        _second = await SignedInAsync((await _world.Store.Keys.CreateApiKeyAsync("second supervisor", ApiRoles.RegulatorSupervisor, null, "test")).Token);
        _viewer = await SignedInAsync(_world.Tokens[ApiRoles.RegulatorViewer]);
        _platform = await SignedInAsync(_world.Tokens[ApiRoles.Platform]);
        _coop = await SignedInAsync((await _world.Store.Keys.CreateApiKeyAsync("coop analyst", ApiRoles.RegulatorAnalyst, null, "coop", "test")).Token);
        foreach (var client in new[] { _supervisor, _second, _viewer, _platform, _coop })
        {
            client.DefaultRequestHeaders.Add("Accept-Language", "zh-CN");
        }

        var fresh = (await _world.Store.Cases.ListAsync(new CaseQuery { PlatformId = ApiWorld.PlatformA, Status = "new", Limit = 20 }))
            .Where(c => c.CaseId != _world.CaseA).Select(c => c.CaseId).ToList();
        (_case, _decided, _referred, _submitted) = (fresh[0], fresh[1], fresh[2], fresh[3]);
        var page = $"/cases/{Uri.EscapeDataString(_case)}";

        await FlashAsync(_supervisor, page, "moved", page + "?handler=Transition", new() { ["to"] = "investigating" });
        await FlashAsync(_supervisor, page, "notice", page + "?handler=Notice", new()
        {
            ["text"] = "请于限期内说明自营商品排序依据。",
            ["responseDueOn"] = DateTime.UtcNow.AddDays(14).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        });
        _notice = Field("noticeId").Match(await _supervisor.GetStringAsync(page)).Groups[1].Value;
        using (var attached = await Pages.PostFileAsync(_supervisor, page + "?handler=Attach", new() { ["noticeId"] = _notice }, "letter.pdf", MatrixBodies.Pdf))
        {
            Assert.That(attached.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "the notice's document");
        }

        var notice = $"/portal/notices/{Uri.EscapeDataString(_notice)}";
        await FlashAsync(_platform, notice, "answered", notice, new() { ["text"] = "排序依据详见所附说明。", ["businessSecret"] = "true" });
        var response = Field("responseId").Match(await _platform.GetStringAsync(notice)).Groups[1].Value;
        using (var attached = await Pages.PostFileAsync(_platform, notice + "?handler=Attach", new() { ["responseId"] = response, ["businessSecret"] = "true" }, "ranking.pdf", MatrixBodies.Pdf))
        {
            Assert.That(attached.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "the answer's document");
        }

        await FlashAsync(_supervisor, page, "internal", page + "?handler=Comment", new() { ["text"] = "请核对排序数据。", ["visibility"] = "internal" });
        await FlashAsync(_supervisor, page, "assigned", page + "?handler=Assign", new() { ["assignee"] = "analyst.li", ["dueAt"] = "2099-01-31" });
        await FlashAsync(_supervisor, page, "shared", page + "?handler=Share", new() { ["authority"] = "coop", ["access"] = "comment", ["withholdInternal"] = "true", ["reason"] = "联合调查。" });
        await FlashAsync(_supervisor, page, "shared east", page + "?handler=Share", new() { ["authority"] = "root-east", ["access"] = "read", ["withholdInternal"] = "false", ["reason"] = "知悉。" });
        var east = (await _world.Store.Authorities.ListCaseAccessAsync(_case)).Single(g => g.AuthorityId == "root-east").AccessId;
        await FlashAsync(_supervisor, page, "revoked", page + "?handler=RevokeShare", new() { ["shareId"] = east });
        var referred = $"/cases/{Uri.EscapeDataString(_referred)}";
        await FlashAsync(_supervisor, referred, "referred", referred + "?handler=Refer", new() { ["to"] = "coop", ["reason"] = "属于协作机构管辖。" });
        await FlashAsync(_supervisor, page, "drafted", page + "?handler=DraftDecision", DecisionForm(_case, "rectification-ordered"));

        var decided = $"/cases/{Uri.EscapeDataString(_decided)}";
        await FlashAsync(_supervisor, decided, "decided", decided + "?handler=DraftDecision", DecisionForm(_decided, "warning"));
        _decision = (await _world.Store.InTransactionAsync(s => s.Decisions.OfCaseAsync(_decided))).Single().DecisionId;
        await FlashAsync(_supervisor, decided, "submitted", decided + "?handler=SubmitDecision", new() { ["decisionId"] = _decision });
        await FlashAsync(_second, decided, "approved", decided + "?handler=ApproveDecision", new() { ["decisionId"] = _decision });
        using (var admin = await SignedInAsync(_world.Tokens[ApiRoles.RegulatorAdmin]))
        {
            admin.DefaultRequestHeaders.Add("Accept-Language", "zh-CN");
            await FlashAsync(admin, decided, "withdrawn", decided + "?handler=RemovePublication", new() { ["decisionId"] = _decision, ["removal"] = "withdrawn", ["reason"] = "经复议改变。" });
        }

        // A decision returned once and submitted again, and a notice not answered yet.
        var submitted = $"/cases/{Uri.EscapeDataString(_submitted)}";
        await FlashAsync(_supervisor, submitted, "drafted again", submitted + "?handler=DraftDecision", DecisionForm(_submitted, "no-violation"));
        var again = (await _world.Store.InTransactionAsync(s => s.Decisions.OfCaseAsync(_submitted))).Single().DecisionId;
        await FlashAsync(_supervisor, submitted, "submitted once", submitted + "?handler=SubmitDecision", new() { ["decisionId"] = again });
        await FlashAsync(_second, submitted, "returned", submitted + "?handler=ReturnDecision", new() { ["decisionId"] = again, ["reason"] = "请补充论证。" });
        await FlashAsync(_supervisor, submitted, "transition", submitted + "?handler=Transition", new() { ["to"] = "investigating" });
        await FlashAsync(_supervisor, submitted, "second notice", submitted + "?handler=Notice", new()
        {
            ["text"] = "请补充说明。",
            ["responseDueOn"] = DateTime.UtcNow.AddDays(14).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        });
        _open = Field("noticeId").Match(await _supervisor.GetStringAsync(submitted)).Groups[1].Value;

        await FlashAsync(_platform, "/portal", "filed", "/portal/reports/new", new()
        {
            ["Form.ReportId"] = "zh-report-1", ["Form.ReportType"] = "dma-art11-compliance", ["Form.Jurisdiction"] = "EU",
            ["Form.PeriodStart"] = "2025-01-01", ["Form.PeriodEnd"] = "2025-12-31",
            ["Form.SectionNames[0]"] = "ranking", ["Form.SectionTexts[0]"] = "排序规则说明。", ["Form.SecretRows"] = "0",
            ["Form.ClaimObligations[0]"] = "self-preferencing", ["Form.ClaimAssertions[0]"] = "none",
        });
        Assert.That(await _world.WaitForEventAsync($"report:{ApiWorld.PlatformA}:zh-report-1", TimeSpan.FromSeconds(20)), Is.True, "the in-process worker processes the report");
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        foreach (var client in new[] { _supervisor, _second, _viewer, _platform, _coop })
        {
            client?.Dispose();
        }

        await _world.DisposeAsync();
    }

    [TestCase("case, supervisor")]
    [TestCase("case, viewer")]
    [TestCase("decided case")]
    [TestCase("case, cooperating authority")]
    [TestCase("referred case")]
    [TestCase("returned decision, its author")]
    [TestCase("portal open notice")]
    [TestCase("portal")]
    [TestCase("portal notice")]
    [TestCase("portal decision")]
    [TestCase("new report")]
    [TestCase("refused report")]
    public async Task A_page_in_chinese_has_none_of_the_english_texts_and_in_english_none_of_the_chinese(string which)
    {
        var english = Visible(await RenderAsync(which, "en"));
        var chinese = Visible(await RenderAsync(which, "zh-CN"));
        var shown = Shown(english);
        TestContext.Out.WriteLine($"{which}: {shown.Count} keys shown: {string.Join(" ", shown.Select(k => k.Name))}");
        Assert.Multiple(() =>
        {
            Assert.That(shown, Has.Count.GreaterThan(5), "the English page shows the keys' texts");
            foreach (var key in Keys)
            {
                foreach (var fragment in key.English)
                {
                    Assert.That(Contains(chinese, fragment), Is.False, $"{which} in Chinese shows the English of {key.Name}: “{fragment}”");
                }

                foreach (var fragment in key.Chinese)
                {
                    Assert.That(english, Does.Not.Contain(fragment), $"{which} in English shows the Chinese of {key.Name}");
                }
            }

            foreach (var key in shown)
            {
                foreach (var fragment in key.Chinese)
                {
                    Assert.That(chinese, Does.Contain(fragment), $"{which} in Chinese lacks the Chinese of {key.Name}");
                }
            }
        });
    }

    [Test]
    public void The_messages_after_each_action_are_chinese()
    {
        Assert.Multiple(() =>
        {
            Assert.That(_flashes["moved"], Does.Contain("案件状态已变更为：调查中。"));
            Assert.That(_flashes["notice"], Does.Contain("通知书已发出；答复期限为 "));
            Assert.That(_flashes["answered"], Does.Contain("贵方的答复已发送至监管机构。"));
            Assert.That(_flashes["internal"], Does.Contain("内部意见已添加。"));
            Assert.That(_flashes["assigned"], Does.Contain("已指派给 analyst.li。"));
            Assert.That(_flashes["shared"], Does.Contain("案件已共享给 coop，权限：查阅并发表意见，内部意见不予共享。"));
            Assert.That(_flashes["shared east"], Does.Contain("案件已共享给 root-east，权限：查阅。"));
            Assert.That(_flashes["revoked"], Does.Contain("已撤销。"));
            Assert.That(_flashes["referred"], Does.Contain("案件已移送 coop；贵机构保留查阅权限。"));
            Assert.That(_flashes["drafted"], Does.Contain("决定已起草。"));
            Assert.That(_flashes["submitted"], Does.Contain("决定已提交待审批。"));
            Assert.That(_flashes["returned"], Does.Contain("决定已退回起草人。"));
            Assert.That(_flashes["withdrawn"], Does.Contain("公示已撤回。"));
            Assert.That(_flashes["approved"], Does.Contain("决定已批准并送达平台；本案已结案。"));
            Assert.That(_flashes["filed"], Does.Contain("报告 zh-report-1 已提交，处理完毕后显示在列表中。"));
        });
    }

    [Test]
    public async Task The_machine_values_stay_in_the_attributes()
    {
        var casePage = await RenderAsync("case, supervisor", "zh-CN");
        var portal = await RenderAsync("portal", "zh-CN");
        var served = await RenderAsync("portal decision", "zh-CN");
        Assert.Multiple(() =>
        {
            Assert.That(casePage, Does.Contain("data-status=\"platform-responded\">平台已答复<"), "the case's status: the value and the word");
            Assert.That(casePage, Does.Contain("<option value=\"closed\">已结案</option>"), "the workflow's options");
            Assert.That(casePage, Does.Contain("data-status=\"draft\">草稿<").And.Contain("data-outcome=\"rectification-ordered\">— 处理结果：责令改正<"), "the decision's status and outcome");
            Assert.That(portal, Does.Contain("data-status=\"answered\">已答复<").And.Contain("data-outcome=\"warning\">警告<"));
            Assert.That(served, Does.Contain("data-outcome=\"warning\">警告<"));
        });
    }

    private async Task<string> RenderAsync(string which, string language)
    {
        var (client, path) = which switch
        {
            "case, supervisor" => (_supervisor, $"/cases/{Uri.EscapeDataString(_case)}"),
            "case, viewer" => (_viewer, $"/cases/{Uri.EscapeDataString(_case)}"),
            "decided case" => (_supervisor, $"/cases/{Uri.EscapeDataString(_decided)}"),
            "case, cooperating authority" => (_coop, $"/cases/{Uri.EscapeDataString(_case)}"),
            "referred case" => (_supervisor, $"/cases/{Uri.EscapeDataString(_referred)}"),
            "returned decision, its author" => (_supervisor, $"/cases/{Uri.EscapeDataString(_submitted)}"),
            "portal open notice" => (_platform, $"/portal/notices/{Uri.EscapeDataString(_open)}"),
            "portal" => (_platform, "/portal"),
            "portal notice" => (_platform, $"/portal/notices/{Uri.EscapeDataString(_notice)}"),
            "portal decision" => (_platform, $"/portal/decisions/{Uri.EscapeDataString(_decision)}"),
            _ => (_platform, "/portal/reports/new"),
        };
        using var request = new HttpRequestMessage(which == "refused report" ? HttpMethod.Post : HttpMethod.Get, path);
        request.Headers.AcceptLanguage.Clear();
        request.Headers.Add("Accept-Language", language);
        if (which == "refused report")
        {
            var form = await _platform.GetStringAsync(path);
            request.Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = Field("__RequestVerificationToken").Match(form).Groups[1].Value,
                ["Form.ReportId"] = "zh-report-2", ["Form.ReportType"] = "dma-art11-compliance", ["Form.Jurisdiction"] = "EU",
                ["Form.PeriodStart"] = "2025-01-01", ["Form.PeriodEnd"] = "2025-12-31", ["Form.SectionTexts[0]"] = "测试用文字。",
            });
        }

        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(which == "refused report" ? HttpStatusCode.BadRequest : HttpStatusCode.OK), $"{which} ({language})");
        Assert.That(body, Does.Contain($"<html lang=\"{language}\">"));
        return body;
    }

    private static Dictionary<string, string> DecisionForm(string caseId, string outcome) => new()
    {
        ["FindingIds"] = "", ["Facts"] = "经查，当事人对自营商品给予优先排序。", ["LegalBasis"] = "AML 2008 Art. 17",
        ["Outcome"] = outcome, ["Orders"] = "2027-06-30 停止优先排序。", ["Reasons"] = "如上所述。", ["Currency"] = "CNY",
        ["caseId"] = caseId,
    };

    private async Task FlashAsync(HttpClient client, string next, string name, string path, Dictionary<string, string> fields)
    {
        if (fields.TryGetValue("caseId", out var caseId))
        {
            // The decision rests on the case's active findings.
            fields.Remove("caseId");
            fields["FindingIds"] = (await _world.Store.Cases.GetAsync(caseId))!.Findings.First(f => f.IsActive).FindingId;
        }

        using var posted = await Pages.PostFormAsync(client, path, fields);
        Assert.That(posted.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), $"{name}: {await posted.Content.ReadAsStringAsync()}");
        _flashes[name] = await client.GetStringAsync(next);
    }

    private async Task<HttpClient> SignedInAsync(string token)
    {
        var client = _world.PageClient();
        await Pages.SignInAsync(client, token);
        return client;
    }

    // The keys of this part, their texts cut at the placeholders into the fragments a page shows.
    private static readonly IReadOnlyList<(string Name, string[] English, string[] Chinese)> Keys = LoadKeys();

    private static List<(string Name, string[] English, string[] Chinese)> LoadKeys()
    {
        var folder = Path.Combine(Configuration_reference.RepositoryRoot(), "services", "PlatformWatch.Api", "Resources");
        var english = Block(Path.Combine(folder, "UiText.resx"));
        var chinese = Block(Path.Combine(folder, "UiText.zh-CN.resx"));
        return [.. english.Select(e => (e.Key, Fragments(e.Value, Latin()), Fragments(chinese[e.Key], Cjk()).Where(f => f.Length > 1).ToArray()))];
    }

    // The entries after this part's area comment, up to the next area comment.
    private static Dictionary<string, string> Block(string path)
    {
        var entries = new Dictionary<string, string>(StringComparer.Ordinal);
        var inside = false;
        foreach (var node in XDocument.Load(path).Root!.Nodes())
        {
            if (node is XComment comment)
            {
                inside = comment.Value.Trim().StartsWith(Area, StringComparison.Ordinal);
            }
            else if (inside && node is XElement { Name.LocalName: "data" } data)
            {
                entries[(string)data.Attribute("name")!] = (string?)data.Element("value") ?? "";
            }
        }

        Assert.That(entries, Has.Count.GreaterThan(100), path);
        return entries;
    }

    private static string[] Fragments(string text, Regex letters) =>
        [.. Regex.Split(text, @"\{\d+\}").Select(f => f.Trim(' ', '(', ')', ';', ':', ',', '.', '—', '（', '）', '；', '：', '，', '。')).Where(f => letters.IsMatch(f))];

    // The keys whose English the page shows: the longest texts first, each taken out once found, so
    // that a word is not counted again inside a longer text that holds it ("comment" in "Add comment").
    // Every key of the resources counts here (a text of another part may hold a word of this one).
    private static List<(string Name, string[] English, string[] Chinese)> Shown(string text)
    {
        var found = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var fragment in All.Values.SelectMany(f => f).Distinct(StringComparer.Ordinal).OrderByDescending(f => f.Length))
        {
            var pattern = Whole(fragment);
            if (pattern.IsMatch(text))
            {
                foreach (var name in All.Where(k => k.Value.Contains(fragment, StringComparer.Ordinal)).Select(k => k.Key))
                {
                    found[name] = found.GetValueOrDefault(name) + 1;
                }

                text = pattern.Replace(text, "\u0001");
            }
        }

        return [.. Keys.Where(k => k.English.Length > 0 && found.GetValueOrDefault(k.Name) == k.English.Distinct(StringComparer.Ordinal).Count())];
    }

    private static readonly Dictionary<string, string[]> All = XDocument.Load(Path.Combine(Configuration_reference.RepositoryRoot(), "services", "PlatformWatch.Api", "Resources", "UiText.resx"))
        .Root!.Elements("data").ToDictionary(d => (string)d.Attribute("name")!, d => Fragments((string?)d.Element("value") ?? "", Latin()).Distinct(StringComparer.Ordinal).ToArray(), StringComparer.Ordinal);

    private static Regex Whole(string fragment) => new($@"(?<![\p{{L}}\-:/]){Regex.Escape(fragment)}(?![\p{{L}}\-/]|:\S)");

    private static bool Contains(string text, string fragment) => Whole(fragment).IsMatch(text);

    // What a reader sees: the body without scripts, the law's text and the timeline (translated elsewhere, with the notes people wrote) and raw JSON; tags removed, entities decoded.
    private static string Visible(string html)
    {
        var body = Hidden().Replace(html, " ");
        return WebUtility.HtmlDecode(Regex.Replace(Tag().Replace(body, " "), @"\s+", " "));
    }

    [GeneratedRegex(@"<head>.*?</head>|<script.*?</script>|<pre[^>]*>.*?</pre>|<aside class=""legal-basis"".*?</aside>|<ol class=""timeline"".*?</ol>", RegexOptions.Singleline)]
    private static partial Regex Hidden();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex Cjk();

    [GeneratedRegex("[A-Za-z]{2}")]
    private static partial Regex Latin();

    private static Regex Field(string name) => new($"name=\"{Regex.Escape(name)}\"[^>]*value=\"([^\"]+)\"");
}
