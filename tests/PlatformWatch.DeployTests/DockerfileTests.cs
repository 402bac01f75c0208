namespace PlatformWatch.DeployTests;

/// <summary>The Dockerfiles of deploy/docker build our two images from the repository root, as a non-root user, without secrets.</summary>
[TestFixture]
internal sealed class The_dockerfiles
{
    private static IEnumerable<TestCaseData> Images() => OurImage.All.Select(i => new TestCaseData(i).SetArgDisplayNames(i.Name));

    /// <summary>Names a secret's variable: none may be set in an image.</summary>
    private static readonly string[] SecretWords = ["PASSWORD", "PASS", "SECRET", "TOKEN", "CONNECTION", "AUDIT_KEY", "AUDITKEY", "APIKEY", "API_KEY"];

    /// <summary>The user of the .NET images ($APP_UID is 1654 there).</summary>
    private static readonly string[] NonRootUsers = ["$APP_UID", "${APP_UID}", "1654", "app"];

    [Test]
    public void Every_dockerfile_builds_one_of_our_images()
    {
        var dockerfiles = Repo.Files("deploy/docker", "").Where(f => Path.GetFileName(f).StartsWith("Dockerfile", StringComparison.Ordinal) && !f.EndsWith(".dockerignore", StringComparison.Ordinal)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(dockerfiles, Is.EquivalentTo(OurImage.All.Select(i => i.Dockerfile)));
            Assert.That(OurImage.All.SelectMany(i => i.Programs).Select(p => p.Csproj).Where(p => !File.Exists(Repo.Path(p))), Is.Empty, "projects that do not exist");
        });
    }

    /// <summary>
    /// The tools (tools/: the simulator and its ground truth, for tests and benchmarks) are not
    /// shipped: no image copies them and no project under services/ references one.
    /// </summary>
    [Test]
    public void Ship_no_tool()
    {
        var copies = OurImage.All.SelectMany(i => Dockerfile.Load(i.Dockerfile).Instructions
            .Where(x => x.Keyword is "COPY" or "ADD").Select(x => Dockerfile.Copy(x))
            .Where(c => c.From is null).SelectMany(c => c.Sources).Select(s => $"{i.Dockerfile}: {s}"));
        var references = Repo.Files("services", ".csproj").Where(p => Repo.Read(p).Contains("tools/", StringComparison.Ordinal));
        Assert.Multiple(() =>
        {
            Assert.That(Repo.Files("tools", ".csproj"), Has.Some.EndsWith("PlatformWatch.Simulator.csproj"), "the simulator is a tool");
            Assert.That(copies.Where(c => c.Split(": ")[1].TrimStart('.', '/').StartsWith("tools", StringComparison.Ordinal)), Is.Empty, "tools copied into an image");
            Assert.That(copies, Has.None.EqualTo("./"), "an image that copies the whole repository");
            Assert.That(references, Is.Empty, "shipped projects that reference a tool");
        });
    }

    [TestCaseSource(nameof(Images))]
    public void Copy_only_what_exists_in_the_repository_and_is_in_the_build_context(OurImage image)
    {
        var dockerfile = Dockerfile.Load(image.Dockerfile);
        var ignore = DockerIgnore.Load(image.Dockerfile + ".dockerignore");
        var sources = dockerfile.Instructions.Where(i => i.Keyword is "COPY" or "ADD")
            .Select(i => (Instruction: i, Copy: Dockerfile.Copy(i)))
            .Where(c => c.Copy.From is null)
            .SelectMany(c => c.Copy.Sources.Select(s => (c.Instruction.Line, Source: s.TrimStart('.', '/').TrimEnd('/'))))
            .ToList();
        Assert.Multiple(() =>
        {
            Assert.That(sources, Has.Count.GreaterThan(5), "COPY instructions from the build context");
            foreach (var (line, source) in sources)
            {
                Assert.That(source.Length == 0 || File.Exists(Repo.Path(source)) || Directory.Exists(Repo.Path(source)), Is.True,
                    $"{image.Dockerfile}:{line}: COPY {source}: no such file or folder under the repository root (the build context)");
                Assert.That(source.Length > 0 && ignore.Excludes(source), Is.False, $"{image.Dockerfile}:{line}: COPY {source}: left out of the context by its .dockerignore");
            }
        });
    }

    [TestCaseSource(nameof(Images))]
    public void Have_a_dockerignore_that_keeps_builds_state_and_secrets_out(OurImage image)
    {
        var ignore = DockerIgnore.Load(image.Dockerfile + ".dockerignore");
        Assert.Multiple(() =>
        {
            foreach (var path in new[]
            {
                "services/PlatformWatch.Api/bin/Release/net10.0/platformwatch-api.dll", "services/PlatformWatch.Hosting/obj/project.assets.json",
                ".git/HEAD", "data/platformwatch.db", "data/keys/local-supervisor.token", "cases.db", "deploy/compose/.env",
                "deploy/k8s/overlays/example/secrets.env", "TestResults/x.trx",
            })
            {
                Assert.That(ignore.Excludes(path), Is.True, $"{image.Dockerfile}.dockerignore lets {path} into the build context");
            }
        });
    }

    [TestCaseSource(nameof(Images))]
    public void Restore_from_the_project_files_before_copying_the_sources(OurImage image)
    {
        var dockerfile = Dockerfile.Load(image.Dockerfile);
        var build = dockerfile.Instructions.Where(i => i.Stage == 0).ToList();
        var restore = build.FindIndex(i => i.Keyword == "RUN" && i.Arguments.Contains("dotnet restore", StringComparison.Ordinal));
        Assert.That(restore, Is.GreaterThan(0), $"{image.Dockerfile}: no RUN dotnet restore in the build stage");
        var before = build.Take(restore).Where(i => i.Keyword is "COPY" or "ADD").SelectMany(i => Dockerfile.Copy(i).Sources).ToList();
        var after = build.Skip(restore).Where(i => i.Keyword is "COPY" or "ADD").SelectMany(i => Dockerfile.Copy(i).Sources).ToList();
        var chain = image.Programs.SelectMany(p => ProjectChain(p.Csproj)).Distinct().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(before.Where(s => !(s.EndsWith(".csproj", StringComparison.Ordinal) || s.EndsWith(".props", StringComparison.Ordinal) || s == "global.json")), Is.Empty,
                "before the restore, only project files, props and global.json (else every source change re-runs the restore)");
            Assert.That(chain.Where(p => !before.Contains(p)), Is.Empty, "projects the published project references, missing before the restore");
            Assert.That(before, Does.Contain("Directory.Packages.props").And.Contain("Directory.Build.props"));
            Assert.That(after, Is.Not.Empty, "the sources, after the restore");
        });
    }

    [TestCaseSource(nameof(Images))]
    public void Publish_their_project_in_Release_and_run_its_dll(OurImage image)
    {
        var dockerfile = Dockerfile.Load(image.Dockerfile);
        var publish = dockerfile.Instructions.Where(i => i.Keyword == "RUN" && i.Arguments.Contains("dotnet publish", StringComparison.Ordinal)).ToList();
        var entrypoint = dockerfile.Final.LastOrDefault(i => i.Keyword == "ENTRYPOINT");
        Assert.That(entrypoint, Is.Not.Null, $"{image.Dockerfile}: no ENTRYPOINT in the final stage");
        var command = Dockerfile.ExecForm(entrypoint!.Arguments);
        var workdir = dockerfile.Final.LastOrDefault(i => i.Keyword == "WORKDIR")?.Arguments;
        var copied = dockerfile.Final.Where(i => i.Keyword == "COPY").Select(Dockerfile.Copy).Where(c => c.From is not null).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(publish.Select(p => image.Programs.SingleOrDefault(program => p.Arguments.Contains(program.Csproj, StringComparison.Ordinal))), Is.EqualTo(image.Programs), "one dotnet publish per program it ships, the entrypoint's first");
            Assert.That(publish.Select(p => p.Arguments), Has.All.Contains("-c Release"));
            Assert.That(command, Is.Not.Null, "ENTRYPOINT in exec form (so the program gets SIGTERM)");
            Assert.That(command, Is.EqualTo(new[] { "dotnet", image.Project.Dll }.Concat(image.EntrypointArguments)), $"the AssemblyName of {image.Project.Csproj} is {image.Project.AssemblyName}");
            Assert.That(workdir, Is.EqualTo("/app"), "the program's folder is the working directory (its content root)");
            Assert.That(copied, Has.Count.EqualTo(1), "one COPY --from the build stage");
            Assert.That(copied.Select(c => c.Destination), Has.All.EqualTo("./").Or.EqualTo("/app").Or.EqualTo("."), "the published program copied into the working directory");
            Assert.That(publish.Select(p => Dockerfile.Words(p.Arguments).SkipWhile(w => w != "-o").Skip(1).FirstOrDefault()), Has.All.EqualTo(copied.FirstOrDefault().Sources?.Single()),
                "the runtime stage copies what publish wrote (every program into the one folder)");
        });
    }

    [TestCaseSource(nameof(Images))]
    public void Build_on_the_dotnet_10_sdk_and_run_on_the_aspnet_10_runtime(OurImage image)
    {
        var froms = Dockerfile.Load(image.Dockerfile).Instructions.Where(i => i.Keyword == "FROM").Select(i => Dockerfile.Words(i.Arguments)[0]).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(froms, Has.Count.EqualTo(2), "a build stage and a runtime stage");
            Assert.That(froms[0], Is.EqualTo("mcr.microsoft.com/dotnet/sdk:10.0"));
            Assert.That(froms[^1], Is.EqualTo("mcr.microsoft.com/dotnet/aspnet:10.0"), "ASP.NET Core serves the health and metrics endpoints of both programs");
        });
    }

    /// <summary>The API image installs the fonts the case file's defaults name (without them the file answers 503), as root, before its user.</summary>
    [Test]
    public void The_API_image_installs_the_case_files_fonts()
    {
        var final = Dockerfile.Load("deploy/docker/Dockerfile.api").Final.ToList();
        var install = final.FindIndex(i => i.Keyword == "RUN" && i.Arguments.Contains("apt-get install", StringComparison.Ordinal)
            && i.Arguments.Contains("fonts-dejavu-core", StringComparison.Ordinal) && i.Arguments.Contains("fonts-wqy-zenhei", StringComparison.Ordinal));
        var defaults = new PlatformWatch.Api.CaseFiles.CaseFileOptions();
        Assert.Multiple(() =>
        {
            Assert.That(install, Is.GreaterThanOrEqualTo(0), "apt-get install fonts-dejavu-core fonts-wqy-zenhei in the runtime stage");
            Assert.That(install, Is.LessThan(final.FindIndex(i => i.Keyword == "USER")), "before the image drops root");
            Assert.That(new[] { defaults.RegularFont, defaults.BoldFont }, Has.All.StartsWith("/usr/share/fonts/truetype/dejavu/DejaVuSans"), "the package's files");
            Assert.That(defaults.CjkFont, Is.EqualTo("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"), "fonts-wqy-zenhei's file");
        });
    }

    [TestCaseSource(nameof(Images))]
    public void Run_as_a_user_that_is_not_root(OurImage image)
    {
        var user = Dockerfile.Load(image.Dockerfile).Final.LastOrDefault(i => i.Keyword == "USER")?.Arguments.Split(':')[0].Trim();
        Assert.Multiple(() =>
        {
            Assert.That(user, Is.Not.Null, $"{image.Dockerfile}: no USER in the final stage: it would run as root");
            Assert.That(user, Is.Not.EqualTo("root").And.Not.EqualTo("0"));
            Assert.That(NonRootUsers, Does.Contain(user), "the .NET images' non-root user (uid 1654), which the Kubernetes manifests name as runAsUser");
        });
    }

    [TestCaseSource(nameof(Images))]
    public void Expose_and_check_the_port_their_program_listens_on(OurImage image)
    {
        var dockerfile = Dockerfile.Load(image.Dockerfile);
        var environment = Environment(dockerfile);
        var port = Listening.ReachablePort(image.Role, [], environment, image.Dockerfile);
        var exposed = dockerfile.Final.Where(i => i.Keyword == "EXPOSE").SelectMany(i => Dockerfile.Words(i.Arguments)).Select(p => p.Split('/')[0]).ToList();
        var healthcheck = dockerfile.Final.LastOrDefault(i => i.Keyword == "HEALTHCHECK");
        Assert.Multiple(() =>
        {
            Assert.That(exposed, Is.EqualTo(new[] { port.ToString(System.Globalization.CultureInfo.InvariantCulture) }));
            Assert.That(healthcheck, Is.Not.Null, "a HEALTHCHECK");
            var probe = HttpProbe.Find(healthcheck!.Arguments, environment);
            Assert.That(probe, Is.Not.Null, $"{image.Dockerfile}: the HEALTHCHECK requests no path of ours: {healthcheck.Arguments}");
            Assert.That(probe?.Port, Is.EqualTo(port), "the HEALTHCHECK's port");
            Assert.That(ServedPaths.All, Does.Contain(probe?.Path), "the HEALTHCHECK's path");
        });
    }

    [TestCaseSource(nameof(Images))]
    public void Bake_in_no_secret_and_set_only_real_settings(OurImage image)
    {
        var dockerfile = Dockerfile.Load(image.Dockerfile);
        var variables = dockerfile.Instructions.Where(i => i.Keyword is "ENV" or "ARG").SelectMany(Dockerfile.Pairs).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(variables.Where(v => SecretWords.Any(w => v.Key.ToUpperInvariant().Replace("__", "_", StringComparison.Ordinal).Contains(w, StringComparison.Ordinal))).Select(v => v.Key), Is.Empty,
                "secrets come from the environment at run time, never from the image");
            Assert.That(dockerfile.Final.Where(i => i.Keyword == "ENV").SelectMany(Dockerfile.Pairs).Select(v => Settings.Problem(v.Key)).OfType<string>(), Is.Empty);
        });
    }

    /// <summary>The environment the final stage sets.</summary>
    public static Dictionary<string, string> Environment(Dockerfile dockerfile) =>
        dockerfile.Final.Where(i => i.Keyword == "ENV").SelectMany(Dockerfile.Pairs).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal);

    // A project and every project it references, relative to the repository root.
    private static List<string> ProjectChain(string csproj)
    {
        var result = new List<string> { csproj };
        var folder = Path.GetDirectoryName(csproj)!;
        foreach (var reference in System.Xml.Linq.XDocument.Load(Repo.Path(csproj)).Descendants("ProjectReference").Select(r => (string?)r.Attribute("Include")).OfType<string>())
        {
            result.AddRange(ProjectChain(Repo.Relative(Repo.Path(Path.Combine(folder, reference)))).Where(p => !result.Contains(p)));
        }

        return result;
    }
}
