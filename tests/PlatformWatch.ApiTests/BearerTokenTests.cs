using System.Net;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using PlatformWatch.Store;

namespace PlatformWatch.ApiTests;

/// <summary>
/// Bearer tokens from the regulator's OpenID Connect provider, configured with its issuer, audience
/// and public key: the role and platform claims decide, exactly as an API key's would.
/// </summary>
[TestFixture]
internal sealed class Signing_in_with_a_bearer_token
{
    private const string Issuer = "https://login.regulator.test/realms/platformwatch";
    private const string Audience = "platformwatch-api";
    private readonly RSA _provider = RSA.Create(2048);
    private readonly RSA _stranger = RSA.Create(2048);
    private ApiWorld _world = null!;

    [OneTimeSetUp]
    public async Task Start() => _world = await ApiWorld.StartAsync(settings: new Dictionary<string, string?>
    {
        ["Auth:Jwt:Issuer"] = Issuer,
        ["Auth:Jwt:Audience"] = Audience,
        ["Auth:Jwt:SigningKeyPem"] = _provider.ExportSubjectPublicKeyInfoPem(),
    });

    [OneTimeTearDown]
    public async Task Stop()
    {
        await _world.DisposeAsync();
        _provider.Dispose();
        _stranger.Dispose();
    }

    private string Token(Dictionary<string, object> claims, RSA? key = null, DateTime? expires = null, string audience = Audience) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = audience,
            Claims = claims,
            NotBefore = DateTime.UtcNow.AddMinutes(-5),
            Expires = expires ?? DateTime.UtcNow.AddMinutes(10),
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(key ?? _provider), SecurityAlgorithms.RsaSha256),
        });

    private async Task<HttpStatusCode> StatusAsync(string token, string path)
    {
        using var client = _world.Bearer(token);
        using var response = await client.GetAsync(path);
        return response.StatusCode;
    }

    [Test]
    public async Task A_regulators_token_reads_cases_as_its_authority()
    {
        var token = Token(new() { ["sub"] = "alice", ["platformwatch_role"] = ApiRoles.RegulatorViewer, ["platformwatch_authority"] = "root" });
        var unknown = Token(new() { ["sub"] = "alice", ["platformwatch_role"] = ApiRoles.RegulatorViewer, ["platformwatch_authority"] = "nowhere" });
        Assert.Multiple(async () =>
        {
            Assert.That(await StatusAsync(token, "/api/v1/cases"), Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await StatusAsync(unknown, "/api/v1/cases"), Is.EqualTo(HttpStatusCode.Forbidden), "an authority that does not exist sees nothing");
        });
    }

    [Test]
    public async Task A_platforms_token_sees_its_own_notice_and_not_the_others()
    {
        var token = Token(new() { ["sub"] = "bob", ["platformwatch_role"] = ApiRoles.Platform, ["platform_id"] = ApiWorld.PlatformA });
        Assert.Multiple(async () =>
        {
            Assert.That(await StatusAsync(token, $"/api/v1/platform/notices/{_world.NoticeA}"), Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await StatusAsync(token, $"/api/v1/platform/notices/{_world.NoticeB}"), Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(await StatusAsync(token, "/api/v1/cases"), Is.EqualTo(HttpStatusCode.Forbidden));
        });
    }

    [Test]
    public async Task Tokens_that_do_not_verify_are_401()
    {
        var claims = new Dictionary<string, object> { ["sub"] = "mallory", ["platformwatch_role"] = ApiRoles.RegulatorAdmin, ["platformwatch_authority"] = "root" };
        var statuses = new[]
        {
            await StatusAsync(Token(claims, key: _stranger), "/api/v1/cases"),
            await StatusAsync(Token(claims, expires: DateTime.UtcNow.AddMinutes(-2)), "/api/v1/cases"),
            await StatusAsync(Token(claims, audience: "another-api"), "/api/v1/cases"),
            await StatusAsync(Token(new() { ["sub"] = "mallory" }), "/api/v1/cases"),
            await StatusAsync(Token(new() { ["sub"] = "mallory", ["platformwatch_role"] = "superuser" }), "/api/v1/cases"),
            await StatusAsync(Token(new() { ["sub"] = "mallory", ["platformwatch_role"] = ApiRoles.Platform }), "/api/v1/platform/notices"),
            await StatusAsync(Token(new() { ["sub"] = "mallory", ["platformwatch_role"] = ApiRoles.RegulatorViewer }), "/api/v1/cases"),
            await StatusAsync(Token(new() { ["sub"] = "mallory", ["platformwatch_role"] = ApiRoles.Platform, ["platform_id"] = ApiWorld.PlatformA, ["platformwatch_authority"] = "root" }), "/api/v1/platform/notices"),
        };
        Assert.That(statuses, Is.All.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task API_keys_still_work_beside_tokens()
    {
        using var client = _world.Client(ApiRoles.RegulatorViewer);
        using var response = await client.GetAsync("/api/v1/cases");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }
}
