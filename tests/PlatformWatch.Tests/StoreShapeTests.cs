using System.Reflection;
using PlatformWatch.Store;

namespace PlatformWatch.Tests;

/// <summary>
/// The store is cut by feature (issue 16, item 8): the unit of work (<see cref="StoreSession"/>) and
/// the store (<see cref="CaseStore"/>) keep the transaction, creation and migrations, and hand out
/// one object per feature (ingestion, findings, cases, outbox …), each a class of its own. These
/// tests fail when either grows back into one class of many methods.
/// </summary>
public class StoreShapeTests
{
    // The unit of work and the store each keep a handful of members of their own.
    private const int OwnMembers = 12;

    // A feature that outgrows this is two features.
    private const int FeatureMembers = 24;

    private static readonly (Type Type, string Prefix)[] Holders = [(typeof(StoreSession), "Session"), (typeof(CaseStore), "Store")];

    [TestCaseSource(nameof(Holders))]
    public void Keeps_a_small_set_of_public_members_besides_its_features((Type Type, string Prefix) holder)
    {
        var own = PublicMembers(holder.Type).Where(m => !IsFeature(m, holder.Prefix)).Select(m => m.Name).ToList();
        Assert.That(own, Has.Count.LessThanOrEqualTo(OwnMembers),
            $"{holder.Type.Name} has {own.Count} public members besides its features: {string.Join(", ", own)}; give new work to a feature (or a new one)");
    }

    [TestCaseSource(nameof(Holders))]
    public void Hands_out_its_features_as_classes_of_their_own((Type Type, string Prefix) holder)
    {
        var features = PublicMembers(holder.Type).Where(m => IsFeature(m, holder.Prefix)).ToList();
        Assert.That(features.Select(m => m.Name), Is.SupersetOf(new[] { "Findings", "Cases", "Outbox" }), $"{holder.Type.Name}'s features");
    }

    [TestCaseSource(nameof(Holders))]
    public void Keeps_each_feature_small((Type Type, string Prefix) holder)
    {
        var large = PublicMembers(holder.Type).Where(m => IsFeature(m, holder.Prefix))
            .Select(m => ((PropertyInfo)m).PropertyType)
            .Select(t => (t.Name, Count: PublicMembers(t).Count))
            .Where(f => f.Count > FeatureMembers)
            .Select(f => $"{f.Name} ({f.Count})");
        Assert.That(large, Is.Empty, $"features of more than {FeatureMembers} public members");
    }

    // A feature: a public property named after the feature, of the class named the holder's prefix and it (Session + Cases).
    private static bool IsFeature(MemberInfo member, string prefix) =>
        member is PropertyInfo property && property.PropertyType.Name == prefix + property.Name && property.PropertyType.IsSealed;

    // Methods (overloads each, accessors and object's members aside), properties, fields and events declared by the type.
    private static List<MemberInfo> PublicMembers(Type type) =>
        [.. type.GetMembers(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
            .Where(m => m is not MethodBase { IsSpecialName: true } and not ConstructorInfo)];
}
