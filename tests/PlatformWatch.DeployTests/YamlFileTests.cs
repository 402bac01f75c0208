using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PlatformWatch.DeployTests;

/// <summary>Every YAML file of the compose and Kubernetes deployments is well-formed YAML.</summary>
[TestFixture]
internal sealed class Every_deployment_yaml_file
{
    private static IEnumerable<string> Files() => Repo.Files(Compose.Folder, ".yaml", ".yml").Concat(Repo.Files(Kustomization.Root, ".yaml", ".yml"));

    [Test]
    public void Is_found()
    {
        var files = Files().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(files, Does.Contain(Compose.File));
            Assert.That(files, Does.Contain(Kustomization.Root + "/base/kustomization.yaml"));
            Assert.That(files, Has.Count.GreaterThanOrEqualTo(10), "the deployments' YAML files");
        });
    }

    [TestCaseSource(nameof(Files))]
    public void Parses(string file)
    {
        var stream = new YamlStream();
        try
        {
            using var reader = new StringReader(Repo.Read(file));
            stream.Load(reader);
        }
        catch (YamlException e)
        {
            Assert.Fail($"{file}:{e.Start.Line}:{e.Start.Column}: {e.Message}");
        }

        Assert.That(stream.Documents.Where(d => d.RootNode is YamlMappingNode), Is.Not.Empty, $"{file}: no document is a mapping");
    }
}
