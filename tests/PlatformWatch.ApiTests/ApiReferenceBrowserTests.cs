using Microsoft.Playwright;
using PlatformWatch.Store;

namespace PlatformWatch.ApiTests;

/// <summary>
/// The interactive API reference (/reference/, Scalar) in a real browser: a signed-in regulator
/// sees the operations of the document, and the page loads everything from this server (the
/// machine has no internet, and the policy of the page allows nothing else); a platform is
/// refused and an anonymous visitor sent to sign in.
/// </summary>
internal sealed partial class Pages_in_a_real_browser
{
    [Test]
    public async Task A_regulator_reads_the_operations_and_nothing_is_fetched_from_elsewhere()
    {
        var page = await SignedInAsync(ApiRoles.RegulatorViewer);
        var elsewhere = new List<string>();
        var errors = new List<string>();
        page.Request += (_, request) =>
        {
            if (new Uri(request.Url) is { Scheme: "http" or "https" } url && url.Authority != _world.Address!.Authority)
            {
                elsewhere.Add(request.Url);
            }
        };
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };

        await page.GotoAsync("/reference/");
        await Assertions.Expect(page.GetByText("List and search cases").First).ToBeVisibleAsync();
        await ShotAsync(page, "api-reference");
        await Assertions.Expect(page.GetByText("PlatformWatch API", new() { Exact = true }).First).ToBeVisibleAsync();
        Assert.Multiple(() =>
        {
            Assert.That(elsewhere, Is.Empty, "requests to other hosts");
            Assert.That(errors.Where(e => e.Contains("Content Security Policy", StringComparison.Ordinal)), Is.Empty, "what the page's policy refused");
        });
    }

    [Test]
    public async Task A_platform_is_refused_and_an_anonymous_visitor_is_sent_to_sign_in()
    {
        var platform = await SignedInAsync(ApiRoles.Platform);
        await platform.GotoAsync("/reference/");
        var anonymous = await NewPageAsync();
        await anonymous.GotoAsync("/reference/");
        Assert.Multiple(() =>
        {
            Assert.That(new Uri(platform.Url).AbsolutePath, Is.EqualTo("/status/403"));
            Assert.That(new Uri(anonymous.Url).AbsolutePath, Is.EqualTo("/signin"));
        });
        Assert.That(await platform.ContentAsync(), Does.Not.Contain("scalar.js"));
    }
}
