using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PlatformWatch.Api.Ui;
using PlatformWatch.Store;

namespace PlatformWatch.ApiTests;

/// <summary>
/// Issue 20: the regulators' subscriptions page (/subscriptions), through the same application
/// service as <c>/api/v1/subscriptions</c>, on SQLite and PostgreSQL. An analyst of the authority
/// <c>root</c> subscribes a webhook from the form (its secret on that answer only) and finds it in the
/// API's list; an administrator subscribes the authority. A second analyst of root, a viewer and an
/// analyst of another authority (<c>coop</c>) name the analyst's subscription in the URL and in each
/// form (404, never listed); root's second analyst sees the authority's subscription but may not
/// change it; a platform's key is not allowed on the page.
/// </summary>
[TestFixture(StoreProvider.Sqlite)]
[TestFixture(StoreProvider.Postgres)]
internal sealed partial class Subscription_page_for_regulators(StoreProvider provider)
{
    private const string Endpoint = "https://203.0.113.7/platformwatch/regulator-hooks";
    private const string AuthorityEndpoint = "https://203.0.113.8/platformwatch/authority-hooks";

    private const string Tree = """
        {
          "authorities": [
            { "id": "root", "name": "Supervisory authority", "default": true },
            { "id": "coop", "name": "Cooperating authority" }
          ]
        }
        """;

    private ApiWorld _world = null!;
    private HttpClient _analyst = null!;
    private HttpClient _admin = null!;
    private HttpClient _second = null!;
    private HttpClient _coopViewer = null!;
    private HttpClient _coopAnalyst = null!;
    private HttpClient _platform = null!;
    private string _analystToken = "";
    private string _madePage = "";
    private HttpStatusCode _madeStatus;
    private string _id = "";
    private string _authorityId = "";
    private string _reloaded = "";

    [OneTimeSetUp]
    public async Task Subscribe()
    {
        _world = await ApiWorld.StartAsync(provider);
        await _world.SetAuthoritiesAsync(Tree);
        _analystToken = _world.Tokens[ApiRoles.RegulatorAnalyst];
        _analyst = await SignedInAsync(_analystToken);
        _admin = await SignedInAsync(_world.Tokens[ApiRoles.RegulatorAdmin]);
        _second = await SignedInAsync((await _world.Store.Keys.CreateApiKeyAsync("second analyst", ApiRoles.RegulatorAnalyst, null, "test")).Token);
        _coopViewer = await SignedInAsync((await _world.Store.Keys.CreateApiKeyAsync("coop viewer", ApiRoles.RegulatorViewer, null, "coop", "test")).Token);
        _coopAnalyst = await SignedInAsync((await _world.Store.Keys.CreateApiKeyAsync("coop analyst", ApiRoles.RegulatorAnalyst, null, "coop", "test")).Token);
        _platform = await SignedInAsync(_world.Tokens[ApiRoles.Platform]);

        using var made = await Pages.PostFormAsync(_analyst, "/subscriptions", new()
        {
            ["Form.Channel"] = "webhook", ["Form.Target"] = Endpoint, ["Form.Kinds"] = "case-opened", ["Form.MinSeverity"] = "critical", ["Form.LeadDays"] = "3, 1",
            ["Form.Language"] = "zh-CN",
        });
        _madeStatus = made.StatusCode;
        _madePage = await made.Content.ReadAsStringAsync();
        _id = Pages.SubscriptionId(_madePage);
        _reloaded = await _analyst.GetStringAsync("/subscriptions");

        using var forAuthority = await Pages.PostFormAsync(_admin, "/subscriptions", new()
        {
            ["Form.Scope"] = "authority", ["Form.Channel"] = "webhook", ["Form.Target"] = AuthorityEndpoint, ["Form.Kinds"] = "decision-awaiting-approval",
        });
        Assert.That(forAuthority.StatusCode, Is.EqualTo(HttpStatusCode.OK), await forAuthority.Content.ReadAsStringAsync());
        _authorityId = Pages.SubscriptionId(await forAuthority.Content.ReadAsStringAsync());
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        foreach (var client in new[] { _analyst, _admin, _second, _coopViewer, _coopAnalyst, _platform })
        {
            client.Dispose();
        }

        await _world.DisposeAsync();
    }

    [Test]
    public async Task Should_subscribe_through_the_page_as_the_api_would()
    {
        using var api = _world.Client(ApiRoles.RegulatorAnalyst);
        var listed = JsonNode.Parse(await api.GetStringAsync("/api/v1/subscriptions"))!["items"]!.AsArray().Single(s => s!["subscriptionId"]!.GetValue<string>() == _id)!;
        Assert.Multiple(() =>
        {
            Assert.That(_madeStatus, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(listed["ownerKind"]!.GetValue<string>(), Is.EqualTo("regulator"));
            Assert.That(listed["target"]!.GetValue<string>(), Is.EqualTo(Endpoint));
            Assert.That(listed["kinds"]!.AsArray().Select(k => k!.GetValue<string>()), Is.EqualTo(new[] { "case-opened" }));
            Assert.That(listed["minSeverity"]!.GetValue<string>(), Is.EqualTo("critical"));
            Assert.That(listed["leadDays"]!.AsArray().Select(d => d!.GetValue<int>()), Is.EqualTo(new[] { 3, 1 }));
            Assert.That(listed["language"]!.GetValue<string>(), Is.EqualTo("zh-CN"));
        });
    }

    [Test]
    public void Should_show_the_new_secret_once_and_not_on_a_reload()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Pages.Secret(_madePage), Does.StartWith("whsec_"));
            Assert.That(_reloaded, Does.Contain(_id).And.Contain(Endpoint), "listed");
            Assert.That(_reloaded, Does.Not.Contain("whsec_"), "the secret is not shown again");
        });
    }

    [Test]
    public async Task Should_list_the_authoritys_subscription_to_its_regulators_and_let_only_its_administrators_change_it()
    {
        var bySecond = await _second.GetStringAsync("/subscriptions");
        var rotateBySecond = await StatusAsync(_second, "Rotate", _authorityId);
        var offBySecond = await StatusAsync(_second, "Disable", _authorityId);
        var stored = (await _world.Store.Notifications.SubscriptionAsync(_authorityId))!;
        Assert.Multiple(() =>
        {
            Assert.That(stored.OwnerKind, Is.EqualTo(SubscriptionRecord.AuthorityOwner));
            Assert.That(bySecond, Does.Contain(_authorityId).And.Contain(AuthorityEndpoint), "the authority's subscription is listed to its regulators");
            Assert.That(bySecond, Does.Not.Contain(_id), "another analyst's own subscription is not");
            Assert.That(Row(bySecond, _authorityId), Does.Not.Contain("handler=Rotate").And.Not.Contain("handler=Disable"), "no buttons it may not use");
            Assert.That(rotateBySecond, Is.EqualTo("forbidden"));
            Assert.That(offBySecond, Is.EqualTo("forbidden"));
            Assert.That(stored.Active, Is.True);
            Assert.That(stored.Secret, Is.Not.Null);
        });
    }

    [Test]
    public async Task Should_rotate_the_secret()
    {
        using var rotated = await Pages.PostFormAsync(_analyst, "/subscriptions?handler=Rotate", new() { ["subscriptionId"] = _id });
        var page = await rotated.Content.ReadAsStringAsync();
        var stored = (await _world.Store.Notifications.SubscriptionAsync(_id))!;
        var reloaded = await _analyst.GetStringAsync("/subscriptions/" + _id);
        Assert.Multiple(() =>
        {
            Assert.That(rotated.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(Pages.Secret(page), Is.EqualTo(stored.Secret).And.Not.EqualTo(Pages.Secret(_madePage)), "the new secret, shown once");
            Assert.That(reloaded, Does.Not.Contain("whsec_"));
            Assert.That(rotated.Headers.TryGetValues("Set-Cookie", out var cookies) ? string.Join(" ", cookies) : "", Does.Not.Contain("whsec_"));
        });
    }

    [Test]
    public async Task Should_switch_the_subscription_off()
    {
        var id = await SubscribeByEmailAsync(_analyst, "off@samr.example", "answer-received");
        using var off = await Pages.PostFormAsync(_analyst, "/subscriptions?handler=Disable", new() { ["subscriptionId"] = id });
        var stored = (await _world.Store.Notifications.SubscriptionAsync(id))!;
        var page = await _analyst.GetStringAsync("/subscriptions");
        Assert.Multiple(() =>
        {
            Assert.That(off.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(off.Headers.Location?.OriginalString, Is.EqualTo("/subscriptions"));
            Assert.That(stored.Active, Is.False);
            Assert.That(Row(page, id), Does.Not.Contain("handler=Disable"), "nothing left to switch off");
        });
    }

    [Test]
    public async Task Should_answer_another_regulator_and_another_authority_404_and_never_list_it()
    {
        var statuses = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (who, client) in new[] { ("second analyst", _second), ("coop viewer", _coopViewer), ("coop analyst", _coopAnalyst) })
        {
            foreach (var id in new[] { _id, _authorityId }.Where(id => who != "second analyst" || id == _id))
            {
                statuses[$"{who} log {id}"] = ((int)(await client.GetAsync("/subscriptions/" + id)).StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
                foreach (var handler in new[] { "Rotate", "Disable", "Resend" })
                {
                    statuses[$"{who} {handler} {id}"] = await StatusAsync(client, handler, id);
                }
            }
        }

        var lists = new[] { await _coopViewer.GetStringAsync("/subscriptions"), await _coopAnalyst.GetStringAsync("/subscriptions") };
        var stored = (await _world.Store.Notifications.SubscriptionAsync(_id))!;
        Assert.Multiple(() =>
        {
            Assert.That(statuses.Values, Has.All.EqualTo("404"), string.Join(", ", statuses));
            Assert.That(lists, Has.All.Not.Contain(_id).And.All.Not.Contain(_authorityId).And.All.Not.Contain(Endpoint).And.All.Not.Contain(AuthorityEndpoint));
            Assert.That(stored.Active, Is.True, "nobody else switched it off");
        });
    }

    [Test]
    public async Task Should_send_a_platform_to_the_not_allowed_page()
    {
        using var page = await _platform.GetAsync("/subscriptions");
        using var log = await _platform.GetAsync("/subscriptions/" + _id);
        Assert.Multiple(async () =>
        {
            Assert.That(page.Headers.Location?.OriginalString, Does.Contain("/status/403"));
            Assert.That(log.Headers.Location?.OriginalString, Does.Contain("/status/403"));
            Assert.That(await StatusAsync(_platform, "Disable", _id), Is.EqualTo("forbidden"));
        });
    }

    [Test]
    public async Task Should_require_the_antiforgery_token()
    {
        const string target = "https://203.0.113.7/platformwatch/forged";
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["Form.Channel"] = "webhook", ["Form.Target"] = target, ["Form.Kinds"] = "case-opened" });
        using var forged = await _analyst.PostAsync("/subscriptions", form);
        using var off = new FormUrlEncodedContent(new Dictionary<string, string> { ["subscriptionId"] = _id });
        using var forgedOff = await _analyst.PostAsync("/subscriptions?handler=Disable", off);
        using var api = _world.Client(ApiRoles.RegulatorAnalyst);
        var listed = await api.GetStringAsync("/api/v1/subscriptions");
        Assert.Multiple(async () =>
        {
            Assert.That(forged.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(forgedOff.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(listed, Does.Not.Contain(target), "nothing made");
            Assert.That((await _world.Store.Notifications.SubscriptionAsync(_id))!.Active, Is.True, "nothing switched off");
        });
    }

    [TestCase("https://127.0.0.1/hook", "en")]
    [TestCase("https://127.0.0.1/hook", "zh-CN")]
    [TestCase("https://10.1.2.3/hook", "en")]
    [TestCase("https://10.1.2.3/hook", "zh-CN")]
    [TestCase("https://169.254.169.254/latest/meta-data", "zh-CN")]
    [TestCase("http://203.0.113.7/hook", "en")]
    [TestCase("http://203.0.113.7/hook", "zh-CN")]
    public async Task Should_refuse_an_endpoint_inside_the_servers_networks_beside_the_target_in_the_page_language(string target, string language)
    {
        var page = await RefusedAsync(language, new() { ["Form.Channel"] = "webhook", ["Form.Target"] = target, ["Form.Kinds"] = "case-opened" });
        using var api = _world.Client(ApiRoles.RegulatorAnalyst);
        api.DefaultRequestHeaders.Add("Accept-Language", language);
        using var refused = await api.PostAsync("/api/v1/subscriptions", MatrixBodies.Text(System.Text.Json.JsonSerializer.Serialize(new { channel = "webhook", target, kinds = new[] { "case-opened" } })));
        var reason = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["errors"]!["target"]![0]!.GetValue<string>();
        Assert.Multiple(() =>
        {
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(FieldErrors(page, "target"), Is.EqualTo(new[] { reason }), "the API's refusal, beside the field");
            Assert.That(Han().IsMatch(reason), Is.EqualTo(language == "zh-CN"), reason);
            Assert.That(page, Does.Contain($"value=\"{target}\""), "the form keeps what was typed");
        });
    }

    [TestCase("leadDays", "0", "en")]
    [TestCase("leadDays", "0", "zh-CN")]
    [TestCase("leadDays", "seven", "en")]
    [TestCase("leadDays", "seven", "zh-CN")]
    [TestCase("minSeverity", "dire", "zh-CN")]
    [TestCase("language", "fr", "en")]
    [TestCase("kinds", null, "zh-CN")]
    public async Task Should_refuse_a_bad_field_beside_it_in_the_page_language(string field, string? value, string language)
    {
        var form = new Dictionary<string, string> { ["Form.Channel"] = "email", ["Form.Target"] = "handler@samr.example" };
        if (field != "kinds")
        {
            form["Form.Kinds"] = "deadline-approaching";
            form["Form." + char.ToUpperInvariant(field[0]) + field[1..]] = value!;
        }

        var reasons = FieldErrors(await RefusedAsync(language, form), field);
        Assert.Multiple(() =>
        {
            Assert.That(reasons, Has.Count.EqualTo(1), field);
            Assert.That(reasons.All(r => Han().IsMatch(r)), Is.EqualTo(language == "zh-CN"), string.Join(" ", reasons));
        });
    }

    [Test]
    public async Task Should_show_the_delivery_log_after_a_fan_out_and_send_a_parked_delivery_again()
    {
        var id = await SubscribeByEmailAsync(_analyst, "notices@samr.example", "notice-issued");
        var caseId = (await _world.Store.Cases.ListAsync(new CaseQuery { PlatformId = ApiWorld.PlatformA, Status = "new", Limit = 1 }))[0].CaseId;
        var (_, noticeId) = await _world.NoticeToAsync(ApiWorld.PlatformA, caseId);

        // The API's own dispatcher fans the notice out and tries to send it (no mail server here: the
        // attempt fails and the delivery waits for its retry).
        DeliveryRecord? delivery = null;
        for (var waited = 0; waited < 300 && delivery is not { Attempts: > 0 }; waited++)
        {
            await Task.Delay(100);
            delivery = await _world.Store.Notifications.GetAsync(DeliveryRecord.IdOf(id, OutboundContracts.MessageId($"notice:{noticeId}").ToString("D")));
        }

        Assert.That(delivery, Is.Not.Null.And.Property(nameof(DeliveryRecord.Attempts)).GreaterThan(0), "fanned out and tried");
        var waiting = await _analyst.GetStringAsync("/subscriptions/" + id);

        // 24 hours of retries later the dispatcher parks it, as here.
        await _world.Store.Notifications.ParkAsync(delivery!.DeliveryId, null, "given up after 12 attempts: no mail server");
        var parked = await _analyst.GetStringAsync("/subscriptions/" + id);
        var byOther = await StatusAsync(_second, "Resend", id, delivery.DeliveryId);
        using var resent = await Pages.PostFormAsync(_analyst, $"/subscriptions/{id}?handler=Resend", new() { ["subscriptionId"] = id, ["deliveryId"] = delivery.DeliveryId });
        var after = (await _world.Store.Notifications.GetAsync(delivery.DeliveryId))!;
        Assert.Multiple(() =>
        {
            Assert.That(Row(waiting, delivery.DeliveryId), Does.Contain("data-status=\"pending\"").And.Contain(HtmlEncoded(ValueText.Of("notifyKind", "notice-issued"))));
            Assert.That(Row(waiting, delivery.DeliveryId), Does.Not.Contain("handler=Resend"), "a waiting delivery is not sent again by hand");
            Assert.That(Row(parked, delivery.DeliveryId), Does.Contain("data-status=\"parked\"").And.Contain("given up after 12 attempts").And.Contain("handler=Resend"));
            Assert.That(byOther, Is.EqualTo("404"), "another analyst cannot resend it");
            Assert.That(resent.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(resent.Headers.Location?.OriginalString, Is.EqualTo("/subscriptions/" + id));
            Assert.That(after.Status, Is.Not.EqualTo(DeliveryRecord.Parked), "sent again");
        });
    }

    [TestCase("zh-CN", "en")]
    [TestCase("en", "zh-CN")]
    public async Task Should_show_the_page_in_the_request_language(string language, string other)
    {
        string[] keys =
        [
            "regsubscriptions.heading", "regsubscriptions.owner", "regsubscriptions.minSeverityHint", "regsubscriptions.leadDaysHint", "regsubscriptions.scope.authority",
            "value.subscriptionOwner.authority", "value.notifyKind.decision-awaiting-approval", "value.notifyKind.finding-withdrawn", "subscriptions.noDeliveries",
        ];
        _admin.DefaultRequestHeaders.Add("Accept-Language", language);
        try
        {
            var page = WebUtility.HtmlDecode(await _admin.GetStringAsync("/subscriptions/" + _authorityId));
            Assert.Multiple(() =>
            {
                Assert.That(page, Does.Contain($"<html lang=\"{language}\">"));
                foreach (var key in keys)
                {
                    Assert.That(page, Does.Contain(UiResources.Text(language, key)), key);
                    Assert.That(page, Does.Not.Contain(UiResources.Text(other, key)), key);
                }
            });
        }
        finally
        {
            _admin.DefaultRequestHeaders.Remove("Accept-Language");
        }
    }

    private async Task<HttpClient> SignedInAsync(string token)
    {
        var client = _world.PageClient();
        await Pages.SignInAsync(client, token);
        return client;
    }

    // An email subscription made through the page (redirected with a flash, no secret), found by its target in the API's list.
    private async Task<string> SubscribeByEmailAsync(HttpClient page, string target, string kind)
    {
        using var made = await Pages.PostFormAsync(page, "/subscriptions", new() { ["Form.Channel"] = "email", ["Form.Target"] = target, ["Form.Kinds"] = kind });
        Assert.That(made.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await made.Content.ReadAsStringAsync());
        using var api = _world.WithKey(_analystToken);
        return JsonNode.Parse(await api.GetStringAsync("/api/v1/subscriptions"))!["items"]!.AsArray()
            .Single(s => s!["target"]!.GetValue<string>() == target)!["subscriptionId"]!.GetValue<string>();
    }

    // A form of the page refused (400) in a language, its page.
    private async Task<string> RefusedAsync(string language, Dictionary<string, string> form)
    {
        _analyst.DefaultRequestHeaders.Add("Accept-Language", language);
        try
        {
            using var refused = await Pages.PostFormAsync(_analyst, "/subscriptions", form);
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            return await refused.Content.ReadAsStringAsync();
        }
        finally
        {
            _analyst.DefaultRequestHeaders.Remove("Accept-Language");
        }
    }

    // What a form about a subscription gets: a status, or "forbidden" (sent to the not-allowed page).
    private static async Task<string> StatusAsync(HttpClient client, string handler, string subscriptionId, string deliveryId = "x")
    {
        using var response = await Pages.PostFormAsync(client, "/subscriptions?handler=" + handler, new() { ["subscriptionId"] = subscriptionId, ["deliveryId"] = deliveryId });
        return response.Headers.Location?.OriginalString.Contains("/status/403", StringComparison.Ordinal) == true
            ? "forbidden" : ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string HtmlEncoded(string text) => WebUtility.HtmlEncode(text);

    // The table row of a subscription or a delivery.
    private static string Row(string page, string id) => Regex.Match(page, $"<tr data-(?:subscription|delivery)=\"{Regex.Escape(id)}\".*?</tr>", RegexOptions.Singleline).Value;

    private static List<string> FieldErrors(string page, string field) =>
        [.. Regex.Matches(page, $"<span class=\"field-error\" role=\"alert\" data-field=\"{field}\">([^<]*)</span>").Select(m => WebUtility.HtmlDecode(m.Groups[1].Value))];


    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex Han();
}
