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
            .SelectMany(f => Yaml.LoadMap(f).Items("rules").SelectMany(r => Citations(r, null)).Select(c => (File: f, c.Instrument, c.Article.En)))
            .ToList();
        Assert.That(cited, Has.Count.GreaterThan(50), "the profiles' citations (law versions, penalties, aggravations)");
        Assert.That(cited.Where(c => !covered.Contains((c.Instrument, c.En))).Select(c => $"{c.File}: {c.Instrument} {c.En}").Distinct(), Is.Empty,
            "citations without an entry in " + File);
    }

    /// <summary>
    /// No quote of a shipped profile differs from the text recorded here: the quote in the authentic
    /// language of each provision is, part by part (parts joined by an ellipsis, …… or …), an exact
    /// substring of the text of an entry that was found as a copy (or the part found of a partial
    /// one) and cites that article, up to the punctuation the corpus turned into ASCII (，；：（）)
    /// and line breaks. A translation (the Chinese of an EU act) goes only with the authentic text.
    /// </summary>
    [Test]
    public void Hold_every_quote_of_the_shipped_profiles()
    {
        var texts = Provisions()
            .Where(p => p.Text("status") is "copy" or "partial" && p.Text("text") is not null)
            .SelectMany(p => p.Items("cited").OfType<string>().Select(a => (p.Text("instrument"), a))
                .Concat(p.Items("also").Select(o => Yaml.MapOrNull(o)).Select(o => (o.Text("instrument"), o.Text("article") ?? "")))
                .Select(key => (Key: key, Language: p.Text("language"), Text: Normalized(p.Text("text")!))))
            .ToList();
        var instruments = Repo.Files(Profiles, ".yaml", ".yml")
            .SelectMany(f => Yaml.LoadMap(f).Child("instruments") ?? [])
            .ToDictionary(i => i.Key, i => Yaml.MapOrNull(i.Value).Text("authentic"), StringComparer.Ordinal);
        var quoted = Repo.Files(Profiles, ".yaml", ".yml")
            .SelectMany(f => Yaml.LoadMap(f).Items("rules").SelectMany(r => Citations(r, null)).Select(c => (File: f, c.Instrument, c.Article.En, c.Quote)))
            .Where(c => c.Quote is not null)
            .ToList();
        Assert.That(quoted, Has.Count.GreaterThan(20), "the profiles' quotes");
        Assert.Multiple(() =>
        {
            foreach (var q in quoted)
            {
                var at = $"{q.File}: {q.Instrument} {q.En}";
                var authentic = q.Instrument is null ? null : instruments.GetValueOrDefault(q.Instrument);
                Assert.That(authentic, Is.AnyOf("zh", "en"), $"{at}: the instrument's authentic language");
                var text = authentic is null ? null : q.Quote.Text(authentic);
                Assert.That(text, Is.Not.Null, $"{at}: a quote gives the authentic ({authentic}) text");
                if (text is null)
                {
                    continue;
                }

                var copies = texts.Where(t => t.Key == (q.Instrument, q.En) && t.Language == authentic).Select(t => t.Text).ToList();
                Assert.That(copies, Is.Not.Empty, $"{at}: quoted, but {File} holds no copy of its text");
                foreach (var part in text.Split(["……", " … "], StringSplitOptions.RemoveEmptyEntries))
                {
                    Assert.That(copies.Any(c => c.Contains(Normalized(part), StringComparison.Ordinal)), Is.True, $"{at}: not in the copy found: {part}");
                }
            }
        });
    }

    [TestCase("（一）以不公平的高价；", "(一)以不公平的高价;")]
    [TestCase("经营者，应当：\n申报。", "经营者,应当:申报。")]
    public void Compare_quotes_up_to_the_corpus_punctuation_and_line_breaks(string published, string copy) =>
        Assert.That(Normalized(published), Is.EqualTo(Normalized(copy)));

    // The corpus's ASCII forms of the published full-width punctuation, and no white space.
    private static string Normalized(string text) =>
        string.Concat(text.Replace('，', ',').Replace('；', ';').Replace('：', ':').Replace('（', '(').Replace('）', ')').Where(c => !char.IsWhiteSpace(c)));

    /// <summary>
    /// Every article a rule names (a law version's, an 'also', a penalty's or an aggravation's; in
    /// both languages, keyed here by its English form as docs/legal-texts.yaml lists it), with the
    /// instrument it belongs to (the nearest one above it) and its quote ({ zh, en }) if any.
    /// </summary>
    private static IEnumerable<(string? Instrument, (string En, string? Zh) Article, Dictionary<string, object?>? Quote)> Citations(object? node, string? instrument)
    {
        if (node is Dictionary<string, object?> map)
        {
            var own = map.Text("instrument") ?? instrument;
            if ((map.Text("article") ?? map.Child("article").Text("en")) is { } article)
            {
                yield return (own, (article, map.Child("article").Text("zh")), map.Child("quote"));
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
