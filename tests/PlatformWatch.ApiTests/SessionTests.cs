using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using PlatformWatch.Api.Endpoints;
using PlatformWatch.Application;
using PlatformWatch.Store;

namespace PlatformWatch.ApiTests;

/// <summary>
/// A supervisor of the default authority <c>root</c> is signed in to the pages when
/// <c>authorities set</c> drops <c>root</c> (its keys move to the new default, <c>national</c>),
/// then brings <c>root</c> back beside it, and <c>national</c> refers a case to <c>root</c>: the
/// key may now only read that case, while the session still says <c>root</c>, its owner.
/// </summary>
[TestFixture]
internal sealed class A_session_whose_key_moved_to_another_authority
{
    private ApiWorld _world = null!;
    private HttpClient _session = null!;
    private string _token = "";
    private string _caseId = "";

    [OneTimeSetUp]
    public async Task Start()
    {
        _world = await ApiWorld.StartAsync();
        _token = (await _world.Store.Keys.CreateApiKeyAsync("moving supervisor", ApiRoles.RegulatorSupervisor, null, null, "test")).Token;
        _session = _world.PageClient();
        await Pages.SignInAsync(_session, _token);
        _caseId = _world.CaseB;
        using var before = await _session.GetAsync($"/cases/{_caseId}");
        Assert.That(before.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the session reads the case of its authority");

        await SetAsync("""{"authorities":[{"id":"national","name":"National authority","default":true,"routes":[{"jurisdictions":["CN","EU"]}]}]}""");
        await SetAsync("""{"authorities":[{"id":"root","name":"Root","default":true,"routes":[{"jurisdictions":["CN","EU"]}]},{"id":"national","name":"National authority","routes":[{"jurisdictions":["XX"]}]}]}""");
        await _world.Store.Authorities.ReferAsync(_caseId, "root", "back to root", "test");
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        _session.Dispose();
        await _world.DisposeAsync();
    }

    private async Task SetAsync(string document)
    {
        var (tree, errors) = AuthorityEndpoints.Check(AuthoritySpec.Parse(document), _world.Services.GetRequiredService<ActiveProfiles>());
        Assert.That(errors, Is.Empty);
        await _world.Store.Authorities.SetAsync(tree!, "test");
    }

    [Test, Order(1)]
    public async Task The_key_itself_may_not_assign_the_case_any_more()
    {
        using var api = _world.Client(null);
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("ApiKey", _token);
        using var response = await api.PostAsJsonAsync($"/api/v1/cases/{_caseId}/assign", new { assignee = "mallory" });
        Assert.That((int)response.StatusCode, Is.EqualTo(403).Or.EqualTo(404));
    }

    [Test, Order(2)]
    public async Task Should_not_assign_the_case_through_the_session()
    {
        using var response = await Pages.PostFormAsync(_session, $"/cases/{_caseId}?handler=Assign", new() { ["assignee"] = "mallory" });
        Assert.Multiple(async () =>
        {
            Assert.That(response.Headers.Location?.OriginalString, Does.Contain("/signin"), "the session ended");
            Assert.That((await _world.Store.Cases.GetAsync(_caseId))!.Case.Assignee, Is.Not.EqualTo("mallory"));
        });
    }

    [Test, Order(3)]
    public async Task Should_end_the_session()
    {
        using var response = await _session.GetAsync($"/cases/{_caseId}");
        Assert.That(response.Headers.Location?.OriginalString, Does.Contain("/signin"));
    }
}
