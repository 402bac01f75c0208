namespace PlatformWatch.DeployTests;

/// <summary>
/// docs/legal-texts.yaml, the law's text for the profiles' citations (issue 19, item 3): it parses, every
/// entry says what was found and where, and every citation of the shipped profiles has an entry (found or
/// marked not found).
/// </summary>
[TestFixture]
internal sealed class The_legal_texts
{
    private const string File = "docs/legal-texts.yaml";

    private const string Profiles = "deploy/rules";

    private static readonly string[] WithText = ["copy", "secondary", "partial"];

    private static readonly string[] Statuses = [.. WithText, "not-found", "not-statute"];

    private static List<Dictionary<string, object?>> Provisions() =>
        [.. Yaml.LoadMap(File).Items("provisions").Select((p, i) => Yaml.Map(p, $"{File}: provision {i}"))];

    [Test]
    public void Name_each_provision_once_with_a_citation_in_both_languages_and_a_status()
    {
        var provisions = Provisions();
        Assert.That(provisions, Is.Not.Empty);
        Assert.Multiple(() =>
        {
            Assert.That(provisions.Select(p => p.Text("id")), Is.Unique, "ids");
            foreach (var p in provisions)
            {
                var id = p.Text("id");
                Assert.That(p.At("citation").Text("zh"), Is.Not.Null.And.Not.Empty, $"{id}: citation.zh");
                Assert.That(p.At("citation").Text("en"), Is.Not.Null.And.Not.Empty, $"{id}: citation.en");
                Assert.That(p.Text("status"), Is.AnyOf(Statuses), $"{id}: status");
                Assert.That(p.Text("language"), Is.AnyOf("zh", "en"), $"{id}: language");
            }
        });
    }

    [Test]
    public void Give_text_only_where_it_was_found_and_then_where_from()
    {
        Assert.Multiple(() =>
        {
            foreach (var p in Provisions())
            {
                var id = p.Text("id");
                var found = WithText.Contains(p.Text("status"));
                Assert.That(string.IsNullOrWhiteSpace(p.Text("text")), Is.EqualTo(!found), $"{id}: a text exactly when one was found");
                if (found)
                {
                    var sources = p.Items("sources").Select(s => Yaml.Map(s, $"{id}: source")).ToList();
                    Assert.That(sources, Is.Not.Empty, $"{id}: the page the text came from");
                    Assert.That(sources.Select(s => s.Text("url")), Has.All.StartsWith("http"), $"{id}: source urls");
                }
            }
        });
    }

    [Test]
    public void Mark_every_eu_text_as_needing_a_chinese_rendering()
    {
        var english = Provisions().Where(p => p.Text("language") == "en" && p.Text("status") != "not-statute").ToList();
        Assert.That(english, Is.Not.Empty);
        Assert.That(english.Where(p => p.Text("zhRendering") != "needed").Select(p => p.Text("id")), Is.Empty,
            "EU acts have no official Chinese version: a rendering is to be written and flagged non-authoritative");
    }

    [Test]
    public void Cover_every_citation_of_the_shipped_profiles()
    {
        var covered = new HashSet<(string?, string?)>();
        foreach (var p in Provisions())
        {
            foreach (var article in p.Items("cited"))
            {
                covered.Add((p.Text("instrument"), article as string));
            }

            foreach (var also in p.Items("also"))
            {
                var other = Yaml.Map(also, $"{p.Text("id")}: also");
                covered.Add((other.Text("instrument"), other.Text("article")));
            }
        }

        var cited = Repo.Files(Profiles, ".yaml", ".yml")
            .SelectMany(f => Yaml.LoadMap(f).Items("rules").SelectMany(r => Citations(r, null)).Select(c => (File: f, c.Instrument, c.Article)))
            .ToList();
        Assert.That(cited, Has.Count.GreaterThan(50), "the profiles' citations (law versions, penalties, aggravations)");
        Assert.That(cited.Where(c => !covered.Contains((c.Instrument, c.Article))).Select(c => $"{c.File}: {c.Instrument} {c.Article}").Distinct(), Is.Empty,
            "citations without an entry in " + File);
    }

    /// <summary>Every article a rule names, with the instrument it belongs to (the nearest one above it).</summary>
    private static IEnumerable<(string? Instrument, string Article)> Citations(object? node, string? instrument)
    {
        if (node is Dictionary<string, object?> map)
        {
            var own = map.Text("instrument") ?? instrument;
            if (map.Text("article") is { } article)
            {
                yield return (own, article);
            }

            foreach (var value in map.Values)
            {
                foreach (var citation in Citations(value, own))
                {
                    yield return citation;
                }
            }
        }
        else if (node is List<object?> list)
        {
            foreach (var citation in list.SelectMany(item => Citations(item, instrument)))
            {
                yield return citation;
            }
        }
    }
}
