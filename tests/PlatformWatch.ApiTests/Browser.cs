using Microsoft.Playwright;

namespace PlatformWatch.ApiTests;

/// <summary>
/// Headless Chromium (Debian's, at PLATFORMWATCH_CHROMIUM or /usr/bin/chromium) driven by
/// Playwright, for the browser tests: launching it (skipped when there is none, failed when
/// PLATFORMWATCH_REQUIRE_BROWSER=1), a page signed in with a key, a screenshot of a page.
/// </summary>
internal sealed class Browser : IAsyncDisposable
{
    private Browser(IPlaywright playwright, IBrowser chromium)
    {
        Playwright = playwright;
        Chromium = chromium;
    }

    public IPlaywright Playwright { get; }

    public IBrowser Chromium { get; }

    public static async Task<Browser> LaunchAsync()
    {
        var chromium = Environment.GetEnvironmentVariable("PLATFORMWATCH_CHROMIUM") ?? "/usr/bin/chromium";
        if (!File.Exists(chromium))
        {
            var reason = $"no Chromium at {chromium}: install it (apt-get install -y chromium; ./tests/run.sh does)";
            if (Environment.GetEnvironmentVariable("PLATFORMWATCH_REQUIRE_BROWSER") == "1")
            {
                Assert.Fail(reason);
            }

            Assert.Ignore(reason);
        }

        Assertions.SetDefaultExpectTimeout(15_000);
        var playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-dev-shm-usage"],
        });
        return new Browser(playwright, browser);
    }

    /// <summary>A new page (its own cookies) on the server at <paramref name="address"/>; with a <paramref name="language"/>, a browser set to it (its locale and its <c>Accept-Language</c>).</summary>
    public async Task<IPage> NewPageAsync(Uri address, string? language = null)
    {
        var options = new BrowserNewContextOptions { BaseURL = address.ToString(), ViewportSize = new ViewportSize { Width = 1280, Height = 900 } };
        if (language is not null)
        {
            options.Locale = language;
            options.ExtraHTTPHeaders = new Dictionary<string, string> { ["Accept-Language"] = language };
        }

        var context = await Chromium.NewContextAsync(options);
        context.SetDefaultTimeout(30_000); // a shared two-core machine can be slow; a real failure still fails
        return await context.NewPageAsync();
    }

    /// <summary>A new page signed in with a key's token (sign-in redirects away from /signin once it succeeded).</summary>
    public async Task<IPage> SignedInAsync(Uri address, string token)
    {
        var page = await NewPageAsync(address);
        await page.GotoAsync("/signin");
        await page.GetByLabel("Your PlatformWatch key").FillAsync(token);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(url => !new Uri(url).AbsolutePath.StartsWith("/signin", StringComparison.Ordinal));
        await page.WaitForLoadStateAsync();
        return page;
    }

    /// <summary>Saves the whole page under the test output (and attaches it to the test result).</summary>
    public static async Task ShotAsync(IPage page, string name) => await SaveAsync(page, name);

    /// <summary>
    /// Saves the whole page as <see cref="ShotAsync"/> does and, with PLATFORMWATCH_WRITE_SCREENSHOTS=1,
    /// copies it to <c>docs/screenshots/</c> (the README shows those); the screenshot's path.
    /// </summary>
    public static async Task<string> DocumentedShotAsync(IPage page, string name)
    {
        var path = await SaveAsync(page, name);
        if (Environment.GetEnvironmentVariable("PLATFORMWATCH_WRITE_SCREENSHOTS") == "1")
        {
            File.Copy(path, Path.Combine(Configuration_reference.RepositoryRoot(), "docs", "screenshots", name + ".png"), overwrite: true);
        }

        return path;
    }

    private static async Task<string> SaveAsync(IPage page, string name)
    {
        var folder = Environment.GetEnvironmentVariable("PLATFORMWATCH_SCREENSHOTS") is { Length: > 0 } configured
            ? configured
            : Path.Combine(TestContext.CurrentContext.TestDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        TestContext.AddTestAttachment(path, name);
        return path;
    }

    /// <summary>Closes a fixture's browser and then its world, whichever of them it got to start.</summary>
    public static async Task StopAsync(Browser? browser, ApiWorld? world)
    {
        if (browser is not null)
        {
            await browser.DisposeAsync();
        }

        if (world is not null)
        {
            await world.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Chromium.DisposeAsync();
        Playwright.Dispose();
    }
}
