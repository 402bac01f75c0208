using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PlatformWatch.Application;
using PlatformWatch.Hosting;
using PlatformWatch.Store;

namespace PlatformWatch.ApiTests;

/// <summary>
/// Rule profiles changed while the service runs: a broken profile dropped into the folder is
/// refused and the set in force keeps working; a valid change is put in force and its activation
/// is recorded and shown by the API.
/// </summary>
[TestFixture]
internal sealed class Changing_rule_profiles_at_run_time
{
    private ApiWorld _world = null!;
    private string _folder = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _folder = Path.Combine(Path.GetTempPath(), "platformwatch-rules-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
        foreach (var file in Directory.EnumerateFiles(ProfileDirectory.Default, "*.yaml"))
        {
            File.Copy(file, Path.Combine(_folder, Path.GetFileName(file)));
        }

        _world = await ApiWorld.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Rules:Directory"] = _folder,
            ["Rules:ReloadInterval"] = "00:00:00.200",
        });
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        await _world.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    private async Task<JsonNode> GetAsync(string path)
    {
        using var viewer = _world.Client(ApiRoles.RegulatorViewer);
        return (await viewer.GetFromJsonAsync<JsonNode>(path))!;
    }

    private async Task<JsonNode> WaitForAsync(string path, Func<JsonNode, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        var node = await GetAsync(path);
        while (!condition(node) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            node = await GetAsync(path);
        }

        return node;
    }

    [Test]
    [Order(1)]
    public async Task The_activation_at_start_is_recorded()
    {
        var activations = await WaitForAsync("/api/v1/profiles/activations", n => n["items"]!.AsArray().Count > 0);
        var profiles = await GetAsync("/api/v1/profiles");
        var items = activations["items"]!.AsArray();
        Assert.Multiple(() =>
        {
            Assert.That(items.Select(i => i!["reason"]!.GetValue<string>()), Is.All.EqualTo("startup"));
            Assert.That(items.Select(i => i!["profileId"]!.GetValue<string>()), Is.EquivalentTo(profiles["items"]!.AsArray().Select(p => p!["id"]!.GetValue<string>())));
            Assert.That(items.Select(i => i!["setHash"]!.GetValue<string>()), Is.All.EqualTo(profiles["hash"]!.GetValue<string>()));
        });
    }

    [Test]
    [Order(2)]
    public async Task A_broken_profile_is_refused_and_the_set_in_force_keeps_working()
    {
        var before = (await GetAsync("/api/v1/profiles"))["hash"]!.GetValue<string>();
        var activationsBefore = (await GetAsync("/api/v1/profiles/activations"))["items"]!.AsArray().Count;
        await File.WriteAllTextAsync(Path.Combine(_folder, "zz-broken.yaml"), "id: broken\nrules:\n  - id: X\n    type: no-such-type\n    severity: loud\n");
        await Task.Delay(1500); // several reload intervals

        var after = await GetAsync("/api/v1/profiles");
        Assert.Multiple(async () =>
        {
            Assert.That(after["hash"]!.GetValue<string>(), Is.EqualTo(before), "the set in force stays");
            Assert.That((await GetAsync("/api/v1/profiles/activations"))["items"]!.AsArray(), Has.Count.EqualTo(activationsBefore), "nothing activated");
            Assert.That(_world.Services.GetRequiredService<ActiveProfiles>().Current.Find("broken"), Is.Null);
        });

        // Still evaluating with it: an event is processed into findings of the old set.
        using var analyst = _world.Client(ApiRoles.RegulatorAnalyst);
        const string share = """{"type":"MarketShareReported","eventId":"reload-1","occurredAt":"2025-02-01T00:00:00Z","source":"feed","marketId":"cn-reload","jurisdiction":"CN","periodStart":"2024-01-01","periodEnd":"2024-12-31","platformId":"acme-reload","metric":"orders","share":0.8}""";
        using var posted = await analyst.PostAsync("/api/v1/events", new StringContent(share, System.Text.Encoding.UTF8, "application/json"));
        Assert.That((int)posted.StatusCode, Is.EqualTo(202));
        Assert.That(await _world.WaitForEventAsync("reload-1", TimeSpan.FromSeconds(20)), Is.True);
        var findings = await GetAsync("/api/v1/findings?market=cn-reload");
        Assert.That(findings.AsArray().Select(f => f!["ruleId"]!.GetValue<string>()), Does.Contain("CN-AML24-SINGLE"));
        File.Delete(Path.Combine(_folder, "zz-broken.yaml"));
    }

    [Test]
    [Order(3)]
    public async Task A_valid_change_is_put_in_force_and_its_activation_recorded()
    {
        var before = (await GetAsync("/api/v1/profiles"))["hash"]!.GetValue<string>();
        var cn = Path.Combine(_folder, "cn.yaml");
        var text = await File.ReadAllTextAsync(cn);
        await File.WriteAllTextAsync(cn, text + "\n# changed at run time\n");

        var profiles = await WaitForAsync("/api/v1/profiles", n => n["hash"]!.GetValue<string>() != before);
        var hash = profiles["hash"]!.GetValue<string>();
        var activations = await WaitForAsync("/api/v1/profiles/activations", n => n["items"]!.AsArray().Any(i => i!["setHash"]!.GetValue<string>() == hash));
        var cnNow = profiles["items"]!.AsArray().Single(p => p!["id"]!.GetValue<string>() == "cn")!["contentHash"]!.GetValue<string>();
        var newest = activations["items"]!.AsArray().Where(i => i!["setHash"]!.GetValue<string>() == hash).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(hash, Is.Not.EqualTo(before));
            Assert.That(newest.Select(i => i!["reason"]!.GetValue<string>()), Is.All.EqualTo("files-changed"));
            Assert.That(newest.Single(i => i!["profileId"]!.GetValue<string>() == "cn")!["contentHash"]!.GetValue<string>(), Is.EqualTo(cnNow));
            Assert.That(newest.Select(i => i!["activatedBy"]!.GetValue<string>()), Is.All.Contains("@"));
        });
    }
}
