namespace PlatformWatch.DeployTests;

/// <summary>The systemd units of deploy/systemd: the API, and a template for as many workers as the machine runs.</summary>
[TestFixture]
internal sealed class The_systemd_units
{
    private const string Folder = "deploy/systemd";

    private const string EnvironmentFile = "/etc/platformwatch/platformwatch.env";

    private const string EnvExample = Folder + "/platformwatch.env.example";

    private const string StateDirectory = "/var/lib/platformwatch";

    /// <summary>Each unit, the program it runs and the arguments after the dll.</summary>
    private static readonly (string File, Project Project, Role Role)[] Units =
    [
        (Folder + "/platformwatch-api.service", Project.Api, Role.Api),
        (Folder + "/platformwatch-worker@.service", Project.Worker, Role.Worker),
    ];

    private static IEnumerable<TestCaseData> UnitCases() => Units.Select(u => new TestCaseData(u.File, u.Role).SetArgDisplayNames(Path.GetFileName(u.File)));

    [Test]
    public void Are_the_api_and_a_worker_template()
    {
        Assert.That(Repo.Files(Folder, ".service"), Is.EquivalentTo(Units.Select(u => u.File)));
    }

    [TestCaseSource(nameof(UnitCases))]
    public void Run_their_programs_dll(string file, Role role)
    {
        var unit = SystemdUnit.Load(file);
        var project = Units.Single(u => u.File == file).Project;
        var exec = Dockerfile.Words(unit.Value("Service", "ExecStart") ?? "");
        Assert.Multiple(() =>
        {
            Assert.That(unit.Sections, Is.EquivalentTo(new[] { "Unit", "Service", "Install" }));
            Assert.That(unit.Values("Service", "ExecStart"), Has.Count.EqualTo(1));
            Assert.That(exec.ElementAtOrDefault(0), Is.EqualTo("/usr/bin/dotnet"));
            Assert.That(Path.GetFileName(exec.ElementAtOrDefault(1) ?? ""), Is.EqualTo(project.Dll), $"the AssemblyName of {project.Csproj}");
            if (role == Role.Worker)
            {
                Assert.That(exec.Skip(2), Is.Empty, "the worker program takes its settings from the environment file");
            }
            else
            {
                var addresses = Listening.Api([.. exec.Skip(2)], new Dictionary<string, string>(), appSettingsInContentRoot: false);
                Assert.That(exec.Skip(2).FirstOrDefault(), Is.EqualTo("--urls"), "the address on the command line, where nothing outranks it");
                Assert.That(addresses.Select(a => a.Port), Is.EqualTo(new[] { 8080 }));
            }

            Assert.That(unit.Value("Install", "WantedBy"), Is.EqualTo("multi-user.target"));
            Assert.That(unit.Values("Unit", "After"), Does.Contain("network-online.target"));
        });
    }

    [TestCaseSource(nameof(UnitCases))]
    public void Run_as_a_dedicated_user_with_the_shared_environment_file(string file, Role role)
    {
        var unit = SystemdUnit.Load(file);
        Assert.Multiple(() =>
        {
            Assert.That(unit.Value("Service", "User") is { Length: > 0 } user && user != "root" || unit.Value("Service", "DynamicUser") == "yes", Is.True, "User= (not root) or DynamicUser=yes");
            Assert.That(unit.Values("Service", "EnvironmentFile"), Is.EqualTo(new[] { EnvironmentFile }));
            Assert.That(unit.Value("Service", "WorkingDirectory"), Is.EqualTo(StateDirectory));
            Assert.That(unit.Value("Service", "StateDirectory"), Is.EqualTo(Path.GetFileName(StateDirectory)));
            Assert.That(role is Role.Api or Role.Worker, Is.True);
        });
    }

    [TestCaseSource(nameof(UnitCases))]
    public void Are_hardened_and_restart_on_failure(string file, Role role)
    {
        var unit = SystemdUnit.Load(file);
        Assert.Multiple(() =>
        {
            Assert.That(unit.Value("Service", "Restart"), Is.EqualTo("on-failure"));
            Assert.That(unit.Value("Service", "NoNewPrivileges"), Is.EqualTo("yes"));
            Assert.That(unit.Value("Service", "ProtectSystem"), Is.EqualTo("strict"));
            Assert.That(unit.Value("Service", "PrivateTmp"), Is.EqualTo("yes"));
            Assert.That(unit.Value("Service", "ProtectHome"), Is.EqualTo("yes").Or.EqualTo("read-only").Or.EqualTo("tmpfs"));
            Assert.That(unit.Values("Service", "ReadWritePaths").SelectMany(v => v.Split(' ')), Does.Contain(StateDirectory), "the data folder stays writable");
            Assert.That(unit.Value("Service", "MemoryDenyWriteExecute"), Is.Not.EqualTo("yes"), "the .NET JIT needs writable, executable memory");
            Assert.That(unit.Value("Service", "CapabilityBoundingSet"), Is.Empty, "no capabilities");
            if (role == Role.Worker)
            {
                Assert.That(TimeSpan.FromSeconds(int.Parse(unit.Value("Service", "TimeoutStopSec")!.TrimEnd('s'), System.Globalization.CultureInfo.InvariantCulture)), Is.GreaterThan(TimeSpan.FromSeconds(30)),
                    "batches in flight get up to 30 s to commit after SIGTERM");
            }
        });
    }

    [Test]
    public void Give_each_worker_instance_its_own_health_and_metrics_port()
    {
        var unit = SystemdUnit.Load(Units.Single(u => u.Role == Role.Worker).File);
        var example = Repo.EnvFile(EnvExample);
        var ports = Enumerable.Range(0, 10).Select(i => Listening.Worker(unit.Environment(i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToDictionary(e => e.Key, e => e.Value))).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(unit.Values("Service", "Environment").Where(v => v.StartsWith("Observability__HttpPort=", StringComparison.Ordinal)), Has.All.Contains("%i"));
            Assert.That(ports, Is.Unique, "instances 0 to 9 on ports of their own");
            Assert.That(ports, Has.All.InRange(1024, 65535));
            Assert.That(example.Select(e => e.Key), Does.Not.Contain("Observability__HttpPort"), "the environment file would override every instance's port");
        });
    }

    [Test]
    public void Set_only_real_settings_and_placeholder_secrets()
    {
        var example = Repo.EnvFile(EnvExample);
        var units = Units.SelectMany(u => SystemdUnit.Load(u.File).Environment("1")).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(example.Concat(units).Select(e => Settings.Problem(e.Key)).OfType<string>(), Is.Empty);
            Assert.That(Settings.BindingProblems(example.Concat(units).Select(e => new KeyValuePair<string, string?>(e.Key, e.Value))), Is.Empty);
            Assert.That(example.Select(e => e.Key), Is.SupersetOf(new[] { "Store__Provider", "Store__Connection", "PLATFORMWATCH_AUDIT_KEY", "Bus__Transport", "Bus__Host", "Bus__Password", "Rules__Directory" }));
            Assert.That(example.Single(e => e.Key == "Bus__Transport").Value, Is.EqualTo("RabbitMq"));
            Assert.That(example.Where(e => e.Key is "Bus__Password" or "PLATFORMWATCH_AUDIT_KEY" || e.Key == "Store__Connection")
                .Where(e => !e.Value.Contains("change-me", StringComparison.OrdinalIgnoreCase)).Select(e => e.Key), Is.Empty, "real secrets in an example file");
        });
    }
}
