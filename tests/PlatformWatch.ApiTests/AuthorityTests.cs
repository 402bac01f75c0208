using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using PlatformWatch.Store;

namespace PlatformWatch.ApiTests;

/// <summary>
/// Multi-tier supervision with the authorities of <c>authorities.json</c> (three tiers under the
/// market regulator, a data-protection regulator, a foreign authority with a unit): every sample
/// finding's case is owned by the authority <c>routing-expected.csv</c> names, with the decision
/// in its audit trail; each authority reads and lists exactly the cases <c>authority-matrix.csv</c>
/// says (a bureau never a sibling's); referral and sharing work as described and are audited; a
/// revoked share stops access at once. On SQLite and on PostgreSQL.
/// </summary>
[TestFixture(StoreProvider.Sqlite)]
[TestFixture(StoreProvider.Postgres)]
internal sealed class Authorities_in_tiers(StoreProvider provider)
{
    private static readonly string[] Authorities = ["samr", "samr-mobility", "samr-ridehail", "samr-ecommerce", "cac", "ec", "ec-dma"];

    private ApiWorld _world = null!;
    private readonly Dictionary<string, string> _supervisors = new(StringComparer.Ordinal);

    [OneTimeSetUp]
    public async Task Start()
    {
        _world = await ApiWorld.StartAsync(provider, authorities: "authorities.json");
        foreach (var authority in Authorities)
        {
            _supervisors[authority] = (await _world.Store.Keys.CreateApiKeyAsync("supervisor of " + authority, ApiRoles.RegulatorSupervisor, null, authority, "test")).Token;
        }
    }

    [OneTimeTearDown]
    public async Task Stop() => await _world.DisposeAsync();

    private HttpClient As(string authority) => _world.WithKey(_supervisors[authority]);

    private static IEnumerable<string[]> Csv(string file) =>
        File.ReadLines(Path.Combine(TestContext.CurrentContext.TestDirectory, file)).Where(l => l.Length > 0 && !l.StartsWith('#')).Skip(1).Select(l => l.Split(','));

    private static string? Dash(string value) => value == "-" ? null : value;

    private async Task<IReadOnlyList<StoredFinding>> FindingsAsync() => await _world.Store.Findings.ListAsync(new FindingQuery { Limit = 10_000 });

    // A case of the samples owned by the authority and never referred or shared (the first by id),
    // so that the matrix and the flows do not depend on the order the tests run in.
    private async Task<string> CaseOwnedByAsync(string authority, string? family = null)
    {
        foreach (var c in (await _world.Store.Cases.ListAsync(new CaseQuery { Limit = 1000 })).OrderBy(c => c.CaseId, StringComparer.Ordinal))
        {
            if (c.OwnerAuthorityId == authority && (family is null || c.Family == family) && (await _world.Store.Authorities.ListCaseAccessAsync(c.CaseId)).Count == 0)
            {
                return c.CaseId;
            }
        }

        throw new InvalidOperationException($"no untouched case of {authority} {family}");
    }

    [Test]
    public async Task Each_sample_finding_is_routed_to_the_expected_authority_and_the_decision_is_audited()
    {
        var expected = Csv("routing-expected.csv").ToDictionary(r => (r[0], Dash(r[1]), Dash(r[2])), r => r[3]);
        var cased = (await FindingsAsync()).Where(f => f.CaseId is not null).ToList();
        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        var unreferred = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var caseId in cased.Select(f => f.CaseId!).Distinct())
        {
            // Routed when it opened (another test may refer it on since).
            var detail = (await _world.Store.Cases.GetAsync(caseId))!;
            owners[caseId] = JsonNode.Parse(detail.Audit.First(a => a.Action == "opened").Details)!["routing"]!["authority"]!.GetValue<string>();
            if (detail.Audit.All(a => a.Action != "referred"))
            {
                unreferred[caseId] = detail.Case.OwnerAuthorityId;
            }
        }

        var got = cased.Select(f => (Key: (f.RuleId, f.PlatformId, f.MarketId), Owner: owners[f.CaseId!])).Distinct().ToList();
        var routing = JsonNode.Parse((await _world.Store.Cases.GetAsync(cased[0].CaseId!))!.Audit.First(a => a.Action == "opened").Details)!["routing"]!;
        Assert.Multiple(() =>
        {
            Assert.That(got.Select(g => $"{g.Key}").Distinct(), Is.EquivalentTo(expected.Keys.Select(k => $"{k}")),
                "every finding with a case has a row, and every row a finding");
            foreach (var (key, owner) in got)
            {
                Assert.That(owner, Is.EqualTo(expected.GetValueOrDefault(key)), $"{key}");
            }

            Assert.That(unreferred, Is.Not.Empty);
            foreach (var (caseId, owner) in unreferred)
            {
                Assert.That(owner, Is.EqualTo(owners[caseId]), $"case {caseId} is owned as routed");
            }

            Assert.That(routing["reason"]!.GetValue<string>(), Is.Not.Empty);
        });
    }

    public static IEnumerable<TestCaseData> MatrixCells() =>
        Csv("authority-matrix.csv").SelectMany(row => Authorities.Select((caller, i) => new TestCaseData(row[0], caller, int.Parse(row[i + 1], System.Globalization.CultureInfo.InvariantCulture))
            .SetArgDisplayNames($"case of {row[0]}", $"read by {caller}", row[i + 1])));

    [TestCaseSource(nameof(MatrixCells))]
    public async Task Each_tier_sees_exactly_its_own_cases_and_those_below_it(string owner, string caller, int expected)
    {
        var caseId = await CaseOwnedByAsync(owner);
        using var client = As(caller);
        using var read = await client.GetAsync($"/api/v1/cases/{caseId}");
        using var file = await client.GetAsync($"/api/v1/cases/{caseId}/file");
        using var exposure = await client.GetAsync($"/api/v1/cases/{caseId}/exposure");
        using var comment = await client.PostAsJsonAsync($"/api/v1/cases/{caseId}/comments", new { text = "matrix check by " + caller, visibility = "internal" });
        var inbox = (await client.GetFromJsonAsync<JsonObject>("/api/v1/cases?pageSize=200"))!["items"]!.AsArray().Select(i => i!["caseId"]!.GetValue<string>()).ToList();
        var findings = (await client.GetFromJsonAsync<JsonArray>($"/api/v1/findings?case={caseId}"))!;
        Assert.Multiple(() =>
        {
            Assert.That((int)read.StatusCode, Is.EqualTo(expected), "GET the case");
            Assert.That((int)file.StatusCode, Is.EqualTo(expected), "GET its case file");
            Assert.That((int)exposure.StatusCode, Is.EqualTo(expected), "GET its penalty exposure");
            Assert.That((int)comment.StatusCode, Is.EqualTo(expected == 200 ? 201 : 404), "comment on it");
            Assert.That(inbox.Contains(caseId), Is.EqualTo(expected == 200), "in the inbox");
            Assert.That(findings.Count > 0, Is.EqualTo(expected == 200), "its findings in the export");
        });
    }

    [Test]
    public async Task An_inbox_holds_exactly_the_cases_of_the_authority_and_those_below_it()
    {
        var all = await _world.Store.Cases.ListAsync(new CaseQuery { Limit = 1000 });
        var tree = await _world.Store.Authorities.GetTreeAsync();
        foreach (var caller in new[] { "samr", "samr-mobility", "samr-ecommerce", "ec" })
        {
            using var client = As(caller);
            var inbox = (await client.GetFromJsonAsync<JsonObject>("/api/v1/cases?pageSize=200&status=new"))!["items"]!.AsArray().Select(i => i!["caseId"]!.GetValue<string>());
            var below = new List<string>();
            foreach (var c in all.Where(c => c.Status == "new"))
            {
                var granted = (await _world.Store.Authorities.ListCaseAccessAsync(c.CaseId)).Where(g => g.IsActive).Select(g => g.AuthorityId);
                if (granted.Append(c.OwnerAuthorityId).Any(a => tree.IsWithin(a, caller)))
                {
                    below.Add(c.CaseId);
                }
            }

            Assert.That(inbox, Is.EquivalentTo(below), caller);
        }
    }

    [Test]
    public async Task A_referral_moves_ownership_keeps_read_access_for_the_referrer_and_both_see_the_history()
    {
        var caseId = await CaseOwnedByAsync("samr-ecommerce", "CN-ECL35");
        using var bureau = As("samr-ecommerce");
        using var cac = As("cac");
        using var refused = await bureau.PostAsJsonAsync($"/api/v1/cases/{caseId}/refer", new { to = "nowhere", reason = "typo" });
        using var referred = await bureau.PostAsJsonAsync($"/api/v1/cases/{caseId}/refer", new { to = "cac", reason = "personal information used to enforce exclusivity: PIPL" });
        var asReferrer = (await bureau.GetFromJsonAsync<JsonObject>($"/api/v1/cases/{caseId}"))!;
        var asOwner = (await cac.GetFromJsonAsync<JsonObject>($"/api/v1/cases/{caseId}"))!;
        using var assignByReferrer = await bureau.PostAsJsonAsync($"/api/v1/cases/{caseId}/assign", new { assignee = "bob" });
        using var assignByOwner = await cac.PostAsJsonAsync($"/api/v1/cases/{caseId}/assign", new { assignee = "li" });
        using var top = As("samr");
        using var topRead = await top.GetAsync($"/api/v1/cases/{caseId}");
        using var sibling = As("samr-mobility");
        using var siblingRead = await sibling.GetAsync($"/api/v1/cases/{caseId}");
        var audit = (await _world.Store.Cases.GetAsync(caseId))!.Audit;
        Assert.Multiple(() =>
        {
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Conflict), "an authority that does not exist");
            Assert.That(referred.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(asOwner["ownerAuthority"]!.GetValue<string>(), Is.EqualTo("cac"));
            Assert.That(asOwner["yourAccess"]!.GetValue<string>(), Is.EqualTo("owner"));
            Assert.That(asReferrer["yourAccess"]!.GetValue<string>(), Is.EqualTo("read"));
            Assert.That(assignByReferrer.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), "the referrer only reads now");
            Assert.That(assignByOwner.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(topRead.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the referrer's superiors read what it reads");
            Assert.That(siblingRead.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            foreach (var seen in new[] { asReferrer, asOwner })
            {
                var referral = seen["timeline"]!.AsArray().Single(e => e!["action"]!.GetValue<string>() == "referred")!;
                Assert.That(referral["details"]!["from"]!.GetValue<string>(), Is.EqualTo("samr-ecommerce"));
                Assert.That(referral["details"]!["to"]!.GetValue<string>(), Is.EqualTo("cac"));
                Assert.That(referral["details"]!["reason"]!.GetValue<string>(), Does.Contain("PIPL"));
            }

            Assert.That(audit.Where(a => a.Action == "read-through-grant").Select(a => JsonNode.Parse(a.Details)!["authority"]!.GetValue<string>()),
                Does.Contain("samr-ecommerce").And.Contain("samr"), "reads through the referral are logged");
        });
    }

    [Test]
    public async Task A_share_lets_a_partner_read_and_comment_internally_withholds_internal_comments_and_a_revoke_stops_it_at_once()
    {
        var caseId = await CaseOwnedByAsync("ec", "EU-102");
        using var owner = As("ec");
        using var partner = As("samr");
        using var internalNote = await owner.PostAsJsonAsync($"/api/v1/cases/{caseId}/comments", new { text = "internal: leniency applicant named", visibility = "internal" });
        using var before = await partner.GetAsync($"/api/v1/cases/{caseId}");
        using var shared = await owner.PostAsJsonAsync($"/api/v1/cases/{caseId}/shares", new { authority = "samr", access = "comment", reason = "cooperation agreement: the same platform in China" });
        var shareId = (await shared.Content.ReadFromJsonAsync<JsonObject>())!["shareId"]!.GetValue<string>();
        var seen = (await partner.GetFromJsonAsync<JsonObject>($"/api/v1/cases/{caseId}"))!;
        using var partnerComment = await partner.PostAsJsonAsync($"/api/v1/cases/{caseId}/comments", new { text = "our market shows the same pattern", visibility = "internal" });
        var seenAgain = (await partner.GetFromJsonAsync<JsonObject>($"/api/v1/cases/{caseId}"))!;
        using var partnerToPlatform = await partner.PostAsJsonAsync($"/api/v1/cases/{caseId}/comments", new { text = "to the platform", visibility = "shared" });
        using var partnerWorks = await partner.PostAsJsonAsync($"/api/v1/cases/{caseId}/assign", new { assignee = "wang" });
        using var partnerInbox = await partner.GetAsync("/api/v1/cases?pageSize=200");
        var listed = (await partnerInbox.Content.ReadFromJsonAsync<JsonObject>())!["items"]!.AsArray().Any(i => i!["caseId"]!.GetValue<string>() == caseId);
        using var revoked = await owner.DeleteAsync($"/api/v1/cases/{caseId}/shares/{shareId}");
        using var after = await partner.GetAsync($"/api/v1/cases/{caseId}");
        using var commentAfter = await partner.PostAsJsonAsync($"/api/v1/cases/{caseId}/comments", new { text = "too late", visibility = "internal" });
        using var revokedAgain = await owner.DeleteAsync($"/api/v1/cases/{caseId}/shares/{shareId}");
        var grants = (await owner.GetFromJsonAsync<JsonObject>($"/api/v1/cases/{caseId}/shares"))!["items"]!.AsArray();
        var audit = (await _world.Store.Cases.GetAsync(caseId))!.Audit;
        Assert.Multiple(() =>
        {
            Assert.That(internalNote.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(before.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "another tree sees nothing before the share");
            Assert.That(shared.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(seen["yourAccess"]!.GetValue<string>(), Is.EqualTo("shared-comment"));
            Assert.That(seen["comments"]!.AsArray().Select(c => c!["body"]!.GetValue<string>()), Has.None.Contains("leniency"), "internal comments withheld by default");
            Assert.That(seen.ToJsonString(), Does.Not.Contain("leniency"), "not even in the timeline");
            Assert.That(seen["grants"], Is.Null, "the partner does not see who else has access");
            Assert.That(partnerComment.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(seenAgain["comments"]!.AsArray().Select(c => c!["body"]!.GetValue<string>()), Does.Contain("our market shows the same pattern"), "its own internal comments stay visible to it");
            Assert.That(seenAgain.ToJsonString(), Does.Not.Contain("leniency"));
            Assert.That(partnerToPlatform.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), "only the owner speaks to the platform");
            Assert.That(partnerWorks.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(listed, Is.True, "a shared case is in the partner's inbox");
            Assert.That(revoked.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            Assert.That(after.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "access stops at once");
            Assert.That(commentAfter.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(revokedAgain.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(grants.Single(g => g!["shareId"]!.GetValue<string>() == shareId)!["active"]!.GetValue<bool>(), Is.False, "kept, revoked");
            Assert.That(audit.Select(a => a.Action), Is.SupersetOf(new[] { "shared", "read-through-grant", "commented", "share-revoked" }));
            Assert.That(audit.Count(a => a.Action == "read-through-grant"), Is.EqualTo(2), "each of the partner's two reads, logged");
        });
    }

    [Test]
    public async Task A_bad_authorities_document_is_refused_naming_each_field_and_changes_nothing()
    {
        var admin = (await _world.Store.Keys.CreateApiKeyAsync("admin of samr", ApiRoles.RegulatorAdmin, null, "samr", "test")).Token;
        using var client = _world.Client(null);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("ApiKey", admin);
        var before = (await _world.Store.Authorities.GetTreeAsync()).All.Select(a => a.AuthorityId).ToList();
        using var response = await client.PutAsJsonAsync("/api/v1/authorities", new
        {
            authorities = new object[]
            {
                new { id = "samr", name = "SAMR", @default = true },
                new { id = "Bad Id", name = "x", parent = "samr" },
                new { id = "loop-a", name = "a", parent = "loop-b" },
                new { id = "loop-b", name = "b", parent = "loop-a" },
                new { id = "typo", name = "t", parent = "samr", routes = new[] { new { rules = new[] { "CN-PIPLX*" } } } },
            },
        });
        var text = await response.Content.ReadAsStringAsync();
        var changes = (await client.GetFromJsonAsync<JsonObject>("/api/v1/authorities/changes"))!["items"]!.AsArray();
        using var unknownField = await client.PutAsJsonAsync("/api/v1/authorities", new { authorities = new[] { new { id = "samr", name = "SAMR", scope = "everything" } } });
        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(text, Does.Contain("authorities[1].id"));
            Assert.That(text, Does.Contain("CN-PIPLX*"));
            Assert.That(unknownField.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "an unknown field is refused, not ignored");
            Assert.That((await _world.Store.Authorities.GetTreeAsync()).All.Select(a => a.AuthorityId), Is.EqualTo(before));
            Assert.That(changes, Has.Count.EqualTo(1), "only the tree set at the start is a change; the refused documents are not");
            Assert.That(changes[0]!["changedBy"]!.GetValue<string>(), Is.EqualTo("test"));
            Assert.That(changes[0]!["authorities"]!.GetValue<int>(), Is.EqualTo(7));
            Assert.That(changes[0]!["document"]!["authorities"]!.AsArray(), Has.Count.EqualTo(7), "the document put in force is kept");
        });
    }

    [Test]
    public async Task The_overview_counts_open_cases_by_authority_and_family_for_each_tier()
    {
        using var top = As("samr");
        using var bureau = As("samr-mobility");
        var whole = (await top.GetFromJsonAsync<JsonObject>("/api/v1/overview"))!;
        var part = (await bureau.GetFromJsonAsync<JsonObject>("/api/v1/overview"))!;
        using var upward = await bureau.GetAsync("/api/v1/overview?authority=samr");
        var open = (await _world.Store.Cases.ListAsync(new CaseQuery { Limit = 1000 })).Where(c => c.Status != "closed").ToList();
        long Open(JsonObject o, string id) => o["authorities"]!.AsArray().Single(a => a!["id"]!.GetValue<string>() == id)!["withBelow"]!["open"]!.GetValue<long>();
        Assert.Multiple(() =>
        {
            Assert.That(whole["authorities"]!.AsArray().Select(a => a!["id"]!.GetValue<string>()), Is.EqualTo(new[] { "samr", "samr-ecommerce", "samr-mobility", "samr-ridehail" }));
            Assert.That(part["authorities"]!.AsArray().Select(a => a!["id"]!.GetValue<string>()), Is.EqualTo(new[] { "samr-mobility", "samr-ridehail" }));
            Assert.That(Open(whole, "samr-mobility"), Is.EqualTo(open.Count(c => c.OwnerAuthorityId is "samr-mobility" or "samr-ridehail")));
            Assert.That(Open(part, "samr-ridehail"), Is.EqualTo(open.Count(c => c.OwnerAuthorityId == "samr-ridehail")));
            Assert.That(upward.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "a bureau cannot look above itself");
        });
    }
}
