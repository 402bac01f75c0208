using System.Net;
using PlatformWatch.Store;

namespace PlatformWatch.ApiTests;

// The law in both languages on the case page (issue 19, item 3): the citation in the request's
// language, the authentic text always, a translation into the request's language marked as such.
internal sealed partial class Languages
{
    private async Task<string> CasePageAsync(string ruleId, string language)
    {
        var caseId = (await _world.Store.Findings.ListAsync(new FindingQuery { RuleId = ruleId, Limit = 100 })).First(f => f.CaseId is not null).CaseId!;
        using var client = _world.PageClient();
        using var switched = await client.GetAsync("/signin?lang=" + language);
        await Pages.SignInAsync(client, _world.Tokens[ApiRoles.RegulatorViewer]);
        using var page = await client.GetAsync("/cases/" + Uri.EscapeDataString(caseId));
        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        return WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());
    }

    private const string Ecl19 = "电子商务经营者搭售商品或者服务，应当以显著方式提请消费者注意，不得将搭售商品或者服务作为默认同意的选项。";

    [Test]
    public async Task A_chinese_provision_is_cited_and_quoted_in_chinese_on_the_chinese_case_page()
    {
        var page = await CasePageAsync("CN-ECL19-DEFAULT-TIE", "zh-CN");
        Assert.Multiple(() =>
        {
            Assert.That(page, Does.Contain("<strong>法律依据：</strong>"));
            Assert.That(page, Does.Contain(">《中华人民共和国电子商务法》第十九条</span>"), "the Chinese citation first");
            Assert.That(page, Does.Contain(">E-commerce Law Art. 19</span>"), "the English citation beside it");
            Assert.That(page, Does.Contain($"data-authentic=\"true\">{Ecl19}</blockquote>"), "the statute's text, unmarked: it is the authentic text in the page's language");
            Assert.That(page, Does.Not.Contain("非官方译文"));
        });
    }

    [Test]
    public async Task A_chinese_provision_on_the_english_case_page_shows_the_chinese_text_marked_authentic()
    {
        var page = await CasePageAsync("CN-ECL19-DEFAULT-TIE", "en");
        Assert.Multiple(() =>
        {
            Assert.That(page, Does.Contain(">E-commerce Law Art. 19</span>"), "the English citation first");
            Assert.That(page, Does.Contain(">《中华人民共和国电子商务法》第十九条</span>"), "the Chinese citation beside it");
            Assert.That(page, Does.Contain($"<blockquote lang=\"zh-CN\" data-testid=\"law-quote\" data-authentic=\"true\"><span class=\"tag law-mark\">Authentic Chinese text (there is no official English translation)</span><br />{Ecl19}</blockquote>"));
        });
    }

    [Test]
    public async Task An_eu_provision_on_the_chinese_case_page_shows_the_marked_translation_and_the_english_text()
    {
        var page = await CasePageAsync("DMA-11-SECTIONS", "zh-CN");
        Assert.Multiple(() =>
        {
            Assert.That(page, Does.Contain(">欧盟《数字市场法》（条例(EU) 2022/1925）第11条</span>"));
            Assert.That(page, Does.Contain("data-authentic=\"false\"><span class=\"tag law-mark\">非官方译文</span><br />1. 守门人应在依据第3条被指定后6个月内"));
            Assert.That(page, Does.Contain("data-authentic=\"true\"><span class=\"tag law-mark\">作准文本（英文）</span><br />1. Within 6 months after its designation pursuant to Article 3"));
        });
    }
}
