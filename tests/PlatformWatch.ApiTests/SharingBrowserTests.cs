using Microsoft.Playwright;
using PlatformWatch.Store;

namespace PlatformWatch.ApiTests;

/// <summary>
/// Sharing and referral between authorities from the case page, in a real browser: a supervisor
/// shares a case with a cooperating authority, which reads it (without the internal comments) and
/// comments internally, then revokes the share; and refers another case away, keeping read access.
/// </summary>
[TestFixture]
[Category("Browser")]
internal sealed class Sharing_a_case_in_a_real_browser
{
    private ApiWorld _world = null!;
    private Browser? _browser;

    [OneTimeSetUp]
    public async Task Start()
    {
        _world = await ApiWorld.StartAsync(kestrel: true);
        await _world.SetAuthoritiesAsync(ApiWorld.SharingTree);
        _world.Tokens["coop-analyst"] = (await _world.Store.Keys.CreateApiKeyAsync("coop analyst", ApiRoles.RegulatorAnalyst, null, "coop", "test")).Token;
        _browser = await Browser.LaunchAsync();
    }

    [OneTimeTearDown]
    public Task Stop() => Browser.StopAsync(_browser, _world);

    private Task<IPage> SignedInAsync(string who) => _browser!.SignedInAsync(_world.Address!, _world.Tokens[who]);

    private static Task ShotAsync(IPage page, string name) => Browser.ShotAsync(page, name);

    [Test]
    public async Task A_supervisor_shares_a_case_with_a_cooperating_authority_and_revokes_the_share()
    {
        var path = "/cases/" + Uri.EscapeDataString(_world.CaseA);
        var supervisor = await SignedInAsync(ApiRoles.RegulatorSupervisor);
        await supervisor.GotoAsync(path);
        await Assertions.Expect(supervisor.Locator("[data-testid=case-authority]")).ToContainTextAsync("root");
        await Assertions.Expect(supervisor.Locator("[data-testid=case-access]")).ToContainTextAsync("your authority owns and works this case");

        var share = supervisor.Locator("[data-testid=share-form]");
        await share.GetByLabel("Authority").SelectOptionAsync("coop");
        await share.GetByLabel("read and comment internally").CheckAsync();
        await Assertions.Expect(share.GetByLabel("withhold internal comments")).ToBeCheckedAsync();
        await share.GetByLabel("Reason").FillAsync("Joint investigation of the same conduct.");
        await share.GetByRole(AriaRole.Button, new() { Name = "Share" }).ClickAsync();
        await Assertions.Expect(supervisor.GetByRole(AriaRole.Status)).ToContainTextAsync("Case shared with coop");
        var grant = supervisor.Locator("table[data-testid=grants] tbody tr", new() { HasText = "coop" });
        await Assertions.Expect(grant).ToContainTextAsync("comment");
        await Assertions.Expect(grant).ToContainTextAsync("withheld");
        await ShotAsync(supervisor, "case-shared");

        // The cooperating authority reads it, without the internal comments, and comments internally only.
        var coop = await SignedInAsync("coop-analyst");
        await coop.GotoAsync(path);
        await Assertions.Expect(coop.Locator("[data-testid=case-access]")).ToContainTextAsync("shared with your authority to read and comment internally");
        await Assertions.Expect(coop.Locator("[data-testid=withheld]")).ToBeVisibleAsync();
        await Assertions.Expect(coop.GetByLabel("shared with the platform")).ToHaveCountAsync(0);
        await Assertions.Expect(coop.Locator("[data-testid=share-form]")).ToHaveCountAsync(0);
        await ShotAsync(coop, "case-as-cooperating-authority");
        await coop.GetByLabel("Text").FillAsync("Our file on this platform agrees.");
        await coop.GetByRole(AriaRole.Button, new() { Name = "Add comment" }).ClickAsync();
        await Assertions.Expect(coop.GetByRole(AriaRole.Status)).ToContainTextAsync("Internal comment added");

        // Revoked: its access stops at once.
        await supervisor.ReloadAsync();
        await supervisor.GetByRole(AriaRole.Button, new() { Name = "Revoke the share with coop" }).ClickAsync();
        await Assertions.Expect(supervisor.GetByRole(AriaRole.Status)).ToContainTextAsync("revoked");
        await Assertions.Expect(supervisor.Locator("table[data-testid=grants] tbody tr", new() { HasText = "coop" })).ToContainTextAsync("by test " + ApiRoles.RegulatorSupervisor); // the key that revoked it, by its name
        await Assertions.Expect(supervisor.GetByRole(AriaRole.Button, new() { Name = "Revoke the share with coop" })).ToHaveCountAsync(0);
        var gone = await coop.GotoAsync(path);
        Assert.That(gone!.Status, Is.EqualTo(404), "a revoked share no longer shows the case");
    }

    [Test]
    public async Task A_supervisor_refers_a_case_away_and_keeps_reading_it()
    {
        var supervisor = await SignedInAsync(ApiRoles.RegulatorSupervisor);
        await supervisor.GotoAsync("/cases/" + Uri.EscapeDataString(_world.CaseB));
        var refer = supervisor.Locator("[data-testid=refer-form]");
        await refer.GetByLabel("Authority").SelectOptionAsync("coop");
        await refer.GetByLabel("Reason").FillAsync("The conduct falls under the cooperating authority's remit.");
        await refer.GetByRole(AriaRole.Button, new() { Name = "Refer" }).ClickAsync();
        await Assertions.Expect(supervisor.GetByRole(AriaRole.Status)).ToContainTextAsync("Case referred to coop");
        await Assertions.Expect(supervisor.Locator("[data-testid=case-authority]")).ToContainTextAsync("coop");
        await Assertions.Expect(supervisor.Locator("[data-testid=case-access]")).ToContainTextAsync("read access kept after your authority referred the case");
        await Assertions.Expect(supervisor.Locator("[data-testid=refer-form]")).ToHaveCountAsync(0);
        await ShotAsync(supervisor, "case-referred");

        await supervisor.GotoAsync("/overview");
        await Assertions.Expect(supervisor.Locator("table[data-testid=overview-authorities] tr[data-authority=root-east]")).ToBeVisibleAsync();
        await Assertions.Expect(supervisor.Locator("table[data-testid=overview-authorities] tr[data-authority=coop]")).ToHaveCountAsync(0);
        await ShotAsync(supervisor, "overview");
    }
}
