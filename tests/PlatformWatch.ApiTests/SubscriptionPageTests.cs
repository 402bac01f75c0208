using System.Net;
using PlatformWatch.Store;

namespace PlatformWatch.ApiTests;

/// <summary>
/// Issue 20: a platform's subscriptions on its portal page (/portal/subscriptions), through the same
/// application service as the API, on SQLite and PostgreSQL. Platform A subscribes a webhook from the
/// form, sees its secret on that answer only, rotates it and switches it off; platform B names A's
/// subscription in the URL and in each form (404) and never sees it listed.
/// </summary>
[TestFixture(StoreProvider.Sqlite)]
[TestFixture(StoreProvider.Postgres)]
internal sealed class Subscription_page_for_the_platform_itself(StoreProvider provider)
{
    private const string Endpoint = "https://203.0.113.7/platformwatch/portal-hooks";

    private ApiWorld _world = null!;
    private HttpClient _a = null!;
    private HttpClient _b = null!;
    private string _madePage = "";
    private HttpStatusCode _madeStatus;
    private string _id = "";
    private string _reloaded = "";

    [OneTimeSetUp]
    public async Task Subscribe()
    {
        _world = await ApiWorld.StartAsync(provider);
        _a = _world.PageClient();
        _b = _world.PageClient();
        await Pages.SignInAsync(_a, _world.Tokens[ApiRoles.Platform]);
        await Pages.SignInAsync(_b, _world.Tokens["platform-b"]);
        using var made = await PostAsync(_a, "/portal/subscriptions", new() { ["Form.Channel"] = "webhook", ["Form.Target"] = Endpoint, ["Form.Kinds"] = "notice-issued" });
        _madeStatus = made.StatusCode;
        _madePage = await made.Content.ReadAsStringAsync();
        _id = Pages.SubscriptionId(_madePage);
        _reloaded = await _a.GetStringAsync("/portal/subscriptions");
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        _a.Dispose();
        _b.Dispose();
        await _world.DisposeAsync();
    }

    [Test]
    public void Should_show_the_new_secret_once_and_not_on_a_reload()
    {
        Assert.Multiple(() =>
        {
            Assert.That(_madeStatus, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(Pages.Secret(_madePage), Does.StartWith("whsec_"));
            Assert.That(_reloaded, Does.Contain(_id).And.Contain(Endpoint), "listed");
            Assert.That(_reloaded, Does.Not.Contain("whsec_"), "the secret is not shown again");
        });
    }

    [Test]
    public async Task Should_rotate_the_secret()
    {
        using var rotated = await PostAsync(_a, "/portal/subscriptions?handler=Rotate", new() { ["subscriptionId"] = _id });
        var page = await rotated.Content.ReadAsStringAsync();
        var stored = (await _world.Store.Notifications.SubscriptionAsync(_id))!;
        Assert.That(rotated.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(Pages.Secret(page), Is.EqualTo(stored.Secret).And.Not.EqualTo(Pages.Secret(_madePage)), "the new secret, shown once");
    }

    [Test]
    public async Task Should_switch_the_subscription_off()
    {
        using var again = await PostAsync(_a, "/portal/subscriptions", new() { ["Form.Channel"] = "webhook", ["Form.Target"] = Endpoint, ["Form.Kinds"] = "decision-served" });
        var id = Pages.SubscriptionId(await again.Content.ReadAsStringAsync());
        using var off = await PostAsync(_a, "/portal/subscriptions?handler=Disable", new() { ["subscriptionId"] = id });
        var stored = (await _world.Store.Notifications.SubscriptionAsync(id))!;
        Assert.Multiple(() =>
        {
            Assert.That(off.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(stored.Active, Is.False);
        });
    }

    [Test]
    public async Task Should_answer_another_platform_404_and_never_list_it()
    {
        var statuses = new Dictionary<string, HttpStatusCode>(StringComparer.Ordinal)
        {
            ["log"] = (await _b.GetAsync("/portal/subscriptions/" + _id)).StatusCode,
        };
        foreach (var handler in new[] { "Rotate", "Disable", "Resend" })
        {
            using var response = await PostAsync(_b, "/portal/subscriptions?handler=" + handler, new() { ["subscriptionId"] = _id, ["deliveryId"] = "x" });
            statuses[handler] = response.StatusCode;
        }

        var listOfB = await _b.GetStringAsync("/portal/subscriptions");
        var stored = (await _world.Store.Notifications.SubscriptionAsync(_id))!;
        Assert.Multiple(() =>
        {
            Assert.That(statuses.Values, Has.All.EqualTo(HttpStatusCode.NotFound), string.Join(", ", statuses));
            Assert.That(listOfB, Does.Not.Contain(_id).And.Not.Contain(Endpoint));
            Assert.That(stored.Active, Is.True, "B switched nothing off");
        });
    }

    [Test]
    public async Task Should_refuse_a_plain_http_endpoint_in_the_form_in_the_page_language()
    {
        var fields = new Dictionary<string, string> { ["Form.Channel"] = "webhook", ["Form.Target"] = "http://203.0.113.7/hooks", ["Form.Kinds"] = "notice-issued" };
        _a.DefaultRequestHeaders.Add("Accept-Language", "zh-CN");
        try
        {
            using var refused = await PostAsync(_a, "/portal/subscriptions", fields);
            var page = await refused.Content.ReadAsStringAsync();
            Assert.Multiple(() =>
            {
                Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
                Assert.That(page, Does.Contain("未能办理"));
            });
        }
        finally
        {
            _a.DefaultRequestHeaders.Remove("Accept-Language");
        }
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string path, Dictionary<string, string> fields) => Pages.PostFormAsync(client, path, fields);
}
