using System.Text.RegularExpressions;

namespace PlatformWatch.DeployTests;

/// <summary>The README's deployment section says what the files do.</summary>
[TestFixture]
internal sealed partial class The_deployment_guide
{
    private const string Guide = "README.md";

    /// <summary>Files the guide's own steps create.</summary>
    private static readonly string[] CreatedBySteps =
    [
        "deploy/k8s/overlays/production", "deploy/k8s/overlays/production/kustomization.yaml",
        "deploy/k8s/overlays/production/settings.env", "deploy/k8s/overlays/production/secrets.env",
    ];

    [Test]
    public void Names_only_files_of_the_repository()
    {
        var paths = RepositoryPath().Matches(Repo.Read(Guide)).Select(m => m.Value.TrimEnd('.', ',', ')')).Distinct().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(paths, Has.Count.GreaterThan(15));
            Assert.That(paths.Where(p => !CreatedBySteps.Contains(p) && !File.Exists(Repo.Path(p)) && !Directory.Exists(Repo.Path(p))), Is.Empty);
        });
    }

    [Test]
    public void Builds_each_image_from_its_dockerfile_with_the_repository_root_as_context()
    {
        var builds = Lines("docker build ").ToList();
        Assert.Multiple(() =>
        {
            foreach (var image in OurImage.All)
            {
                Assert.That(builds.Where(b => b.Contains($"-f {image.Dockerfile} ", StringComparison.Ordinal)), Is.Not.Empty, image.Name);
            }

            Assert.That(builds.Where(b => !b.EndsWith(" .", StringComparison.Ordinal)), Is.Empty, "the build context is the repository root");
            Assert.That(builds.Where(b => OurImage.Of(Dockerfile.Words(b).SkipWhile(w => w != "-t").ElementAtOrDefault(1) ?? "") is not { } image || !b.Contains(image.Dockerfile, StringComparison.Ordinal)), Is.Empty,
                "each tag names the image its Dockerfile builds");
        });
    }

    [Test]
    public void Publishes_the_programs_where_the_systemd_units_run_them()
    {
        var publishes = Lines("sudo dotnet publish ").Select(l => Dockerfile.Words(l)).ToList();
        var units = Repo.Files("deploy/systemd", ".service").Select(SystemdUnit.Load).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(units, Has.Count.EqualTo(2));
            foreach (var unit in units)
            {
                var dll = Dockerfile.Words(unit.Value("Service", "ExecStart") ?? "")[1];
                var folder = dll[..dll.LastIndexOf('/')];
                var publish = publishes.SingleOrDefault(p => p.SkipWhile(w => w != "-o").ElementAtOrDefault(1) == folder);
                Assert.That(publish, Is.Not.Null, $"{unit.PathInRepo} runs {dll}, which no step publishes");
                var project = new Project(publish?.ElementAtOrDefault(3) ?? "");
                Assert.That(File.Exists(Repo.Path(project.Csproj)) && project.Dll == dll[(dll.LastIndexOf('/') + 1)..], Is.True, $"{unit.PathInRepo}: {folder} gets {project.Csproj}");
            }
        });
    }

    [Test]
    public void Builds_kubernetes_with_the_load_restrictor_off()
    {
        var builds = Lines("kubectl kustomize ").ToList();
        Assert.Multiple(() =>
        {
            Assert.That(builds, Is.Not.Empty);
            Assert.That(builds, Has.All.Contains("--load-restrictor LoadRestrictionsNone"), "the rule profiles are outside the kustomization's folder");
            Assert.That(Lines("kubectl apply -k"), Is.Empty, "apply -k cannot lift the load restrictor");
            foreach (var top in Kustomization.TopLevel())
            {
                Assert.That(Repo.Read(top + "/kustomization.yaml"), Does.Contain("--load-restrictor LoadRestrictionsNone"), $"{top} says how to build it");
            }
        });
    }

    private static IEnumerable<string> Lines(string start) =>
        Repo.Read(Guide).Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith(start, StringComparison.Ordinal)).Select(l => l.Split(" #")[0].Trim());

    [GeneratedRegex(@"(?<![\w/.-])(?:deploy|services|tests|docs)/[A-Za-z0-9_./@-]+")]
    private static partial Regex RepositoryPath();
}
