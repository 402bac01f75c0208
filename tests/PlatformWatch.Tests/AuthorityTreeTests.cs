using PlatformWatch.Store;

namespace PlatformWatch.Tests;

/// <summary>
/// The authorities document and the routing precedence, without a database: every error of a bad
/// document is named by its field; of the matching routes the one setting the most lists wins, then
/// the lower tier, then more exact matches, then the route id; no match goes to the default.
/// </summary>
[TestFixture]
internal sealed class An_authority_tree
{
    private static AuthorityTree Tree(string json)
    {
        var (tree, errors) = AuthorityTree.FromSpec(AuthoritySpec.Parse(json));
        Assert.That(errors, Is.Empty);
        return tree!;
    }

    private static RoutingSubject Case(string jurisdiction, string family, string rule, string? market = null, string? platform = null) =>
        new([jurisdiction], family, rule, market, platform);

    [Test]
    public void Refuses_a_bad_document_naming_each_field()
    {
        var (tree, errors) = AuthorityTree.FromSpec(AuthoritySpec.Parse("""
            { "authorities": [
              { "id": "a", "name": "A", "default": true },
              { "id": "a", "name": "again" },
              { "id": "B", "name": "upper case" },
              { "id": "c", "name": "", "parent": "nowhere" },
              { "id": "d", "name": "D", "parent": "a", "default": true, "routes": [ { "markets": ["cn-*-x"] }, { "rules": ["CN-NOPE*"] }, { "families": ["*"] } ] }
            ] }
            """), families: ["CN-AML24"], rules: ["CN-AML24-SINGLE"]);
        Assert.Multiple(() =>
        {
            Assert.That(tree, Is.Null);
            Assert.That(errors, Does.Contain("authorities[1].id: 'a' is also authorities[0]"));
            Assert.That(errors, Has.Some.StartsWith("authorities[2].id: must be"));
            Assert.That(errors, Has.Some.StartsWith("authorities[3].name:"));
            Assert.That(errors, Does.Contain("authorities[3].parent: no authority 'nowhere'"));
            Assert.That(errors, Has.Some.StartsWith("authorities[4].default: the default authority must be at the top"));
            Assert.That(errors, Has.Some.StartsWith("authorities[4].routes[0].markets[0]:"));
            Assert.That(errors, Does.Contain("authorities[4].routes[1].rules[0]: 'CN-NOPE*' matches none of the active profiles' rules"));
            Assert.That(errors, Has.Some.StartsWith("authorities[4].routes[2].families[0]:"));
            Assert.That(errors, Has.Some.StartsWith("default: exactly one authority is the default"));
        });
    }

    [Test]
    public void Refuses_cycles_and_null_entries()
    {
        var cycle = AuthorityTree.FromSpec(AuthoritySpec.Parse("""{ "authorities": [ { "id": "top", "name": "T" }, { "id": "x", "name": "X", "parent": "y" }, { "id": "y", "name": "Y", "parent": "x" } ] }""")).Errors;
        var nulls = AuthorityTree.FromSpec(AuthoritySpec.Parse("""{ "authorities": [ { "id": "top", "name": "T" }, null ] }""")).Errors;
        Assert.Multiple(() =>
        {
            Assert.That(cycle, Has.Some.StartsWith("authorities[1].parent: makes a cycle"));
            Assert.That(nulls, Is.EqualTo(new[] { "authorities[1]: must be an object" }));
        });
    }

    [Test]
    public void Routes_by_lists_set_then_tier_then_exactness_and_else_to_the_default()
    {
        var tree = Tree("""
            { "authorities": [
              { "id": "nat", "name": "National", "default": true, "routes": [ { "jurisdictions": ["CN"] } ] },
              { "id": "prov", "name": "Province", "parent": "nat", "routes": [ { "markets": ["cn-zj-*"] } ] },
              { "id": "city", "name": "City", "parent": "prov", "routes": [ { "markets": ["cn-zj-hz-*"] } ] },
              { "id": "dp", "name": "Data protection", "routes": [ { "jurisdictions": ["CN"], "families": ["CN-PIPL24"] } ] },
              { "id": "exact", "name": "Exact", "routes": [ { "markets": ["cn-zj-hz-taxi"] } ] }
            ] }
            """);
        Assert.Multiple(() =>
        {
            Assert.That(tree.Route(Case("CN", "CN-AML24", "CN-AML24-SINGLE", "cn-sh-retail")).AuthorityId, Is.EqualTo("nat"), "one list, only the national route matches");
            Assert.That(tree.Route(Case("CN", "CN-AML24", "CN-AML24-SINGLE", "cn-zj-retail")).AuthorityId, Is.EqualTo("prov"), "one list each: the lower tier wins over the national route's exact match");
            Assert.That(tree.Route(Case("CN", "CN-AML24", "CN-AML24-SINGLE", "cn-zj-hz-food")).AuthorityId, Is.EqualTo("city"), "lower still");
            Assert.That(tree.Route(Case("CN", "CN-AML24", "CN-AML24-SINGLE", "cn-zj-hz-taxi")).AuthorityId, Is.EqualTo("city"), "same number of lists: tier before exactness");
            Assert.That(tree.Route(Case("CN", "CN-PIPL24", "CN-PIPL24-PRICE", "cn-zj-hz-food")).AuthorityId, Is.EqualTo("dp"), "two lists beat one");
            Assert.That(tree.Route(Case("EU", "EU-102", "EU-102-DOMINANCE", "eu-x")) is { AuthorityId: "nat", RouteId: null }, Is.True, "no match: the default authority");
            Assert.That(tree.Route(Case("CN", "CN-AML24", "CN-AML24-SINGLE", "cn-zj-retail")).RouteId, Is.EqualTo("prov#1"));
        });
    }

    [Test]
    public void Exact_matches_break_a_tie_of_lists_and_tier()
    {
        var tree = Tree("""
            { "authorities": [
              { "id": "top", "name": "Top", "default": true },
              { "id": "prefix", "name": "Prefix", "parent": "top", "routes": [ { "markets": ["cn-*"] } ] },
              { "id": "exact", "name": "Exact", "parent": "top", "routes": [ { "markets": ["cn-taxi"] } ] }
            ] }
            """);
        Assert.That(tree.Route(Case("CN", "CN-AML24", "CN-AML24-SINGLE", "cn-taxi")).AuthorityId, Is.EqualTo("exact"));
    }

    [Test]
    public void Knows_who_is_below_whom()
    {
        var tree = Tree("""{ "authorities": [ { "id": "a", "name": "A", "default": true }, { "id": "b", "name": "B", "parent": "a" }, { "id": "c", "name": "C", "parent": "b" }, { "id": "s", "name": "S", "parent": "a" } ] }""");
        Assert.Multiple(() =>
        {
            Assert.That(tree.IsWithin("c", "a"), Is.True);
            Assert.That(tree.IsWithin("c", "s"), Is.False, "a sibling's subtree");
            Assert.That(tree.IsWithin("a", "c"), Is.False, "not upwards");
            Assert.That(tree.Subtree("b").Select(n => n.AuthorityId), Is.EqualTo(new[] { "b", "c" }));
            Assert.That(tree.Find("c")!.Tier, Is.EqualTo(3));
        });
    }
}
