using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PlatformWatch.Store;

namespace PlatformWatch.ApiTests;

/// <summary>
/// Issue 19, item 2: a problem+json answer's <c>detail</c> and its <c>errors</c> reasons are in the
/// request's language (docs/i18n.md), the status, the <c>errors</c> keys and the field names named
/// inside the texts are not. Each invalid request of the table is sent in English and in Chinese; a
/// persisted audit entry written during a Chinese request stays English.
/// </summary>
[TestFixture]
internal sealed partial class Problems_in_the_requests_language
{
    private ApiWorld _world = null!;
    private string _caseId = "";
    private string _owner = "";
    private string _other = "";
    private string _admin = "";

    [OneTimeSetUp]
    public async Task Start()
    {
        _world = await ApiWorld.StartAsync(authorities: "authorities.json");
        _caseId = _world.CaseA;
        var owner = (await _world.Store.Cases.GetAsync(_caseId))!.Case.OwnerAuthorityId;
        _owner = (await _world.Store.Keys.CreateApiKeyAsync("supervisor of the owner", ApiRoles.RegulatorSupervisor, null, owner, "test")).Token;
        _admin = (await _world.Store.Keys.CreateApiKeyAsync("administrator of the default authority", ApiRoles.RegulatorAdmin, null, "samr", "test")).Token;
        _other = (await _world.Store.Keys.CreateApiKeyAsync("supervisor elsewhere", ApiRoles.RegulatorSupervisor, null, owner.StartsWith("ec", StringComparison.Ordinal) ? "cac" : "ec", "test")).Token;
    }

    [OneTimeTearDown]
    public async Task Stop() => await _world.DisposeAsync();

    private const string Decision = """{"findingIds":["f-1"],"facts":"The facts.","legalBasis":"AML 2022 Art. 22","outcome":"penalty-referral","reasons":"The reasons.","fine":""";

    /// <summary>What is sent: who, method, path ({case} the case), body (null: none), the status and the errors' keys expected.</summary>
    public static IEnumerable<TestCaseData> Invalid()
    {
        TestCaseData Row(string name, string who, string method, string path, string? body, HttpStatusCode status, params string[] keys) =>
            new TestCaseData(who, method, path, body, status, keys).SetArgDisplayNames(name);
        yield return Row("unknown JSON key", "owner", "POST", "/api/v1/cases/{case}/comments", """{"text":"A note.","colour":"red"}""", HttpStatusCode.BadRequest, "colour");
        yield return Row("duplicate key", "owner", "POST", "/api/v1/cases/{case}/comments", """{"text":"A note.","text":"Another."}""", HttpStatusCode.BadRequest, "text");
        yield return Row("missing required field", "owner", "POST", "/api/v1/cases/{case}/refer", """{"to":"samr"}""", HttpStatusCode.BadRequest, "reason");
        yield return Row("blank field", "owner", "POST", "/api/v1/cases/{case}/comments", """{"text":"  "}""", HttpStatusCode.BadRequest, "text");
        yield return Row("bad date", "owner", "POST", "/api/v1/cases/{case}/notices", """{"text":"Explain.","responseDueAt":"next week"}""", HttpStatusCode.BadRequest, "responseDueAt");
        yield return Row("deadline in the past", "owner", "POST", "/api/v1/cases/{case}/notices", """{"text":"Explain.","responseDueAt":"2020-01-01T00:00:00Z"}""", HttpStatusCode.Conflict);
        yield return Row("bad decimal", "owner", "POST", "/api/v1/cases/{case}/decisions", Decision + """{"currency":"CNY","amount":"a lot"}}""", HttpStatusCode.BadRequest, "fine.amount");
        yield return Row("out-of-range value", "owner", "POST", "/api/v1/cases/{case}/decisions", Decision + """{"currency":"CNY","percent":150}}""", HttpStatusCode.BadRequest, "fine.percent");
        yield return Row("refused state change", "owner", "POST", "/api/v1/cases/{case}/transition", """{"to":"new"}""", HttpStatusCode.Conflict);
        yield return Row("another authority's case", "other", "GET", "/api/v1/cases/{case}", null, HttpStatusCode.NotFound);
        yield return Row("a platform on a regulator endpoint", ApiRoles.Platform, "GET", "/api/v1/cases", null, HttpStatusCode.Forbidden);
        yield return Row("oversized body", "owner", "POST", "/api/v1/cases/{case}/comments", "{\"text\":\"" + new string('x', 1_100_000) + "\"}", HttpStatusCode.RequestEntityTooLarge);
        yield return Row("bad query parameter", "owner", "GET", "/api/v1/cases?severity=bogus&pageSize=0", null, HttpStatusCode.BadRequest, "severity", "pageSize");
        yield return Row("an event that breaks its contract", "owner", "POST", "/api/v1/events",
            """{"type":"MarketShareReported","eventId":"i19-1","occurredAt":"2026-01-10T00:00:00Z","source":"sample","marketId":"cn-music-streaming","jurisdiction":"CN","periodStart":"2025-01-01","periodEnd":"2025-12-31","platformId":"tunebox","metric":"monthly-active-users","share":"half"}""",
            HttpStatusCode.BadRequest, "share");
        yield return Row("unknown query parameter", "owner", "GET", "/api/v1/cases?colour=red", null, HttpStatusCode.BadRequest, "colour");
        yield return Row("a share of 2", "owner", "POST", "/api/v1/events", Share("\"share\":2"), HttpStatusCode.BadRequest, "share");
        yield return Row("a too-long id", "owner", "POST", "/api/v1/events", Share("\"share\":0.5").Replace("cn-music-streaming", new string('m', 201), StringComparison.Ordinal), HttpStatusCode.BadRequest, "marketId");
        yield return Row("an end before a start", "owner", "POST", "/api/v1/events", Share("\"share\":0.5").Replace("2025-12-31", "2024-12-31", StringComparison.Ordinal), HttpStatusCode.BadRequest, "periodEnd");
        yield return Row("an unknown enum value", "owner", "POST", "/api/v1/events", Share("\"share\":0.5").Replace("monthly-active-users", "listeners", StringComparison.Ordinal), HttpStatusCode.BadRequest, "metric");
        yield return Row("an unknown event type", "owner", "POST", "/api/v1/events", Share("\"share\":0.5").Replace("MarketShareReported", "MarketShareGuessed", StringComparison.Ordinal), HttpStatusCode.BadRequest, "type");
        yield return Row("a duplicate ranking position", "owner", "POST", "/api/v1/events", Ranking, HttpStatusCode.BadRequest, "results[1].position");
        yield return Row("a bad source registry", "admin", "PUT", "/api/v1/sources", """{"sources":[{"id":"x","name":"X","kind":"rumour","jurisdictions":[],"submitters":["someone"]}]}""",
            HttpStatusCode.BadRequest, "sources[0].kind", "sources[0].jurisdictions", "sources[0].submitters[0]");
        yield return Row("a webhook inside the server's networks", ApiRoles.Platform, "POST", "/api/v1/platform/subscriptions",
            """{"channel":"webhook","target":"https://169.254.169.254/latest","kinds":["notice-issued"]}""", HttpStatusCode.BadRequest, "target");
        yield return Row("a regulator's event kind for a platform", ApiRoles.Platform, "POST", "/api/v1/platform/subscriptions",
            """{"channel":"email","target":"c@bazaarly.example","kinds":["case-opened"],"leadDays":[0]}""", HttpStatusCode.BadRequest, "kinds");
        yield return Row("a bad rotation", ApiRoles.Platform, "POST", "/api/v1/platform/subscriptions/S-none/secret", """{"previousValidHours":99}""", HttpStatusCode.BadRequest, "previousValidHours");
        yield return Row("an unknown subscription", ApiRoles.Platform, "GET", "/api/v1/platform/subscriptions/S-none/deliveries", null, HttpStatusCode.NotFound);
        yield return Row("a bad authorities document", "admin", "PUT", "/api/v1/authorities", """{"authorities":[{"id":"samr","name":"SAMR","parent":"nowhere"}]}""", HttpStatusCode.BadRequest, "authorities");
    }

    // A market share event of the table's rows, its share as given.
    private static string Share(string share) =>
        """{"type":"MarketShareReported","eventId":"i19-2","occurredAt":"2026-01-10T00:00:00Z","source":"sample","marketId":"cn-music-streaming","jurisdiction":"CN","periodStart":"2025-01-01","periodEnd":"2025-12-31","platformId":"tunebox","metric":"monthly-active-users",""" + share + "}";

    private const string Ranking = """{"type":"RankingObserved","eventId":"i19-3","occurredAt":"2024-09-02T12:00:00Z","source":"sample","platformId":"bazaarly","marketId":"eu-online-marketplaces","jurisdiction":"EU","queryId":"q-1","results":[{"itemId":"a","position":1,"firstParty":true,"relevance":0.3},{"itemId":"b","position":1,"firstParty":false,"relevance":0.9}]}""";

    /// <summary>The contracts' templated reasons: word for word as the contracts write them in English (CONTRACTS.md), translated with their values in Chinese.</summary>
    public static IEnumerable<TestCaseData> Templated()
    {
        yield return new TestCaseData(Share("\"share\":2"), "share", "must be between 0 and 1, was 2", "必须介于 0 与 1 之间，实为 2").SetArgDisplayNames("a share of 2");
        yield return new TestCaseData(Share("\"share\":0.5").Replace("2025-12-31", "2024-12-31", StringComparison.Ordinal), "periodEnd",
            "must not be before periodStart (2024-12-31 < 2025-01-01)", "不得早于 periodStart（2024-12-31 < 2025-01-01）").SetArgDisplayNames("an end before a start");
        yield return new TestCaseData(Share("\"share\":0.5").Replace("cn-music-streaming", new string('m', 201), StringComparison.Ordinal), "marketId",
            "must be at most 200 characters, was 201", "不得超过 200 个字符，实为 201 个").SetArgDisplayNames("a too-long id");
        yield return new TestCaseData(Ranking, "results[1].position", "position 1 appears twice on the page", "位次 1 在同一页面中出现两次").SetArgDisplayNames("a duplicate ranking position");
        yield return new TestCaseData(Share("\"share\":0.5").Replace("monthly-active-users", "listeners", StringComparison.Ordinal), "metric",
            "unknown value 'listeners'; expected one of: " + string.Join(", ", PlatformWatch.Contracts.Wire.WireNames.Names<PlatformWatch.Contracts.ShareMetric>()),
            "未知取值 'listeners'；应为以下之一：" + string.Join(", ", PlatformWatch.Contracts.Wire.WireNames.Names<PlatformWatch.Contracts.ShareMetric>())).SetArgDisplayNames("an unknown enum value");
    }

    [TestCaseSource(nameof(Templated))]
    public async Task A_templated_contract_reason_is_word_for_word_in_english_and_translated_with_its_values_in_chinese(string body, string field, string english, string chinese)
    {
        var inEnglish = await SendAsync("en", "owner", "POST", "/api/v1/events", body);
        var inChinese = await SendAsync("zh-CN", "owner", "POST", "/api/v1/events", body);
        Assert.Multiple(() =>
        {
            Assert.That(inEnglish.Body["errors"]?[field]?.AsArray().Select(r => r!.GetValue<string>()), Is.EqualTo(new[] { english }), inEnglish.Body.ToJsonString());
            Assert.That(inChinese.Body["errors"]?[field]?.AsArray().Select(r => r!.GetValue<string>()), Is.EqualTo(new[] { chinese }), inChinese.Body.ToJsonString());
        });
    }

    [Test]
    public void Every_contract_reason_code_has_its_text_in_both_languages_and_the_english_one_is_the_contracts_own()
    {
        var folder = Path.Combine(Configuration_reference.RepositoryRoot(), "services", "PlatformWatch.Api", "Resources");
        var english = Languages.Entries(Path.Combine(folder, "UiText.resx"));
        var chinese = Languages.Entries(Path.Combine(folder, "UiText.zh-CN.resx"));
        Assert.Multiple(() =>
        {
            foreach (var (code, template) in PlatformWatch.Contracts.Wire.ContractReasons.English)
            {
                Assert.That(english.GetValueOrDefault("api.contract." + code), Is.EqualTo(template), $"api.contract.{code} in English");
                Assert.That(chinese.GetValueOrDefault("api.contract." + code), Does.Match(Cjk()), $"api.contract.{code} in Chinese");
            }
        });
    }

    [TestCaseSource(nameof(Invalid))]
    public async Task The_same_invalid_request_gets_the_same_status_and_fields_in_both_languages_with_translated_texts(
        string who, string method, string path, string? body, HttpStatusCode status, string[] keys)
    {
        var english = await SendAsync("en", who, method, path, body);
        var chinese = await SendAsync("zh-CN", who, method, path, body);
        var englishTexts = Texts(english.Body);
        var chineseTexts = Texts(chinese.Body);
        Assert.Multiple(() =>
        {
            Assert.That(english.Status, Is.EqualTo(status), english.Body.ToJsonString());
            Assert.That(chinese.Status, Is.EqualTo(status), chinese.Body.ToJsonString());
            Assert.That(Keys(english.Body), Is.EqualTo(keys), "the errors' keys in English");
            Assert.That(Keys(chinese.Body), Is.EqualTo(keys), "the errors' keys in Chinese");
            Assert.That(chinese.Body["status"]?.GetValue<int>(), Is.EqualTo(english.Body["status"]?.GetValue<int>()));
            Assert.That(chinese.Body["type"]?.ToString(), Is.EqualTo(english.Body["type"]?.ToString()));
            Assert.That(english.Body["detail"]?.GetValue<string>(), Is.Not.Null.And.Not.Empty, "an English detail");
            Assert.That(chinese.Body["detail"]?.GetValue<string>(), Is.Not.Null.And.Not.Empty, "a Chinese detail");
            foreach (var key in keys)
            {
                Assert.That(english.Body["detail"]!.GetValue<string>(), Does.Contain(key), "the field is named in the English detail");
                Assert.That(chinese.Body["detail"]!.GetValue<string>(), Does.Contain(key), "the field is named in the Chinese detail");
            }

            foreach (var text in englishTexts)
            {
                Assert.That(Cjk().IsMatch(text), Is.False, $"English: “{text}”");
            }

            foreach (var text in chineseTexts)
            {
                Assert.That(Cjk().IsMatch(text), Is.True, $"Chinese: “{text}”");
                var rest = Verbatim(text, keys);
                Assert.That(EnglishWords().Match(rest).Value, Is.Empty, $"English words in “{text}”");
            }
        });
    }

    [Test]
    public async Task An_audit_entry_and_a_log_written_during_a_chinese_request_stay_english()
    {
        await _world.SqlAsync("UPDATE documents SET content = NULL WHERE document_id = @id", _world.DocumentA);
        var logs = new Logs();
        using var client = _world.OtherInstanceLoggingTo(logs, _owner);
        client.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue("zh-CN"));
        using var response = await client.GetAsync("/api/v1/documents/" + _world.DocumentA);
        var detail = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["detail"]!.GetValue<string>();
        var entry = (await _world.Store.Cases.GetAsync(_caseId))!.Audit.Last(a => a.Action == "document-refused");
        var logged = logs.Lines.Where(l => l.Contains(_world.DocumentA, StringComparison.Ordinal)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(detail, Does.Contain(_world.DocumentA).And.Match(Cjk()), "the caller reads Chinese");
            Assert.That(JsonNode.Parse(entry.Details)!["found"]!.GetValue<string>(), Is.EqualTo("nothing (the stored content is missing)"));
            Assert.That(logged, Is.Not.Empty, "the refusal is logged");
            Assert.That(logged, Has.All.Contain("stored content does not match").And.All.Not.Match(Cjk()), "the log is English");
        });
    }

    private sealed class Logs : Microsoft.Extensions.Logging.ILoggerProvider
    {
        public System.Collections.Concurrent.ConcurrentQueue<string> Lines { get; } = new();

        public Microsoft.Extensions.Logging.ILogger CreateLogger(string categoryName) => new Logger(Lines);

        public void Dispose()
        {
        }

        private sealed class Logger(System.Collections.Concurrent.ConcurrentQueue<string> lines) : Microsoft.Extensions.Logging.ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

            public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue(formatter(state, exception));
        }
    }

    [TestCase("PlatformWatch.Application", "Messages")]
    [TestCase("PlatformWatch.Store", "StoreMessages")]
    public void Every_message_key_exists_in_both_languages_with_the_same_placeholders(string project, string resources)
    {
        var folder = Path.Combine(Configuration_reference.RepositoryRoot(), "services", project, "Resources");
        var english = Languages.Entries(Path.Combine(folder, resources + ".resx"));
        var chinese = Languages.Entries(Path.Combine(folder, resources + ".zh-CN.resx"));
        Assert.Multiple(() =>
        {
            Assert.That(english, Is.Not.Empty);
            Assert.That(english.Keys.Except(chinese.Keys), Is.Empty, "keys without a Chinese text");
            Assert.That(chinese.Keys.Except(english.Keys), Is.Empty, "Chinese texts without an English key");
            foreach (var (key, text) in english)
            {
                if (chinese.TryGetValue(key, out var translated))
                {
                    Assert.That(Cjk().IsMatch(translated) || !translated.Any(char.IsAsciiLetter), Is.True, $"{key}: “{translated}” is not Chinese");
                    Assert.That(Languages.Placeholders(translated), Is.EqualTo(Languages.Placeholders(text)), $"{key}: the placeholders of “{translated}” and “{text}”");
                }
            }
        });
    }

    [Test]
    public void The_source_registrys_refusal_is_english_where_it_is_recorded_and_in_the_callers_language_where_it_is_answered()
    {
        var registry = SourceRegistry.FromSpec(SourceSpec.Parse("""{"sources":[{"id":"nbs","name":"NBS","kind":"statistics-office","jurisdictions":["EU"],"submitters":["amqp:nbs"]}]}""")).Registry!;
        var unregistered = PlatformWatch.Contracts.Wire.EventParser.Parse(Encoding.UTF8.GetBytes(Share("\"share\":0.5"))).Event!;
        var elsewhere = PlatformWatch.Contracts.Wire.EventParser.Parse(Encoding.UTF8.GetBytes(Share("\"share\":0.5").Replace("\"sample\"", "\"nbs\"", StringComparison.Ordinal))).Event!;
        var submission = new Submission("amqp:nbs");
        var before = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
            Assert.Multiple(() =>
            {
                Assert.That(registry.Refuse(unregistered, submission)?.Localized, Is.EqualTo("'sample' 不是已登记的数据来源"));
                Assert.That(registry.Refuse(elsewhere, submission)?.Localized, Is.EqualTo("数据来源 'nbs' 不得就管辖 CN 提交事件（仅限 EU）"));
                Assert.That(registry.Refusal(unregistered, submission), Is.EqualTo("'sample' is not a registered source"), "what the worker records stays English");
                Assert.That(registry.Refusal(elsewhere, submission), Is.EqualTo("source 'nbs' may not speak for jurisdiction CN (only EU)"));
                Assert.That(SourceRegistry.FromSpec(SourceSpec.Parse("""{"sources":[null]}""")).Errors, Is.EqualTo(new[] { "sources[0]: must be an object" }), "the document's check defaults to English");
                Assert.That(SourceRegistry.FromSpec(SourceSpec.Parse("""{"sources":[null]}"""), CultureInfo.CurrentUICulture).Errors, Is.EqualTo(new[] { "sources[0]: 必须是对象" }));
            });
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }

    [Test]
    public void The_application_and_the_store_find_their_chinese_satellites_under_invariant_globalization()
    {
        var before = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
            var chinese = (PlatformWatch.Application.Messages.Format("notFound.case", "C-1"), CaseActionException.Of("case.closed", "C-1").Localized);
            var kept = CaseActionException.Of("case.closed", "C-1").Message;
            CultureInfo.CurrentUICulture = new CultureInfo("en");
            var english = (PlatformWatch.Application.Messages.Format("notFound.case", "C-1"), CaseActionException.Of("case.closed", "C-1").Localized);
            Assert.Multiple(() =>
            {
                Assert.That(chinese, Is.EqualTo(("案件 'C-1'", "案件 C-1 已结案；请先重新开启")));
                Assert.That(english, Is.EqualTo(("case 'C-1'", "case C-1 is closed; re-open it first")));
                Assert.That(kept, Is.EqualTo("case C-1 is closed; re-open it first"), "the exception's message, for logs, is English");
            });
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }

    private async Task<(HttpStatusCode Status, JsonNode Body)> SendAsync(string language, string who, string method, string path, string? body)
    {
        using var client = who switch
        {
            "owner" => _world.WithKey(_owner),
            "other" => _world.WithKey(_other),
            "admin" => _world.WithKey(_admin),
            _ => _world.Client(who),
        };
        client.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue(language));
        using var request = new HttpRequestMessage(new HttpMethod(method), path.Replace("{case}", Uri.EscapeDataString(_caseId), StringComparison.Ordinal));
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using var response = await client.SendAsync(request);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"), $"{method} {path} in {language}");
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    private static string[] Keys(JsonNode body) => body["errors"]?.AsObject().Select(e => e.Key).ToArray() ?? [];

    // The title, the detail and every reason.
    private static List<string> Texts(JsonNode body) =>
        [.. new[] { body["title"], body["detail"] }.OfType<JsonNode>().Select(n => n.GetValue<string>()),
            .. body["errors"]?.AsObject().SelectMany(e => e.Value!.AsArray().Select(r => r!.GetValue<string>())) ?? []];

    // What stays verbatim in a Chinese text: the field names, ids, quoted values, lists of values, codes.
    private string Verbatim(string text, IEnumerable<string> keys)
    {
        foreach (var key in keys.Append(_caseId).Append(_world.DocumentA))
        {
            text = text.Replace(key, " ", StringComparison.Ordinal);
        }

        return Quoted().Replace(text, " ");
    }

    [GeneratedRegex(@"[\u3400-\u9fff]")]
    private static partial Regex Cjk();

    // Two English words in a row: a sentence, not a name or a value.
    [GeneratedRegex(@"\b[A-Za-z]{2,} [A-Za-z]{2,}\b")]
    private static partial Regex EnglishWords();

    [GeneratedRegex(@"'[^']*'|""[^""]*""|“[^”]*”")]
    private static partial Regex Quoted();
}
