namespace PlatformWatch.DeployTests;

/// <summary>deploy/compose/compose.yaml: RabbitMQ, SQL Server or PostgreSQL, the migration, the API and the workers, and Prometheus.</summary>
[TestFixture]
internal sealed class The_compose_file
{
    /// <summary>Upstream images with their pinned tags, and the ports their programs listen on.</summary>
    private static readonly Dictionary<string, int[]> UpstreamImages = new(StringComparer.Ordinal)
    {
        ["rabbitmq:3.13-management"] = [5672, 15672, 15692],
        ["mcr.microsoft.com/mssql/server:2022-latest"] = [1433],
        ["postgres:16"] = [5432],
        ["prom/prometheus:v3.0.1"] = [9090],
    };

    private static readonly string[] DependencyConditions = ["service_started", "service_healthy", "service_completed_successfully"];

    private static Dictionary<string, string> DefaultVariables() => Compose.Variables(Compose.EnvExample);

    private static Dictionary<string, string> PostgresVariables() => Compose.Variables(Compose.EnvExample, Compose.PostgresEnvExample);

    [Test]
    public void Builds_our_images_from_their_dockerfiles_and_pins_upstream_ones()
    {
        var services = Compose.Services();
        var variables = DefaultVariables();
        Assert.Multiple(() =>
        {
            foreach (var (name, service) in services)
            {
                var image = Compose.Interpolate(service.Text("image") ?? "", variables);
                Assert.That(image, Is.Not.Null.And.Not.Empty, $"service {name}: an image");
                var ours = OurImage.Of(image!);
                if (service.Child("build") is { } build)
                {
                    Assert.That(ours, Is.Not.Null, $"service {name} builds {image}, which is not one of ours");
                    var context = Path.Combine(Compose.Folder, build.Text("context") ?? ".");
                    var dockerfile = Repo.Relative(Repo.Path(Path.Combine(context, build.Text("dockerfile") ?? "Dockerfile")));
                    Assert.That(Repo.Relative(Repo.Path(context)), Is.EqualTo("."), $"service {name}: the build context is the repository root");
                    Assert.That(File.Exists(Repo.Path(dockerfile)), Is.True, $"service {name}: {dockerfile} does not exist");
                    Assert.That(dockerfile, Is.EqualTo(ours?.Dockerfile), $"service {name}: {image} is built by {ours?.Dockerfile}");
                    var tag = Reference.Parse(image!).Tag;
                    Assert.That(tag, Is.Not.Null.And.Not.Empty.And.Not.EqualTo("latest"), $"service {name}: our images are tagged with a version");
                }
                else
                {
                    Assert.That(ours, Is.Null, $"service {name} runs our image {image} without building it");
                    Assert.That(UpstreamImages.Keys, Does.Contain(image), $"service {name}: upstream images are pinned to the tags allowed here");
                }
            }

            Assert.That(variables.GetValueOrDefault("PLATFORMWATCH_TAG"), Is.Not.Null.And.Not.EqualTo("latest"));
        });
    }

    [Test]
    public void Every_depends_on_names_a_service_that_can_be_waited_for()
    {
        var services = Compose.Services();
        var dependencies = services.SelectMany(s => Dependencies(s.Value).Select(d => (Service: s.Key, d.Target, d.Condition, d.Required))).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(dependencies, Is.Not.Empty);
            foreach (var (service, target, condition, required) in dependencies)
            {
                Assert.That(services.Keys, Does.Contain(target), $"service {service} depends on {target}, which does not exist");
                Assert.That(DependencyConditions, Does.Contain(condition), $"service {service} → {target}");
                if (condition == "service_healthy" && services.TryGetValue(target, out var other))
                {
                    Assert.That(other.Child("healthcheck") is not null || OurImage.Of(Compose.Image(other)) is not null, Is.True,
                        $"service {service} waits for {target} to be healthy, but {target} has no healthcheck");
                }

                if (services.TryGetValue(target, out var dependency) && dependency.Items("profiles").Count > 0)
                {
                    var shared = services[service].Items("profiles").Count > 0 && services[service].Items("profiles").All(dependency.Items("profiles").Contains);
                    Assert.That(required == false || shared, Is.True, $"service {service} needs {target}, which only runs in profile {string.Join(",", dependency.Items("profiles"))}: mark it required: false");
                }
            }
        });
    }

    [Test]
    public void The_migration_runs_db_migrate_before_the_api_and_the_workers_start()
    {
        var services = Compose.Services();
        var migrate = services["migrate"];
        var command = string.Join(' ', Compose.Strings(migrate.GetValueOrDefault("entrypoint")).Concat(Compose.Strings(migrate.GetValueOrDefault("command"))));
        var environment = Compose.Environment(migrate, DefaultVariables());
        Assert.Multiple(() =>
        {
            Assert.That(OurImage.Of(Compose.Image(migrate))?.Ships(Project.Cli), Is.True, "the migration runs the command line, which the image ships");
            Assert.That(command, Does.Contain($"dotnet {Project.Cli.Dll} db migrate"));
            Assert.That(command, Does.Contain("--provider \"$$Store__Provider\"").And.Contain("--db \"$$Store__Connection\""), "db migrate takes --provider and --db, not Store__*");
            Assert.That(environment.Keys, Does.Contain("Store__Provider").And.Contain("Store__Connection").And.Contain("PLATFORMWATCH_AUDIT_KEY"));
            Assert.That(migrate.Text("restart"), Is.EqualTo("no"), "a one-shot service");
            foreach (var name in new[] { "api", "worker" })
            {
                Assert.That(Dependencies(services[name]).Where(d => d.Target == "migrate").Select(d => d.Condition), Is.EqualTo(new[] { "service_completed_successfully" }),
                    $"{name} starts once the migration has succeeded");
            }
        });
    }

    [Test]
    public void Every_port_is_one_its_program_listens_on()
    {
        var services = Compose.Services();
        var variables = DefaultVariables();
        Assert.Multiple(() =>
        {
            foreach (var (name, service) in services)
            {
                var targets = service.Items("ports").OfType<string>().Select(p => TargetPort(Compose.Interpolate(p, variables)!))
                    .Concat(service.Items("expose").OfType<string>().Select(p => int.Parse(p.Split('/')[0], System.Globalization.CultureInfo.InvariantCulture)))
                    .ToList();
                var allowed = ListeningPorts(name, service, variables);
                Assert.That(allowed, Is.Not.Empty, $"service {name}: its program's ports are not known here");
                Assert.That(targets.Where(t => !allowed.Contains(t)), Is.Empty, $"service {name} publishes or exposes ports its program does not listen on (it listens on {string.Join(", ", allowed)})");
            }

            Assert.That(services["api"].Items("ports").OfType<string>().Select(p => TargetPort(Compose.Interpolate(p, variables)!)), Is.EqualTo(new[] { 8080 }), "the API published on 8080");
            Assert.That(services["rabbitmq"].Items("ports").OfType<string>().Select(TargetPort), Does.Contain(15672), "RabbitMQ's management UI");
        });
    }

    [Test]
    public void Every_healthcheck_of_ours_probes_a_path_the_program_serves_on_its_port()
    {
        var services = Compose.Services();
        var variables = DefaultVariables();
        var ours = services.Where(s => OurImage.Of(Compose.Image(s.Value)) is not null && s.Key != "migrate").ToList();
        Assert.Multiple(() =>
        {
            Assert.That(ours.Select(s => s.Key), Is.EquivalentTo(new[] { "api", "worker" }));
            foreach (var (name, service) in ours)
            {
                var command = Compose.HealthcheckCommand(service);
                Assert.That(command, Is.Not.Null, $"service {name}: a healthcheck");
                var probe = HttpProbe.Find(command ?? "", Environment(service, variables));
                Assert.That(probe, Is.Not.Null, $"service {name}: the healthcheck requests no path: {command}");
                Assert.That(ServedPaths.All, Does.Contain(probe?.Path), $"service {name}: the healthcheck's path");
                Assert.That(probe?.Port, Is.EqualTo(ListeningPorts(name, service, variables).Single()), $"service {name}: the healthcheck's port");
                Assert.That(probe?.Path, Is.EqualTo("/health/ready"), $"service {name}: healthy means ready (the database answers)");
            }
        });
    }

    [TestCase(Compose.EnvExample)]
    [TestCase(Compose.PostgresEnvExample)]
    public void Every_environment_variable_names_a_real_setting_and_binds(string envFile)
    {
        var variables = envFile == Compose.EnvExample ? DefaultVariables() : PostgresVariables();
        var services = Compose.Services();
        Assert.Multiple(() =>
        {
            foreach (var (name, service) in services)
            {
                var environment = Compose.Environment(service, variables);
                Assert.That(environment.Keys.Select(Settings.Problem).OfType<string>(), Is.Empty, $"service {name}");
                Assert.That(environment.Where(e => e.Value is null).Select(e => e.Key), Is.Empty, $"service {name}: variables without a value in {envFile}");
                if (OurImage.Of(Compose.Image(service)) is not null)
                {
                    Assert.That(Settings.BindingProblems(environment), Is.Empty, $"service {name}");
                }
            }
        });
    }

    [Test]
    public void The_api_and_the_workers_run_on_RabbitMQ_and_the_workers_scale_with_WORKER_REPLICAS()
    {
        var services = Compose.Services();
        var variables = DefaultVariables();
        Assert.Multiple(() =>
        {
            foreach (var name in new[] { "api", "worker" })
            {
                var environment = Compose.Environment(services[name], variables);
                Assert.That(environment.GetValueOrDefault("Bus__Transport"), Is.EqualTo("RabbitMq"), name);
                Assert.That(environment.GetValueOrDefault("Bus__Host"), Is.EqualTo("rabbitmq"), name);
                Assert.That(environment.GetValueOrDefault("Bus__VirtualHost"), Is.EqualTo(Compose.Environment(services["rabbitmq"], variables).GetValueOrDefault("RABBITMQ_DEFAULT_VHOST")), name);
                Assert.That(environment.GetValueOrDefault("Bus__Username"), Is.EqualTo(Compose.Environment(services["rabbitmq"], variables).GetValueOrDefault("RABBITMQ_DEFAULT_USER")), name);
                Assert.That(services[name].Text("image"), Is.Not.Null);
            }

            Assert.That(services["worker"].At("deploy").Text("replicas"), Is.EqualTo("${WORKER_REPLICAS:-2}"));
            Assert.That(services["worker"].Items("ports"), Is.Empty, "replicas cannot share a published port");
            Assert.That(services["worker"].ContainsKey("container_name"), Is.False, "replicas cannot share a container name");
            Assert.That(OurImage.Of(Compose.Image(services["api"]))?.Role, Is.EqualTo(Role.Api));
        });
    }

    [Test]
    public void SQL_Server_is_the_default_database_and_PostgreSQL_a_profile_with_an_env_override()
    {
        var services = Compose.Services();
        var defaults = DefaultVariables();
        var postgres = PostgresVariables();
        Assert.Multiple(() =>
        {
            Assert.That(services["postgres"].Items("profiles"), Is.EqualTo(new[] { "postgres" }));
            Assert.That(services["sqlserver"].Items("profiles"), Is.EqualTo(new[] { "sqlserver" }));
            Assert.That(defaults["COMPOSE_PROFILES"].Split(','), Does.Contain("sqlserver").And.Not.Contain("postgres"));
            Assert.That(defaults["STORE_PROVIDER"], Is.EqualTo("sqlserver"));
            Assert.That(defaults["STORE_CONNECTION"], Does.StartWith("Server=sqlserver,1433;"));
            Assert.That(postgres["COMPOSE_PROFILES"].Split(','), Does.Contain("postgres").And.Not.Contain("sqlserver"));
            Assert.That(postgres["STORE_PROVIDER"], Is.EqualTo("postgres"));
            Assert.That(postgres["STORE_CONNECTION"], Does.StartWith("Host=postgres;"));
            Assert.That(Compose.Environment(services["postgres"], postgres).GetValueOrDefault("POSTGRES_DB"), Is.EqualTo("platformwatch"));
            Assert.That(postgres["STORE_CONNECTION"], Does.Contain("Password=" + postgres["POSTGRES_PASSWORD"]), "the connection uses the password PostgreSQL is given");
            Assert.That(defaults["STORE_CONNECTION"], Does.Contain("Password=" + defaults["MSSQL_SA_PASSWORD"]), "the connection uses the password SQL Server is given");
            Assert.That(Repo.Read("README.md"), Does.Contain("--env-file .env --env-file .env.postgres"), "the PostgreSQL variant is documented");
        });
    }

    [Test]
    public void Every_variable_it_needs_is_in_the_env_example_and_every_secret_there_a_placeholder()
    {
        var text = Repo.Read(Compose.File);
        var needed = Compose.Strings(Compose.Root()).SelectMany(Compose.References).Where(r => !r.HasDefault).Select(r => r.Name).Distinct().ToList();
        var variables = DefaultVariables();
        var secrets = variables.Where(v => v.Key.Contains("PASSWORD", StringComparison.Ordinal) || v.Key.Contains("KEY", StringComparison.Ordinal)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(needed, Is.Not.Empty);
            Assert.That(needed.Where(n => !variables.ContainsKey(n)), Is.Empty, $"variables {Compose.File} needs that {Compose.EnvExample} does not set");
            Assert.That(secrets, Has.Count.GreaterThanOrEqualTo(4));
            Assert.That(secrets.Where(s => !s.Value.Contains("change-me", StringComparison.OrdinalIgnoreCase)).Select(s => s.Key), Is.Empty, "real secrets in an example file");
            Assert.That(Compose.Variables(Compose.PostgresEnvExample).Where(v => v.Value.Contains("Password=", StringComparison.Ordinal) && !v.Value.Contains("change-me", StringComparison.OrdinalIgnoreCase)), Is.Empty);
            Assert.That(Repo.Read(Compose.Folder + "/.gitignore").Split('\n'), Does.Contain(".env").And.Contain(".env.postgres"), "the real env files are never committed");
            Assert.That(text, Does.Not.Contain("env_file"), "settings come from .env through ${VARIABLES}, so the example lists them all");
        });
    }

    [Test]
    public void The_rule_profiles_are_mounted_where_Rules__Directory_points()
    {
        var services = Compose.Services();
        var variables = DefaultVariables();
        var withRules = services.Where(s => Compose.Environment(s.Value, variables).ContainsKey("Rules__Directory")).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(withRules.Select(s => s.Key), Is.EquivalentTo(new[] { "api", "worker" }));
            foreach (var (name, service) in withRules)
            {
                var directory = Compose.Environment(service, variables)["Rules__Directory"];
                var mount = service.Items("volumes").OfType<string>().Select(v => v.Split(':')).FirstOrDefault(v => v.Length >= 2 && v[1] == directory);
                Assert.That(mount, Is.Not.Null, $"service {name}: nothing is mounted at Rules__Directory {directory}");
                var source = Repo.Relative(Repo.Path(Path.Combine(Compose.Folder, mount![0])));
                Assert.That(source, Is.EqualTo("deploy/rules"), $"service {name}: the mounted folder");
                Assert.That(Repo.Files(source, ".yaml"), Is.Not.Empty);
                Assert.That(mount.Length == 3 && mount[2] == "ro", Is.True, $"service {name}: mounted read-only");
            }
        });
    }

    [Test]
    public void Every_bind_mount_names_a_file_or_folder_of_the_repository()
    {
        var mounts = Compose.Services().SelectMany(s => s.Value.Items("volumes").OfType<string>().Select(v => (Service: s.Key, Source: v.Split(':')[0])))
            .Where(m => m.Source.StartsWith('.') || m.Source.StartsWith('/'))
            .ToList();
        Assert.Multiple(() =>
        {
            Assert.That(mounts, Has.Count.GreaterThanOrEqualTo(3));
            foreach (var (service, source) in mounts)
            {
                var path = Repo.Path(Path.Combine(Compose.Folder, source));
                Assert.That(File.Exists(path) || Directory.Exists(path), Is.True, $"service {service}: {source} does not exist beside {Compose.File}");
            }
        });
    }

    [Test]
    public void Prometheus_scrapes_the_api_and_every_worker_on_their_metrics_ports()
    {
        var services = Compose.Services();
        var variables = DefaultVariables();
        var config = Yaml.LoadMap(Compose.Folder + "/prometheus.yml");
        var jobs = config.Items("scrape_configs").OfType<Dictionary<string, object?>>().ToDictionary(j => j.Text("job_name") ?? "", StringComparer.Ordinal);
        var api = jobs.GetValueOrDefault("platformwatch-api");
        var worker = jobs.GetValueOrDefault("platformwatch-worker");
        Assert.Multiple(() =>
        {
            Assert.That(api?.Text("metrics_path"), Is.EqualTo("/metrics"));
            Assert.That(worker?.Text("metrics_path"), Is.EqualTo("/metrics"));
            Assert.That(ServedPaths.All, Does.Contain("/metrics"));
            Assert.That(Compose.Strings(api?.GetValueOrDefault("static_configs")), Is.EqualTo(new[] { $"api:{ListeningPorts("api", services["api"], variables).Single()}" }));
            var dns = worker.Items("dns_sd_configs").OfType<Dictionary<string, object?>>().SingleOrDefault();
            Assert.That(dns.Items("names"), Is.EqualTo(new[] { "worker" }), "every replica of the worker service");
            Assert.That(dns.Text("port"), Is.EqualTo(ListeningPorts("worker", services["worker"], variables).Single().ToString(System.Globalization.CultureInfo.InvariantCulture)));
            Assert.That(services["prometheus"].Items("volumes").OfType<string>(), Does.Contain("./prometheus.yml:/etc/prometheus/prometheus.yml:ro"));
            Assert.That(DefaultVariables()["COMPOSE_PROFILES"].Split(','), Does.Contain("metrics"), "metrics are on by default");
        });
    }

    // The environment of a service with the image's own ENV beneath it.
    private static Dictionary<string, string> Environment(Dictionary<string, object?> service, IReadOnlyDictionary<string, string> variables)
    {
        var environment = OurImage.Of(Compose.Image(service)) is { } image
            ? The_dockerfiles.Environment(Dockerfile.Load(image.Dockerfile))
            : new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in Compose.Environment(service, variables))
        {
            environment[key] = value ?? "";
        }

        return environment;
    }

    // The ports a service's program listens on: ours worked out from the image and the environment, upstream ones from the table.
    private static List<int> ListeningPorts(string name, Dictionary<string, object?> service, IReadOnlyDictionary<string, string> variables)
    {
        var image = Compose.Interpolate(service.Text("image") ?? "", variables) ?? "";
        if (OurImage.Of(image) is { } ours)
        {
            var arguments = Compose.Strings(service.GetValueOrDefault("command")).ToList();
            return [Listening.ReachablePort(ours.Role, arguments, Environment(service, variables), $"service {name}")];
        }

        return [.. UpstreamImages.GetValueOrDefault(image) ?? []];
    }

    // "127.0.0.1:15672:15672", "8080:8080", "8080", "9090/tcp": the container's port.
    private static int TargetPort(string mapping) =>
        int.Parse(mapping.Split('/')[0].Split(':')[^1], System.Globalization.CultureInfo.InvariantCulture);

    private static IEnumerable<(string Target, string Condition, bool Required)> Dependencies(Dictionary<string, object?> service) =>
        service.GetValueOrDefault("depends_on") switch
        {
            List<object?> list => list.OfType<string>().Select(t => (t, "service_started", true)),
            Dictionary<string, object?> map => map.Select(d => (d.Key, Yaml.MapOrNull(d.Value).Text("condition") ?? "service_started", Yaml.MapOrNull(d.Value).Text("required") != "false")),
            _ => [],
        };
}
