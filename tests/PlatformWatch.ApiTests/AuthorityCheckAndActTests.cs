using System.Text.Json.Nodes;
using PlatformWatch.Application;
using PlatformWatch.Hosting;
using PlatformWatch.Store;

namespace PlatformWatch.ApiTests;

/// <summary>
/// Issue 17: replacing the authorities checked that the caller administers the default authority
/// in one transaction and replaced the tree in another, so another administrator's change that
/// made another authority the default could land in between, and the caller (no longer of the
/// default authority) still replaced the tree. The authority service checks on the tree it locks
/// and replaces it in the same transaction: a change made between waits for it, one made before
/// refuses it. The test holds the service between its check and its action. On SQLite and on
/// PostgreSQL; and the same for the source registry, which only the default authority's
/// administrators change, and for a key made for an authority that a change of the tree drops.
/// </summary>
[TestFixture(StoreProvider.Sqlite)]
[TestFixture(StoreProvider.Postgres)]
internal sealed class The_default_authority_changed_between_the_check_and_the_replacement(StoreProvider provider)
{
    private static readonly Actor SamrAdmin = new("key:samr-admin", ApiRoles.RegulatorAdmin, "samr");

    private ApiWorld _world = null!;

    [SetUp]
    public async Task Start() => _world = await ApiWorld.StartAsync(provider, authorities: "authorities.json");

    // Without a PostgreSQL server the set-up ignores the test before a world exists.
    [TearDown]
    public async Task Stop()
    {
        if (_world is not null)
        {
            await _world.DisposeAsync();
        }
    }

    // The test tree with its default authority moved to another top-level authority (named so to tell the change apart).
    private static AuthorityTree TreeWithDefault(string authorityId, string name)
    {
        var spec = JsonNode.Parse(File.ReadAllText(Path.Combine(TestContext.CurrentContext.TestDirectory, "authorities.json")))!;
        foreach (var a in spec["authorities"]!.AsArray())
        {
            a!.AsObject().Remove("default");
            if (a["id"]!.GetValue<string>() == authorityId)
            {
                a["default"] = true;
                a["name"] = name;
            }
        }

        var (tree, errors) = PlatformWatch.Api.Endpoints.AuthorityEndpoints.Check(AuthoritySpec.Parse(spec.ToJsonString()), new ActiveProfiles(ProfileDirectory.LoadOrThrow(ProfileDirectory.Default)));
        Assert.That(errors, Is.Empty);
        return tree!;
    }

    // Another administrator's change that makes ec the default, started between the check and the action; landed if done within 3 s.
    private sealed class Other(CaseStore store)
    {
        public Task<AuthorityChange>? Change { get; private set; }

        public bool LandedInBetween { get; private set; } = true;

        public async Task MakeEcTheDefaultAsync()
        {
            Change = store.Authorities.SetAsync(TreeWithDefault("ec", "ec made the default"), "key:another-admin");
            LandedInBetween = await Task.WhenAny(Change, Task.Delay(TimeSpan.FromSeconds(3))) == Change;
        }
    }

    [Test]
    public async Task Should_not_let_a_change_of_the_default_land_between_the_check_and_the_replacement()
    {
        var other = new Other(_world.Store);
        var service = new AuthorityService(_world.Store) { BetweenCheckAndAct = other.MakeEcTheDefaultAsync };

        var replaced = await service.ReplaceAsync(SamrAdmin, TreeWithDefault("samr", "samr, replaced"), CancellationToken.None);
        await other.Change!;

        // Which change came last is read from the tree in force, not from the changes' times: two
        // changes a few milliseconds apart on a loaded machine are no order to rely on.
        var changes = await _world.Store.Authorities.ListChangesAsync(10);
        var tree = await _world.Store.Authorities.GetTreeAsync();
        Assert.Multiple(() =>
        {
            Assert.That(other.LandedInBetween, Is.False, "the other change committed between the check and the replacement");
            Assert.That(replaced.Kind, Is.EqualTo(OutcomeKind.Ok));
            Assert.That(changes.Take(2).Select(c => c.ChangedBy), Is.EquivalentTo(new[] { "key:another-admin", "key:samr-admin" }), "both changes were made");
            Assert.That((tree.Default.AuthorityId, tree.Default.Name), Is.EqualTo(("ec", "ec made the default")), "samr replaced the tree while it was the default, then the other change made ec the default");
        });
    }

    [Test]
    public async Task Should_not_let_a_change_of_the_default_land_between_the_check_and_a_change_of_the_sources()
    {
        var other = new Other(_world.Store);
        var service = new SourceService(_world.Store) { BetweenCheckAndAct = other.MakeEcTheDefaultAsync };

        var replaced = await service.ReplaceAsync(SamrAdmin, SourceRegistry.None, CancellationToken.None);
        await other.Change!;

        Assert.Multiple(async () =>
        {
            Assert.That(other.LandedInBetween, Is.False, "the change of the default committed between the check and the change of the sources");
            Assert.That(replaced.Kind, Is.EqualTo(OutcomeKind.Ok));
            Assert.That((await _world.Store.Sources.ListChangesAsync(1)).Single().ChangedBy, Is.EqualTo("key:samr-admin"));
        });
    }

    [Test]
    public async Task Should_not_let_a_change_dropping_an_authority_land_between_the_check_and_the_insert_of_its_key()
    {
        var spec = JsonNode.Parse(File.ReadAllText(Path.Combine(TestContext.CurrentContext.TestDirectory, "authorities.json")))!;
        spec["authorities"]!.AsArray().Remove(spec["authorities"]!.AsArray().Single(a => a!["id"]!.GetValue<string>() == "ec-dma"));
        var (withoutDma, errors) = PlatformWatch.Api.Endpoints.AuthorityEndpoints.Check(AuthoritySpec.Parse(spec.ToJsonString()), new ActiveProfiles(ProfileDirectory.LoadOrThrow(ProfileDirectory.Default)));
        Assert.That(errors, Is.Empty);
        Task<AuthorityChange>? drop = null;
        var landedInBetween = true;
        _world.Store.Keys.BetweenCheckAndInsert = async () =>
        {
            drop = _world.Store.Authorities.SetAsync(withoutDma!, "key:another-admin");
            landedInBetween = await Task.WhenAny(drop, Task.Delay(TimeSpan.FromSeconds(3))) == drop;
        };

        var issued = await _world.Store.Keys.CreateApiKeyAsync("dma analyst", ApiRoles.RegulatorAnalyst, null, "ec-dma", "operator");
        _world.Store.Keys.BetweenCheckAndInsert = null;
        var refused = Assert.ThrowsAsync<CaseActionException>(() => drop!);

        var tree = await _world.Store.Authorities.GetTreeAsync();
        var stranded = (await _world.Store.Keys.ListApiKeysAsync()).Where(k => !k.IsRevoked && k.AuthorityId is { } a && tree.Find(a) is null).Select(k => k.KeyId);
        Assert.Multiple(() =>
        {
            Assert.That(landedInBetween, Is.False, "the change dropping ec-dma committed between the check and the insert of its key");
            Assert.That(refused!.Message, Does.Contain(issued.Key.KeyId), "the change waited for the key, then refused over it");
            Assert.That(stranded, Is.Empty, "no active key of an authority the tree does not have");
        });
    }

    [Test]
    public async Task Should_refuse_a_replacement_after_the_default_moved_away()
    {
        await _world.Store.Authorities.SetAsync(TreeWithDefault("ec", "ec made the default"), "key:another-admin");

        var replaced = await new AuthorityService(_world.Store).ReplaceAsync(SamrAdmin, TreeWithDefault("samr", "samr, replaced"), CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That(replaced.Kind, Is.EqualTo(OutcomeKind.Forbidden));
            Assert.That(replaced.Reason, Does.Contain("default authority 'ec'"));
            Assert.That((await _world.Store.Authorities.GetTreeAsync()).Default.AuthorityId, Is.EqualTo("ec"));
        });
    }
}
