using System.Net;
using PlatformWatch.Store;

namespace PlatformWatch.ApiTests;

/// <summary>
/// The API behind a TLS proxy on loopback (Kestrel on 127.0.0.1), the proxy sending
/// <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto: https</c>. From an address in
/// <c>Api:TrustedProxies</c> the headers count: cookies are Secure and each client has its own
/// rate limit; from any other address they are ignored.
/// </summary>
[TestFixture(true)]
[TestFixture(false)]
internal sealed class Behind_a_TLS_proxy(bool trusted)
{
    private const int Limit = 4;
    private ApiWorld _world = null!;

    [OneTimeSetUp]
    public async Task Start() => _world = await ApiWorld.StartAsync(kestrel: true, settings: new Dictionary<string, string?>
    {
        ["Api:RequestsPerMinute"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Api:TrustedProxies:0"] = trusted ? "127.0.0.0/8" : "10.20.30.40",
        ["Api:TrustedProxies:1"] = "192.0.2.1",
    });

    [OneTimeTearDown]
    public async Task Stop() => await _world.DisposeAsync();

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string client, string? cookie = null, HttpContent? content = null)
    {
        using var http = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = _world.Address };
        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Add("X-Forwarded-For", client);
        request.Headers.Add("X-Forwarded-Proto", "https");
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }

        return await http.SendAsync(request);
    }

    [Test, Order(1)]
    public async Task Cookies_are_Secure_only_when_the_proxy_is_trusted()
    {
        using var form = await SendAsync(HttpMethod.Get, "/signin", "198.51.100.1");
        var formCookies = form.Headers.GetValues("Set-Cookie").ToList();
        var token = System.Text.RegularExpressions.Regex.Match(await form.Content.ReadAsStringAsync(), "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        using var fields = new FormUrlEncodedContent(new Dictionary<string, string> { ["key"] = _world.Tokens[ApiRoles.RegulatorViewer], ["__RequestVerificationToken"] = token });
        using var signedIn = await SendAsync(HttpMethod.Post, "/signin", "198.51.100.1", string.Join("; ", formCookies.Select(c => c.Split(';')[0])), fields);
        var cookies = formCookies.Concat(signedIn.Headers.GetValues("Set-Cookie")).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(signedIn.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "signed in");
            Assert.That(cookies, Has.Some.StartsWith("platformwatch.session="));
            Assert.That(cookies.Select(c => c.Contains("; secure", StringComparison.OrdinalIgnoreCase)), Is.All.EqualTo(trusted), string.Join("\n", cookies));
        });
    }

    [Test, Order(2)]
    public async Task Each_forwarded_client_has_its_own_rate_limit_only_when_the_proxy_is_trusted()
    {
        var statuses = new List<int>();
        while (statuses.Count <= 2 * Limit && !statuses.Contains(429))
        {
            using var response = await SendAsync(HttpMethod.Get, "/signin", "203.0.113.1");
            statuses.Add((int)response.StatusCode);
        }

        using var other = await SendAsync(HttpMethod.Get, "/signin", "203.0.113.2");
        Assert.Multiple(() =>
        {
            Assert.That(statuses, Has.Count.InRange(2, Limit + 1).And.Contains(429), "the client reaches its limit");
            Assert.That((int)other.StatusCode, Is.EqualTo(trusted ? 200 : 429), "another client behind the proxy");
        });
    }
}

/// <summary>Each trusted proxy of the settings is an address or a network; anything else stops the API at start.</summary>
[TestFixture]
internal sealed class Trusted_proxies_in_the_settings
{
    [TestCase("10.0.0.5", true)]
    [TestCase("::1", true)]
    [TestCase("10.0.0.0/8", true)]
    [TestCase("fd00::/8", true)]
    [TestCase("10.0.0.0/33", false)]
    [TestCase("proxy.example.org", false)]
    [TestCase("", false)]
    public void Each_is_an_address_or_a_network(string entry, bool valid)
    {
        var options = new PlatformWatch.Api.ApiOptions { TrustedProxies = [entry] };
        var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
        var passed = System.ComponentModel.DataAnnotations.Validator.TryValidateObject(options, new(options), results, validateAllProperties: true);
        Assert.That(passed, Is.EqualTo(valid), string.Join("; ", results));
    }
}
