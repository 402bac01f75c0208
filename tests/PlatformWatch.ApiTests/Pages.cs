using System.Net;
using System.Text.RegularExpressions;

namespace PlatformWatch.ApiTests;

/// <summary>Signing in to the pages and posting their forms as a browser would (a key once, then the session cookie).</summary>
internal static partial class Pages
{
    /// <summary>Signs the page client in with a key.</summary>
    public static async Task SignInAsync(HttpClient client, string token)
    {
        using var signedIn = await PostFormAsync(client, "/signin", new() { ["key"] = token });
        Assert.That(signedIn.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "signing in");
    }

    /// <summary>Posts a form with the session's antiforgery token (taken from a page that has a form).</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string path, Dictionary<string, string> fields)
    {
        var page = await client.GetStringAsync("/signin");
        fields["__RequestVerificationToken"] = TokenField().Match(page).Groups[1].Value;
        using var form = new FormUrlEncodedContent(fields);
        return await client.PostAsync(path, form);
    }

    /// <summary>Posts a form with a file (multipart, as a browser's upload form) and the session's antiforgery token.</summary>
    public static async Task<HttpResponseMessage> PostFileAsync(HttpClient client, string path, Dictionary<string, string> fields, string fileName, byte[] content)
    {
        var page = await client.GetStringAsync("/signin");
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent(TokenField().Match(page).Groups[1].Value), "__RequestVerificationToken");
        foreach (var (name, value) in fields)
        {
            form.Add(new StringContent(value), name);
        }

        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);
        return await client.PostAsync(path, form);
    }

    /// <summary>The first subscription id a subscriptions page names in a monospaced span (the new secret's, when it shows one).</summary>
    public static string SubscriptionId(string page) => SubscriptionIdSpan().Match(page).Value;

    /// <summary>The signing secret a subscriptions page shows (empty when it shows none).</summary>
    public static string Secret(string page) => SecretSpan().Match(page).Groups[1].Value;

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();

    [GeneratedRegex("(?<=<span class=\"mono\" translate=\"no\">)S-[^<]+")]
    private static partial Regex SubscriptionIdSpan();

    [GeneratedRegex("data-testid=\"secret\">([^<]+)<")]
    private static partial Regex SecretSpan();
}
