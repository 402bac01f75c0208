using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using PlatformWatch.Store;

namespace PlatformWatch.ApiTests;

/// <summary>
/// Issue 18, item 5: the public register, on SQLite and PostgreSQL. In the authorities of
/// authorities.json, two supervisors of samr-ecommerce decide two cases: dealmart's joint dominance
/// (CN-AML24-JOINT2, a warning; its finding measures shopco's share, which the test plants with a
/// distinctive figure, and the case gets an internal comment and a business-secret answer, each with
/// a marker) and shopco's E-commerce Law case (a fine of RMB 250,000.50). Both appear on /register,
/// in the JSON and in the Atom feed, without a credential and without the planted text, figure or
/// anyone's name; then an admin withholds one and the default authority's admin withdraws the other.
/// </summary>
[TestFixture(StoreProvider.Sqlite)]
[TestFixture(StoreProvider.Postgres)]
internal sealed class A_served_decision_on_the_public_register(StoreProvider provider)
{
    private const string InternalMarker = "INTERNAL-MARKER-REGISTER-4711";
    private const string SecretMarker = "SECRET-MARKER-REGISTER-0815";
    private const string PlantedShare = "0.5813";
    private const string Authority = "samr-ecommerce";
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    // Keys named like people: no name may reach the register.
    private static readonly string[] People = ["Wang Fang", "Li Na", "Zhang Wei", "Chen Jing", "Liu Yang"];

    private ApiWorld _world = null!;
    private readonly Dictionary<string, string> _tokens = new(StringComparer.Ordinal);
    private readonly List<string> _keyIds = [];
    private string _warningCase = "";
    private string _fineCase = "";
    private string _warning = "";
    private string _fined = "";

    // What anyone saw before any publication was taken off.
    private string _json = "";
    private string _page = "";
    private string _finePage = "";
    private string _feed = "";
    private string _pageZh = "";
    private string _finePageZh = "";
    private HttpResponseMessage _pageResponse = null!;
    private HttpResponseMessage _feedResponse = null!;

    [OneTimeSetUp]
    public async Task Decide()
    {
        _world = await ApiWorld.StartAsync(provider, authorities: "authorities.json");
        await KeyAsync("first", "Wang Fang", ApiRoles.RegulatorSupervisor, Authority);
        await KeyAsync("second", "Li Na", ApiRoles.RegulatorSupervisor, Authority);
        await KeyAsync("admin", "Zhang Wei", ApiRoles.RegulatorAdmin, Authority);
        await KeyAsync("root-admin", "Chen Jing", ApiRoles.RegulatorAdmin, "samr");
        await KeyAsync("dma-admin", "Liu Yang", ApiRoles.RegulatorAdmin, "ec-dma");

        // Another platform's figure: shopco's share, announced again with a distinctive figure, is
        // what dealmart's joint dominance finding measures.
        using (var analyst = _world.Client(ApiRoles.RegulatorAnalyst))
        {
            var share = $$"""{"type":"MarketShareReported","eventId":"register-share","occurredAt":"2026-02-01T00:00:00Z","source":"sample-market-study","marketId":"cn-online-retail","jurisdiction":"CN","periodStart":"2025-01-01","periodEnd":"2025-12-31","platformId":"shopco","metric":"gmv","share":{{PlantedShare}}}""";
            using var posted = await analyst.PostAsync("/api/v1/events", new StringContent(share, Encoding.UTF8, "application/json"));
            Assert.That((int)posted.StatusCode, Is.EqualTo(202));
            Assert.That(await _world.WaitForEventAsync("register-share", TimeSpan.FromSeconds(30)), Is.True);
        }

        _warningCase = await CaseOfAsync("dealmart", "CN-AML24");
        var dealmart = (await _world.Store.Cases.GetAsync(_warningCase))!;
        Assert.That(dealmart.Findings.Where(f => f.IsActive).Select(f => f.Measured), Has.Some.Contains(PlantedShare), "the planted figure is in the case");

        using var first = _world.WithKey(_tokens["first"]);
        using var comment = await first.PostAsJsonAsync($"/api/v1/cases/{_warningCase}/comments", new { text = "Internal: " + InternalMarker, visibility = "internal" });
        Assert.That(comment.StatusCode, Is.EqualTo(HttpStatusCode.Created), await comment.Content.ReadAsStringAsync());
        var (_, noticeId) = await _world.NoticeToAsync("dealmart", _warningCase);
        var platformKey = await _world.Store.Keys.CreateApiKeyAsync("dealmart portal", ApiRoles.Platform, "dealmart", "test");
        using (var platform = _world.WithKey(platformKey.Token))
        {
            using var answered = await platform.PostAsJsonAsync($"/api/v1/platform/notices/{noticeId}/responses", new { text = "Our margins: " + SecretMarker, businessSecret = true });
            Assert.That(answered.StatusCode, Is.EqualTo(HttpStatusCode.Created), await answered.Content.ReadAsStringAsync());
        }

        _warning = await DecideAsync(_warningCase, new JsonObject { ["outcome"] = "warning" });
        _fineCase = await CaseOfAsync("shopco", "CN-ECL35");
        _fined = await DecideAsync(_fineCase, new JsonObject
        {
            ["outcome"] = "penalty-referral",
            ["fine"] = new JsonObject { ["amount"] = 250_000.50m, ["currency"] = "CNY" },
            ["orders"] = new JsonArray(new JsonObject { ["order"] = "Lift the restrictions on " + InternalMarker, ["deadline"] = "2027-03-31" }),
        });

        using var anonymous = _world.Client(null);
        _json = await anonymous.GetStringAsync("/api/v1/register");
        _pageResponse = await anonymous.GetAsync("/register");
        _page = await _pageResponse.Content.ReadAsStringAsync();
        _finePage = await anonymous.GetStringAsync($"/register/{_fined}");
        using (var chinese = _world.Client(null))
        {
            chinese.DefaultRequestHeaders.Add("Accept-Language", "zh-CN");
            _pageZh = await chinese.GetStringAsync("/register");
            _finePageZh = await chinese.GetStringAsync($"/register/{_fined}");
        }

        _feedResponse = await anonymous.GetAsync("/register.atom");
        _feed = await _feedResponse.Content.ReadAsStringAsync();
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        _pageResponse?.Dispose();
        _feedResponse?.Dispose();
        await _world.DisposeAsync();
    }

    [Test]
    [Order(1)]
    public void Should_publish_both_served_decisions_in_the_JSON_newest_first_with_the_exact_fine()
    {
        var items = JsonNode.Parse(_json)!["items"]!.AsArray();
        var fined = items.Single(i => i!["decisionId"]!.GetValue<string>() == _fined)!;
        var warned = items.Single(i => i!["decisionId"]!.GetValue<string>() == _warning)!;
        Assert.Multiple(() =>
        {
            Assert.That(items.Select(i => i!["decisionId"]!.GetValue<string>()), Is.EqualTo(new[] { _fined, _warning }), "newest first");
            Assert.That(fined["platformId"]!.GetValue<string>(), Is.EqualTo("shopco"));
            Assert.That(fined["outcome"]!.GetValue<string>(), Is.EqualTo("penalty-referral"));
            Assert.That(fined["fine"]!["amount"]!.GetValue<decimal>(), Is.EqualTo(250_000.50m));
            Assert.That(fined["fine"]!["currency"]!.GetValue<string>(), Is.EqualTo("CNY"));
            Assert.That(fined["lawApplied"]!.AsArray().Select(c => c!.GetValue<string>()), Has.Some.Contains("Art. 82"), "the fine's provision");
            Assert.That(fined["rectificationDeadlines"]!.AsArray().Select(d => d!.GetValue<string>()), Is.EqualTo(new[] { "2027-03-31" }));
            Assert.That(warned["platformId"]!.GetValue<string>(), Is.EqualTo("dealmart"));
            Assert.That(warned["markets"]!.AsArray().Select(m => m!.GetValue<string>()), Does.Contain("cn-online-retail"));
            Assert.That(warned["conduct"]!.AsArray().Select(c => c!["ruleId"]!.GetValue<string>()), Has.Some.StartsWith("CN-AML24"));
            Assert.That(warned["fine"], Is.Null);
        });
    }

    [Test]
    [Order(1)]
    public void Should_show_them_in_chinese_with_the_money_dates_and_outcome_as_chinese_writes_them()
    {
        Assert.Multiple(() =>
        {
            Assert.That(_pageZh, Does.Contain("<th>罚款</th>").And.Contain(">予以行政处罚</td>").And.Contain(">25万元</td>"), "the list: the fine short (250,000.50 is 25.00005万, two places at most)");
            Assert.That(_pageZh, Does.Contain("title=\"¥250,000.50\""), "the full amount beside the short one");
            Assert.That(_page, Does.Contain(">RMB 250,000.5</td>"), "in English below a million the amount itself");
            Assert.That(_finePageZh, Does.Contain("<dt>罚款</dt>").And.Contain("¥250,000.50").And.Contain("<dt>没收违法所得</dt>"));
            Assert.That(_finePageZh, Does.Contain("<time datetime=\"2027-03-31\">2027年3月31日</time>"), "the rectification deadline, ISO for machines");
        });
    }

    [Test]
    [Order(1)]
    public void Should_list_them_on_the_register_page_and_show_each_without_sign_in()
    {
        Assert.Multiple(() =>
        {
            Assert.That(_pageResponse.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(_page, Does.Contain(_fined).And.Contain(_warning));
            Assert.That(_page.IndexOf(_fined, StringComparison.Ordinal), Is.LessThan(_page.IndexOf(_warning, StringComparison.Ordinal)), "newest first");
            Assert.That(_finePage, Does.Contain("¥250,000.50").And.Contain("penalty referral").And.Contain("data-outcome=\"penalty-referral\"").And.Contain("31 Mar 2027").And.Contain("datetime=\"2027-03-31\""));
        });
    }

    [TestCase("zh-CN", "以惩罚性措施对平台内经营者施加排他交易或其他不合理限制。", "《中华人民共和国电子商务法》第三十五条")]
    [TestCase("en", "Exclusivity or an unreasonable restriction imposed on merchants with punitive enforcement.", "E-commerce Law Art. 35")]
    [Order(1)]
    public async Task Should_state_the_conduct_and_its_law_in_the_readers_language(string language, string conduct, string citation)
    {
        using var anonymous = _world.Client(null);
        anonymous.DefaultRequestHeaders.Add("Accept-Language", language);
        var page = System.Net.WebUtility.HtmlDecode(await anonymous.GetStringAsync($"/register/{_fined}"));
        Assert.That(page, Does.Contain($"CN-ECL35-RESTRICT</span>: {conduct} ({citation}"));
    }

    [Test]
    [Order(1)]
    public void Should_serve_the_pages_and_the_feed_with_the_security_headers()
    {
        foreach (var response in new[] { _pageResponse, _feedResponse })
        {
            Assert.Multiple(() =>
            {
                Assert.That(response.Headers.GetValues("X-Content-Type-Options"), Does.Contain("nosniff"));
                Assert.That(response.Headers.GetValues("Content-Security-Policy").Single(), Does.Contain("default-src 'none'"));
                Assert.That(response.Headers.GetValues("X-Frame-Options"), Does.Contain("DENY"));
            });
        }
    }

    [Test]
    [Order(1)]
    public void Should_give_a_valid_Atom_feed_with_an_entry_per_publication()
    {
        var feed = XDocument.Parse(_feed).Root!;
        var entries = feed.Elements(Atom + "entry").ToList();
        Assert.Multiple(() =>
        {
            Assert.That(_feedResponse.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/atom+xml"));
            Assert.That(feed.Name, Is.EqualTo(Atom + "feed"));
            Assert.That(feed.Element(Atom + "id")!.Value, Does.EndWith("/register"));
            Assert.That(feed.Element(Atom + "title")!.Value, Is.Not.Empty);
            Assert.That(DateTimeOffset.TryParse(feed.Element(Atom + "updated")!.Value, out _), Is.True);
            Assert.That(feed.Element(Atom + "author")?.Element(Atom + "name")?.Value, Is.Not.Empty);
            Assert.That(entries.Select(e => e.Element(Atom + "id")!.Value), Is.EqualTo(new[] { _fined, _warning }.Select(d => feed.Element(Atom + "id")!.Value + "/" + d)));
            foreach (var entry in entries)
            {
                Assert.That(entry.Element(Atom + "title")!.Value, Is.Not.Empty);
                Assert.That(DateTimeOffset.TryParse(entry.Element(Atom + "updated")!.Value, out _), Is.True);
                Assert.That(entry.Element(Atom + "link")!.Attribute("href")!.Value, Is.EqualTo(entry.Element(Atom + "id")!.Value));
                Assert.That(entry.Element(Atom + "summary")!.Value, Is.Not.Empty);
            }

            Assert.That(entries[0].Element(Atom + "summary")!.Value, Does.Contain("¥250,000.50").And.Contain("penalty-referral"));
        });
    }

    [Test]
    [Order(1)]
    public void Should_publish_no_internal_comment_business_secret_other_platforms_figure_or_name()
    {
        foreach (var (what, text) in new[] { ("JSON", _json), ("page", _page), ("publication page", _finePage), ("feed", _feed) })
        {
            Assert.Multiple(() =>
            {
                Assert.That(text, Does.Not.Contain(InternalMarker), what + ": internal comment or an order's wording");
                Assert.That(text, Does.Not.Contain(SecretMarker), what + ": business secret");
                Assert.That(text, Does.Not.Contain(PlantedShare).And.Not.Contain("58.13"), what + ": another platform's figure");
                Assert.That(text, Does.Not.Contain("key:"), what + ": a key");
                foreach (var name in People.Concat(_keyIds))
                {
                    Assert.That(text, Does.Not.Contain(name), what + ": a person's name or key");
                }
            });
        }
    }

    [Test]
    [Order(1)]
    public async Task Should_put_the_decisions_outcome_and_fine_in_the_case_file()
    {
        using var second = _world.WithKey(_tokens["second"]);
        var text = PdfText.Flat(await second.GetByteArrayAsync($"/api/v1/cases/{_fineCase}/file"));
        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Contain($"Decision {_fined} (served)"));
            Assert.That(text, Does.Contain("penalty-referral"));
            Assert.That(text, Does.Contain("250,000.5 CNY"));
            Assert.That(text, Does.Not.Contain("No decision has been recorded"));
        });
    }

    [Test]
    [Order(2)]
    public async Task Should_let_only_an_admin_of_the_owning_authority_withhold_it_and_audit_it()
    {
        var path = $"/api/v1/cases/{_warningCase}/decisions/{_warning}/withhold";
        using var supervisor = _world.WithKey(_tokens["second"]);
        using var otherAdmin = _world.WithKey(_tokens["dma-admin"]);
        using var anonymous = _world.Client(null);
        using var admin = _world.WithKey(_tokens["admin"]);
        using var bySupervisor = await supervisor.PostAsJsonAsync(path, new { reason = "pending appeal" });
        using var byOtherAdmin = await otherAdmin.PostAsJsonAsync(path, new { reason = "pending appeal" });
        using var byAnonymous = await anonymous.PostAsJsonAsync(path, new { reason = "pending appeal" });
        using var withoutReason = await admin.PostAsJsonAsync(path, new { reason = " " });
        using var withheld = await admin.PostAsJsonAsync(path, new { reason = "pending appeal" });
        using var again = await admin.PostAsJsonAsync(path, new { reason = "twice" });
        var audit = (await _world.Store.Cases.GetAsync(_warningCase))!.Audit;
        var json = await anonymous.GetStringAsync("/api/v1/register");
        var page = await anonymous.GetStringAsync("/register");
        var feed = await anonymous.GetStringAsync("/register.atom");
        using var its = await anonymous.GetAsync($"/register/{_warning}");
        Assert.Multiple(() =>
        {
            Assert.That(bySupervisor.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(byOtherAdmin.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(byAnonymous.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(withoutReason.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(withheld.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(audit.Where(a => a.Action == "publication-withheld").Select(a => a.Details), Has.One.Contains("pending appeal").And.Contains(_warning));
            Assert.That(json, Does.Not.Contain(_warning));
            Assert.That(page, Does.Not.Contain(_warning), "a withheld publication leaves no notice");
            Assert.That(feed, Does.Not.Contain(_warning));
            Assert.That(its.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(json, Does.Contain(_fined));
        });
    }

    [Test]
    [Order(1)]
    public async Task Should_offer_the_control_on_the_case_page_to_the_owning_authoritys_admin_only()
    {
        async Task<string> CasePageAsync(string who)
        {
            using var client = _world.PageClient();
            await Pages.SignInAsync(client, _tokens[who]);
            return await client.GetStringAsync($"/cases/{_fineCase}");
        }

        var admin = await CasePageAsync("admin");
        var supervisor = await CasePageAsync("second");
        Assert.Multiple(() =>
        {
            Assert.That(admin, Does.Contain("data-testid=\"publication-form\"").And.Contain("Published on the"));
            Assert.That(supervisor, Does.Not.Contain("data-testid=\"publication-form\"").And.Contain("Published on the"));
        });
    }

    [Test]
    [Order(3)]
    public async Task Should_let_the_default_authoritys_admin_withdraw_it_on_the_case_page_leaving_a_notice()
    {
        using var session = _world.PageClient();
        await Pages.SignInAsync(session, _tokens["root-admin"]);
        using var withdrawn = await Pages.PostFormAsync(session, $"/cases/{_fineCase}?handler=RemovePublication",
            new() { ["decisionId"] = _fined, ["removal"] = "withdrawn", ["reason"] = "quashed on appeal" });
        var casePage = await session.GetStringAsync($"/cases/{_fineCase}");
        using var rootAdmin = _world.WithKey(_tokens["root-admin"]);
        using var again = await rootAdmin.PostAsJsonAsync($"/api/v1/cases/{_fineCase}/decisions/{_fined}/withdraw", new { reason = "twice" });
        using var anonymous = _world.Client(null);
        var register = JsonNode.Parse(await anonymous.GetStringAsync("/api/v1/register"))!;
        var page = await anonymous.GetStringAsync("/register");
        var feed = XDocument.Parse(await anonymous.GetStringAsync("/register.atom")).Root!;
        var audit = (await _world.Store.Cases.GetAsync(_fineCase))!.Audit;
        Assert.Multiple(() =>
        {
            Assert.That(withdrawn.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "done: back to the case");
            Assert.That(casePage, Does.Contain("Not on the public register: withdrawn").And.Contain("quashed on appeal"));
            Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(register["items"]!.AsArray(), Is.Empty);
            Assert.That(register["withdrawn"]!.AsArray().Select(w => w!["decisionId"]!.GetValue<string>()), Is.EqualTo(new[] { _fined }));
            Assert.That(page, Does.Contain($"withdrawn on <time datetime=\"{DateTime.UtcNow:yyyy-MM-dd}\">").And.Not.Contain("250,000").And.Not.Contain("quashed"));
            Assert.That(feed.Elements(Atom + "entry"), Is.Empty);
            Assert.That(audit.Where(a => a.Action == "publication-withdrawn").Select(a => a.Details), Has.One.Contains("quashed on appeal"));
        });
    }

    private async Task KeyAsync(string who, string name, string role, string authority)
    {
        var key = await _world.Store.Keys.CreateApiKeyAsync(name, role, null, authority, "test");
        _tokens[who] = key.Token;
        _keyIds.Add(key.Key.KeyId);
    }

    // Drafted by the first supervisor, approved by the second: the decision's id.
    private async Task<string> DecideAsync(string caseId, JsonObject body)
    {
        var findings = (await _world.Store.Cases.GetAsync(caseId))!.Findings.Where(f => f.IsActive).Select(f => (JsonNode?)f.FindingId);
        body["findingIds"] = new JsonArray([.. findings]);
        body["facts"] = "Facts found: " + InternalMarker;
        body["legalBasis"] = "as cited; " + InternalMarker;
        body["reasons"] = "Reasons: " + SecretMarker + " Wang Fang";
        using var first = _world.WithKey(_tokens["first"]);
        using var second = _world.WithKey(_tokens["second"]);
        using var drafted = await first.PostAsync($"/api/v1/cases/{caseId}/decisions", MatrixBodies.Text(body.ToJsonString()));
        Assert.That(drafted.StatusCode, Is.EqualTo(HttpStatusCode.Created), await drafted.Content.ReadAsStringAsync());
        var decisionId = JsonNode.Parse(await drafted.Content.ReadAsStringAsync())!["decisionId"]!.GetValue<string>();
        var path = $"/api/v1/cases/{caseId}/decisions/{decisionId}";
        using var submitted = await first.PostAsync(path + "/submit", MatrixBodies.Text("{}"));
        using var approved = await second.PostAsync(path + "/approve", MatrixBodies.Text("""{"note":"approved by Li Na"}"""));
        Assert.That(approved.StatusCode, Is.EqualTo(HttpStatusCode.OK), await approved.Content.ReadAsStringAsync());
        return decisionId;
    }

    private async Task<string> CaseOfAsync(string platformId, string familyPrefix) =>
        (await _world.Store.Cases.ListAsync(new CaseQuery { PlatformId = platformId, Limit = 100 }))
            .First(c => c.Family.StartsWith(familyPrefix, StringComparison.Ordinal) && c.Status != "closed").CaseId;
}
