using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PlatformWatch.Store;

namespace PlatformWatch.IntegrationTests;

/// <summary>
/// The situation: an admin creates a platform's API key on the command line, lists the keys,
/// revokes the key, and mistypes a role and a key id; the store checks the token at each step.
/// </summary>
[TestFixture]
internal sealed partial class Keys_created_listed_and_revoked_on_the_command_line
{
    private Cli.Result _created = null!;
    private string _token = "";
    private string _keyId = "";
    private ApiKeyRecord? _foundBeforeRevoking;
    private Cli.Result _listed = null!;
    private Cli.Result _listedJson = null!;
    private Cli.Result _revoked = null!;
    private ApiKeyRecord? _foundAfterRevoking;
    private Cli.Result _listedAfterRevoking = null!;
    private Cli.Result _badRole = null!;
    private Cli.Result _platformKeyWithoutPlatform = null!;
    private Cli.Result _unknownKey = null!;

    [GeneratedRegex("pw_(k[a-z2-7]{12})_[A-Za-z0-9_-]{43}")]
    private static partial Regex Token();

    [OneTimeSetUp]
    public async Task CreateListAndRevoke()
    {
        var folder = Cli.TempFolder();
        var store = CaseStore.Create(new StoreOptions { Connection = Path.Combine(folder, "cases.db") });
        _created = await Cli.RunAsync(folder, "keys", "create", "--name", "acme portal", "--role", "platform", "--platform", "acme", "--db", "cases.db", "--actor", "alice");
        var token = Token().Match(_created.Output);
        _token = token.Value;
        _keyId = token.Groups[1].Value;
        _foundBeforeRevoking = await store.Keys.FindApiKeyAsync(_token);
        _listed = await Cli.RunAsync(folder, "keys", "list", "--db", "cases.db");
        _listedJson = await Cli.RunAsync(folder, "keys", "list", "--json", "--db", "cases.db");
        _revoked = await Cli.RunAsync(folder, "keys", "revoke", _keyId, "--db", "cases.db", "--actor", "bob");
        _foundAfterRevoking = await store.Keys.FindApiKeyAsync(_token);
        _listedAfterRevoking = await Cli.RunAsync(folder, "keys", "list", "--db", "cases.db");
        _badRole = await Cli.RunAsync(folder, "keys", "create", "--name", "root", "--role", "superuser", "--db", "cases.db");
        _platformKeyWithoutPlatform = await Cli.RunAsync(folder, "keys", "create", "--name", "who", "--role", "platform", "--db", "cases.db");
        _unknownKey = await Cli.RunAsync(folder, "keys", "revoke", "kaaaaaaaaaaaa", "--db", "cases.db");
    }

    [Test]
    public void Should_print_the_token_once_saying_it_cannot_be_shown_again()
    {
        Assert.Multiple(() =>
        {
            Assert.That(_created.ExitCode, Is.EqualTo(0), _created.Errors);
            Assert.That(_token, Is.Not.Empty, _created.Output);
            Assert.That(Token().Matches(_created.Output), Has.Count.EqualTo(1));
            Assert.That(_created.Output, Does.Contain("cannot be shown again"));
            Assert.That(_created.Output, Does.Contain($"key id:   {_keyId}").And.Contain("role:     platform").And.Contain("platform: acme"));
        });
    }

    [Test]
    public void Should_create_a_token_the_store_accepts()
    {
        Assert.Multiple(() =>
        {
            Assert.That(_foundBeforeRevoking?.KeyId, Is.EqualTo(_keyId));
            Assert.That(_foundBeforeRevoking?.Role, Is.EqualTo(ApiRoles.Platform));
            Assert.That(_foundBeforeRevoking?.PlatformId, Is.EqualTo("acme"));
            Assert.That(_foundBeforeRevoking?.CreatedBy, Is.EqualTo("alice"));
        });
    }

    [Test]
    public void Should_list_the_key_without_its_token()
    {
        var key = JsonNode.Parse(_listedJson.Output)!.AsArray().Single()!;
        var secret = _token[$"pw_{_keyId}_".Length..];
        Assert.Multiple(() =>
        {
            Assert.That(_listed.ExitCode, Is.EqualTo(0), _listed.Errors);
            Assert.That(_listed.Output, Does.Contain(_keyId).And.Contain("acme portal").And.Contain("platform"));
            Assert.That((string?)key["keyId"], Is.EqualTo(_keyId));
            Assert.That((string?)key["platformId"], Is.EqualTo("acme"));
            Assert.That(key.AsObject().Select(p => p.Key), Does.Not.Contain("secretHash").And.Not.Contain("token"));
            Assert.That(_listed.Output + _listedJson.Output, Does.Not.Contain(secret));
        });
    }

    [Test]
    public void Should_refuse_the_token_once_the_key_is_revoked()
    {
        Assert.Multiple(() =>
        {
            Assert.That(_revoked.ExitCode, Is.EqualTo(0), _revoked.Errors);
            Assert.That(_revoked.Output, Does.Contain($"key {_keyId} (acme portal) revoked").And.Contain("by bob"));
            Assert.That(_foundAfterRevoking, Is.Null);
            Assert.That(_listedAfterRevoking.Output, Does.Contain("by bob"));
        });
    }

    [Test]
    public void Should_exit_2_naming_the_roles_for_an_unknown_role()
    {
        Assert.Multiple(() =>
        {
            Assert.That(_badRole.ExitCode, Is.EqualTo(2));
            Assert.That(_badRole.Errors, Does.Contain("role: unknown role 'superuser'; expected one of: regulator-viewer, regulator-analyst, regulator-supervisor, regulator-admin, platform"));
            Assert.That(_badRole.Output, Does.Not.Contain("pw_"), "no token for a refused key");
        });
    }

    [Test]
    public void Should_exit_2_for_a_platform_key_without_a_platform()
    {
        Assert.Multiple(() =>
        {
            Assert.That(_platformKeyWithoutPlatform.ExitCode, Is.EqualTo(2));
            Assert.That(_platformKeyWithoutPlatform.Errors, Does.Contain("platformId: "));
        });
    }

    [Test]
    public void Should_exit_2_revoking_a_key_that_does_not_exist()
    {
        Assert.Multiple(() =>
        {
            Assert.That(_unknownKey.ExitCode, Is.EqualTo(2));
            Assert.That(_unknownKey.Errors, Does.Contain("key 'kaaaaaaaaaaaa' does not exist"));
        });
    }
}
