using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using PlatformWatch.Api.Endpoints;
using PlatformWatch.Api.Http;
using PlatformWatch.Api.Security;
using PlatformWatch.Application;
using PlatformWatch.Store;

namespace PlatformWatch.Api.Pages;

/// <summary>The case inbox: the filters, sort and paging of <c>GET /api/v1/cases</c>.</summary>
[Authorize(Policy = Policies.AnyCaller)]
public sealed class IndexModel(CaseService cases, ActiveProfiles profiles, IOptions<ApiOptions> options, TimeProvider clock) : UiPageModel(clock)
{
    /// <summary>The cases on this page.</summary>
    public IReadOnlyList<CaseRecord> Cases { get; private set; } = [];

    /// <summary>The page number (from 1).</summary>
    public int PageNumber { get; private set; } = 1;

    /// <summary>Whether a further page exists.</summary>
    public bool HasMore { get; private set; }

    /// <summary>The jurisdictions to filter by.</summary>
    public IReadOnlyList<string> Jurisdictions { get; private set; } = [];

    /// <summary>The authorities' names, by id.</summary>
    public IReadOnlyDictionary<string, string> AuthorityNames { get; private set; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>A filter's current value.</summary>
    public string Value(string name) => Request.Query[name].ToString();

    /// <summary>The address of this inbox with one parameter changed (the page reset unless it is the page).</summary>
    public string With(string name, string? value)
    {
        var query = Request.Query.Where(p => p.Key != name && (name == "page" || p.Key != "page") && p.Value.ToString().Length > 0)
            .Select(p => new KeyValuePair<string, string?>(p.Key, p.Value.ToString())).ToList();
        if (value is not null)
        {
            query.Add(new KeyValuePair<string, string?>(name, value));
        }

        return "/" + QueryString.Create(query);
    }

    /// <summary>The inbox (platforms go to their portal).</summary>
    public async Task<IActionResult> OnGetAsync()
    {
        if (!Me.IsRegulator)
        {
            return LocalRedirect("/portal");
        }

        Jurisdictions = CaseEndpoints.Jurisdictions(profiles);
        var q = new Query(Request.Query);
        var (query, page, pageSize) = CaseEndpoints.ReadCaseQuery(q, profiles, options.Value.MaxPageSize, Now);
        foreach (var (field, reasons) in q.Check())
        {
            Errors[field] = reasons;
        }

        if (Errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        if ((await cases.ListAsync(Me.AsActor(), query, HttpContext.RequestAborted)).Value is not { } listed)
        {
            return Forbid();
        }

        Cases = listed.Take(pageSize).ToList();
        AuthorityNames = (await cases.AuthoritiesAsync(HttpContext.RequestAborted)).All.ToDictionary(a => a.AuthorityId, a => a.Name, StringComparer.Ordinal);
        HasMore = listed.Count > pageSize;
        PageNumber = page;
        return Page();
    }
}
